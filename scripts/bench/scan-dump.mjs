#!/usr/bin/env node
// Everything a scan decides about every file of a folder, as one stable JSON document: findings with
// their positions, messages, fixes and fingerprints, suppressed findings, suppressions, parse errors,
// rule errors, what did not run and what was skipped. Two runs (before and after a change to the
// engine or the scan, or with different --jobs) must give byte-identical output.
//   node scripts/bench/scan-dump.mjs FOLDER [--jobs N] > findings.json     (after `npx tsc -b`)
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { walk } = require(join(root, 'out/server/src/cli/walk.js'));
const { scanFiles } = require(join(root, 'out/server/src/cli/scan.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));
const { compileRuleset } = require(join(root, 'out/server/src/engine/ruleset.js'));


const args = process.argv.slice(2);
// The folder is the argument that is neither a flag nor --jobs's value (without --jobs, the first one).
const jobsAt = args.indexOf('--jobs');
const folder = resolve(args.find((a, i) => !a.startsWith('--') && (jobsAt < 0 || i !== jobsAt + 1)) ?? '.');
const jobs = args.includes('--jobs') ? Number(args[args.indexOf('--jobs') + 1]) : undefined;

const rulesetConfig = {}; // no team ruleset: the built-in recommended rules, as `warden scan` without one
const ruleset = compileRuleset(rulesetConfig, BUILTIN_CATALOG);
const walked = await walk(folder, ['.']);
const reports = await scanFiles(walked.files, { rulesetConfig, ruleset, maxFileSize: 2 * 1024 * 1024, jobs });
const at = (r, o) => { const p = r.lines.positionAt(o); return `${p.line + 1}:${p.character + 1}`; };
const finding = (r, f) => ({ ...f, start: at(r, f.start), end: at(r, f.end) });
const out = reports
  .map((r) => ({
    path: r.relativePath, language: r.language, skipped: r.skipped, parseError: r.parseError, notRun: r.notRun, ruleErrors: r.ruleErrors,
    findings: r.findings.map((f) => finding(r, f)),
    suppressed: r.suppressed.map((s) => ({ ...s, finding: finding(r, s.finding) })),
    suppressions: r.suppressions.length,
  }))
  .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
process.stdout.write(`${JSON.stringify({ files: out.length, walkSkipped: walked.skipped, reports: out }, null, 1)}\n`);
