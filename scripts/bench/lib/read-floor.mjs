#!/usr/bin/env node
// The floor of any scan that reads every file (secrets-floor.mjs): Warden's own walk of FOLDER (its
// .gitignore handling and default excludes, from out/) and every file it yields read as UTF-8, on one
// thread, no rule. Prints the in-process CPU ms of each part as JSON.
//   node scripts/bench/lib/read-floor.mjs FOLDER   (after npx tsc -b)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const atStart = cpu();
const { walk } = createRequire(join(root, 'package.json'))(join(root, 'out', 'server', 'src', 'cli', 'walk.js'));
const loaded = cpu();
const walked = await walk(resolve(process.argv[2] ?? '.'), ['.']);
const afterWalk = cpu();
let chars = 0;
for (const f of walked.files) chars += readFileSync(f.path, 'utf8').length;
const afterRead = cpu();
console.log(JSON.stringify({ files: walked.files.length, chars, load: Math.round(loaded - atStart), walk: Math.round(afterWalk - loaded), read: Math.round(afterRead - afterWalk) }));
