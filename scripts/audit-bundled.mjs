#!/usr/bin/env node
// npm audit of exactly the packages that ship inside the bundles, at their locked versions.
//
// Everything Warden ships is bundled from dev dependencies, so `npm audit --omit=dev` sees nothing.
// This script reads what esbuild really bundled (out/bundle-meta/*.json, written by `npm run build`),
// copies those packages' entries from package-lock.json into a temporary project that holds nothing
// else, and runs `npm audit --json` there (npm sends the lockfile's names and versions to the
// registry's advisory endpoint; no code is installed or run).
//
// Exit codes: 0 no advisory at or above --level (default: low), or the registry could not be
// reached (a warning: CI without network stays green); 1 advisories found; 2 setup error (no build).
// The result is printed and written to out/audit-bundled.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const levels = ['low', 'moderate', 'high', 'critical'];
const levelArg = process.argv.find((a) => a.startsWith('--level='))?.slice('--level='.length) ?? 'low';
if (!levels.includes(levelArg)) fail(`--level must be one of ${levels.join(', ')}`);

/** `node_modules/…/pkg` folders (instance paths, as the lockfile names them) each bundle took code from. */
export function bundledInstances(metaDir) {
  const byBundle = new Map();
  for (const file of readdirSync(metaDir).filter((f) => f.endsWith('.json'))) {
    const meta = JSON.parse(readFileSync(join(metaDir, file), 'utf8'));
    const found = new Set();
    for (const input of Object.keys(meta.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const rest = input.slice(at + 'node_modules/'.length).split('/');
      const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
      found.add(`${input.slice(0, at)}node_modules/${name}`);
    }
    byBundle.set(file.replace(/\.json$/, ''), found);
  }
  return byBundle;
}

function fail(message) {
  console.error(`audit:bundled: ${message}`);
  process.exit(2);
}

const metaDir = join(root, 'out', 'bundle-meta');
if (!existsSync(metaDir)) fail('out/bundle-meta/ is missing; run "npm run build" first.');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const instances = [...new Set([...bundledInstances(metaDir).values()].flatMap((s) => [...s]))].sort();
const packages = { '': { name: 'warden-bundled-audit', version: '0.0.0', dependencies: {} } };
for (const path of instances) {
  const entry = lock.packages[path];
  if (!entry) fail(`${path} is bundled but not in package-lock.json`);
  const { dev, devOptional, optional, peer, ...kept } = entry;
  packages[path] = kept;
  if (!path.slice('node_modules/'.length).includes('node_modules/')) packages[''].dependencies[path.slice('node_modules/'.length)] = entry.version;
}
const work = mkdtempSync(join(tmpdir(), 'warden-audit-'));
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'warden-bundled-audit', version: '0.0.0', private: true, dependencies: packages[''].dependencies }, null, 2));
writeFileSync(join(work, 'package-lock.json'), JSON.stringify({ name: 'warden-bundled-audit', version: '0.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--json', '--package-lock-only', `--audit-level=${levelArg}`], { cwd: work, encoding: 'utf8', timeout: 120_000 });
if (process.env.WARDEN_AUDIT_DEBUG) console.error(run.status, run.stdout.slice(0, 2000), run.stderr.slice(0, 2000));
rmSync(work, { recursive: true, force: true });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
const summary = { audited: instances.map((p) => `${p.slice(p.lastIndexOf('node_modules/') + 13)}@${lock.packages[p].version}`), level: levelArg, date: new Date().toISOString() };
mkdirSync(join(root, 'out'), { recursive: true });

if (!report || report.error) {
  const warned = (run.stderr || '').split('\n').find((l) => l.startsWith('npm warn audit'))?.replace('npm warn audit ', '');
  const why = report?.error?.summary || warned || (report?.statusCode ? `HTTP ${report.statusCode} from the advisory endpoint` : '')
    || report?.error?.code || (run.error ? String(run.error.message) : (run.stderr || '').trim().split('\n').pop());
  writeFileSync(join(root, 'out', 'audit-bundled.json'), JSON.stringify({ ...summary, reached: false, why }, null, 2));
  console.warn(`audit:bundled: WARNING: could not get advisories from the registry (${why}); ${instances.length} bundled packages NOT audited.`);
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const found = Object.values(report.vulnerabilities ?? {}).filter((v) => levels.indexOf(v.severity) >= levels.indexOf(levelArg));
writeFileSync(join(root, 'out', 'audit-bundled.json'), JSON.stringify({ ...summary, reached: true, counts, vulnerabilities: report.vulnerabilities ?? {} }, null, 2));
console.log(`audit:bundled: ${instances.length} bundled packages audited at their locked versions: ${levels.map((l) => `${counts[l] ?? 0} ${l}`).join(', ')}.`);
for (const v of found) {
  const via = (v.via ?? []).map((x) => (typeof x === 'string' ? x : `${x.title} (${x.url})`)).join('; ');
  console.log(`  ${v.severity.padEnd(8)} ${v.name} ${v.range}: ${via}`);
}
process.exit(found.length > 0 ? 1 : 0);
