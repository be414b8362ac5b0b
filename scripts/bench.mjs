#!/usr/bin/env node
// Runs every benchmark in scripts/bench/ in order, each in its own process so one's memory and
// JIT state never colours another's. Each writes its figures to bench-results/<name>.json.
import { readdirSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
mkdirSync(join(here, '..', 'bench-results'), { recursive: true });
const benches = readdirSync(join(here, 'bench')).filter((f) => f.endsWith('.mjs')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'bench', file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
