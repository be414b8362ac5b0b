#!/usr/bin/env node
// CPU time per keystroke in the editor's analysis, in process: the same typing as targets.mjs (a space
// typed at the start of a line, then deleted) into the same real file, each version analysed by the
// engine the server runs, once with the document's parse cache (as the server does) and once without
// (every version parsed whole), interleaved in one run. CPU time is the process's (process.cpuUsage),
// so it includes the parse thread and does not grow with the machine's load the way wall-clock does.
// Needs `npm run build` (it loads the compiled engine from out/). Results: bench-results/editor-cpu.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescriptFile } from './lib/typescript-file.mjs';
import { typingEdits } from './lib/typing-edits.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { analyze } = require('./out/server/src/engine/engine.js');
const { compileRuleset } = require('./out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('./out/server/src/rules/index.js');
const { parserInUse } = require('./out/server/src/engine/parser.js');

const EDITS = Number(process.env.BENCH_EDITS ?? 300);
const MIRROR = process.env.BENCH_APP_MIRROR ?? '/work/.mirror/outline+outline/repo';
const APP_COMMIT = 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68';
const APP_FILE = 'server/models/User.ts';

function typingText() {
  if (existsSync(MIRROR)) {
    try {
      return { source: `outline/outline@${APP_COMMIT.slice(0, 10)}:${APP_FILE}`, text: execFileSync('git', ['--git-dir', MIRROR, 'show', `${APP_COMMIT}:${APP_FILE}`], { encoding: 'utf8' }) };
    } catch {
      // fall through
    }
  }
  return { source: 'Warden sources (whole files, 28 KB)', text: typescriptFile(root, 28 * 1024) };
}

const { source, text } = typingText();
const versions = typingEdits(text, EDITS).map((e) => e.text);

const ruleset = compileRuleset({}, BUILTIN_CATALOG);
const path = APP_FILE;
const cache = {};
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
// Warm: the parser thread, the rules' lazy state, the JIT.
for (let i = 0; i < 20; i++) analyze({ text: versions[i % versions.length], path }, ruleset);
analyze({ text, path }, ruleset, { parseCache: cache });

const cached = [];
const whole = [];
const depths = {};
let same = true;
for (const version of versions) {
  let t = process.cpuUsage();
  const a = analyze({ text: version, path }, ruleset, { parseCache: cache });
  cached.push(cpuMs(t));
  depths[cache.last === 'partial' ? `partial, depth ${cache.depth}` : cache.last ?? 'none'] = (depths[cache.last === 'partial' ? `partial, depth ${cache.depth}` : cache.last ?? 'none'] ?? 0) + 1;
  t = process.cpuUsage();
  const b = analyze({ text: version, path }, ruleset);
  whole.push(cpuMs(t));
  if (JSON.stringify(a) !== JSON.stringify(b)) same = false;
}

const round = (x) => Math.round(x * 100) / 100;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return { median: round(at(50)), p95: round(at(95)), mean: round(s.reduce((x, y) => x + y, 0) / s.length) };
};
const result = {
  typingFile: source, chars: text.length, edits: EDITS, parser: parserInUse().description,
  cpuMsPerEdit: { withParseCache: stats(cached), wholeParse: stats(whole) },
  howParsed: depths,
  sameFindings: same,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'editor-cpu.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
if (!same) process.exitCode = 1;
