#!/usr/bin/env node
// Builds the ruleset-chain attack of issue 17 item 3 in a temporary folder and times `warden verify`
// and `warden scan` on it (wall time and peak memory of the child process).
// Usage: node scripts/attacks/ruleset-chain.mjs [--files 4] [--repeat 10] [--ignore 2000] [--timeout 120]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const files = arg('files', 4);
const repeat = arg('repeat', 10);
const ignore = arg('ignore', 2000);
const timeout = arg('timeout', 120);

/** The chain: file i extends file i+1 `repeat` times; the last holds `ignore` ignorePaths. */
export function chainFiles(n = files, r = repeat, k = ignore) {
  const out = {};
  for (let i = 0; i < n; i++) {
    const name = i === 0 ? 'ruleset.yaml' : `r${i}.yaml`;
    if (i < n - 1) out[name] = `extends:\n${Array.from({ length: r }, () => `  - ./r${i + 1}.yaml`).join('\n')}\n`;
    else out[name] = `ignorePaths:\n${Array.from({ length: k }, (_, j) => `  - "generated/dir${j}/**"`).join('\n')}\n`;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'warden-chain-'));
mkdirSync(join(dir, '.warden'));
let bytes = 0;
for (const [name, text] of Object.entries(chainFiles())) {
  writeFileSync(join(dir, '.warden', name), text);
  bytes += text.length;
}
writeFileSync(join(dir, 'a.js'), 'const password = "hunter2hunter2";\n');
const cli = resolve(import.meta.dirname, '..', '..', 'bin', 'warden.js');
console.log(`${files} files × ${repeat} extends, ${ignore} ignorePaths, ${(bytes / 1024).toFixed(1)} KB in all`);
for (const command of [['verify'], ['scan', '.']]) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...command], { cwd: dir, encoding: 'utf8', timeout: timeout * 1000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxKb = Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1] ?? NaN);
  const firstLine = (r.stderr ?? '').split('\n').find((l) => l.trim() && !/^\d+$/.test(l.trim())) ?? '';
  console.log(`warden ${command.join(' ')}: exit ${r.status ?? r.signal ?? 'timeout'}, ${seconds.toFixed(2)} s, peak ${(maxKb / 1024).toFixed(0)} MB; ${firstLine.slice(0, 200)}`);
}
rmSync(dir, { recursive: true, force: true });
