#!/usr/bin/env node
// The least any scan that runs every rule must pay on a folder, in CPU time of this process: walking
// it, reading every file Warden's walk yields, and one keyword pass over each (the text that decides
// which rules run at all). Set against a whole `warden scan`, it says how far a file-level skip could go.
//   node scripts/bench/scan-floor.mjs FOLDER        (after `npx tsc -b`)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const atStart = cpu();
const { walk } = require(join(root, 'out/server/src/cli/walk.js'));
const { BUILTIN_CATALOG } = require(join(root, 'out/server/src/rules/index.js'));
const { compileRuleset } = require(join(root, 'out/server/src/engine/ruleset.js'));
// Loading the modules (here from out/, one file each; the CLI loads one bundle) and compiling the
// ruleset are timed apart: the compile itself is a small part.
const modulesLoaded = cpu();
const ruleset = compileRuleset({}, BUILTIN_CATALOG);
const loaded = cpu();

const folder = resolve(process.argv[2] ?? '.');
const walked = await walk(folder, ['.']);
const afterWalk = cpu();
const texts = walked.files.map((f) => readFileSync(f.path, 'utf8'));
const afterRead = cpu();
let withKeyword = 0;
for (const text of texts) if (ruleset.keywords.present(text).size > 0) withKeyword++;
const afterKeywords = cpu();
const ms = (x) => Math.round(x);
console.log(JSON.stringify({
  files: texts.length,
  megabytes: Math.round(texts.reduce((n, t) => n + t.length, 0) / 1e4) / 100,
  filesWithAnyKeyword: withKeyword,
  cpuMs: {
    loadModules: ms(modulesLoaded - atStart), compileRuleset: ms(loaded - modulesLoaded), walk: ms(afterWalk - loaded), read: ms(afterRead - afterWalk),
    keywordPass: ms(afterKeywords - afterRead), total: ms(afterKeywords),
  },
}, null, 1));
