#!/usr/bin/env node
// One bundler, one bundle per process: the extension client, the language server and the CLI.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { stageCliPackage } from './cli-package.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // typescript-estree loads TypeScript lazily; bundling it keeps the .vsix self-contained.
  mainFields: ['module', 'main'],
};

/**
 * The reference parser (typescript-estree with TypeScript, 10 MB) is its own bundle,
 * dist/typescript-estree.js, which `server/src/engine/parser.ts` loads only when no oxc binding loads
 * (or when asked for by name): the server and the CLI never compile it otherwise.
 */
const referenceParserApart = {
  name: 'reference-parser-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/typescriptEstree$/ }, (args) =>
      args.importer.endsWith(`engine${sep}parser.ts`) ? { path: './typescript-estree.js', external: true } : undefined);
  },
};

/**
 * The ReDoS checker (scslre with refa and regexpp, about 1.1 MB: 40% of the server bundle's bytes) is its
 * own bundle too, dist/scslre.js, which `regex-dos` requires only for a pattern with a quantified group
 * (`backtracking` in server/src/rules/ast/regex-dos.ts answers every other pattern itself). Every start
 * of the server (and of its analysis worker) then reads and compiles 1.1 MB less.
 */
const redosCheckerApart = {
  name: 'redos-checker-apart',
  setup(b) {
    b.onResolve({ filter: /^scslre$/ }, () => ({ path: './scslre.js', external: true }));
    // regexpp's parser, for the bounded repetitions scslre does not read (server/src/engine/regexAmbiguity.ts):
    // the same module scslre bundles, exported beside it.
    b.onResolve({ filter: /^@eslint-community\/regexpp$/ }, (args) =>
      args.importer.endsWith(`engine${sep}regexAmbiguity.ts`) ? { path: './scslre.js', external: true } : undefined);
  },
};

/**
 * Packages the CLI requires only on first use, each its own file beside the CLI's bundles: re2js (custom
 * rules' patterns), yaml and ajv (reading and checking a team ruleset), tree-sitter's runtime (the tree and
 * template rules, for a file of their languages). Bundled, every thread of every scan read and compiled
 * their 0.9 MB; apart, only a thread that uses one loads it, once.
 */
const LAZY_PACKAGES = { 're2js': 're2js.js', 'yaml': 'yaml.js', 'ajv': 'ajv.js', '@vscode/tree-sitter-wasm': 'tree-sitter-wasm.js' };
const lazyPackagesApart = {
  name: 'lazy-packages-apart',
  setup(b) {
    b.onResolve({ filter: /^(re2js|yaml|ajv|@vscode\/tree-sitter-wasm)$/ }, (args) => ({ path: `./${LAZY_PACKAGES[args.path]}`, external: true }));
  },
};

/**
 * oxc's raw-transfer deserialiser (`rawTransfer.ts`, Node 22 and later; 169 KB, a sixth of the light CLI
 * bundle) is its own file too, dist/oxc-deserialize.js, required at a thread's first parse: the CLI's main
 * thread hands every file to parse to its workers (a light scan's too, `analyzeUnlessParsed`), so it never
 * needs it and no longer compiles it at start (5-10 ms of its CPU before the walk, Node 24). A worker
 * compiles the same bytes from the other file before its first parse.
 */
const OXC_DESERIALIZER = 'oxc-parser/src-js/generated/deserialize/ts.js';
const oxcDeserializerApart = {
  name: 'oxc-deserializer-apart',
  setup(b) {
    b.onResolve({ filter: /^oxc-parser\/src-js\/generated\/deserialize\/ts\.js$/ }, () => ({ path: './oxc-deserialize.js', external: true }));
  },
};

/**
 * `node:fs/promises` in the CLI's bundles, loaded when one of its functions is first called, not when the bundle
 * loads: loading it (with the readline and file-watcher modules it requires) took 2–5 ms of the main thread at every
 * start, and a scan without a team ruleset calls none of it (its reads are synchronous; the walk's first `stat` and
 * the report's write go through `node:fs`'s callbacks). The names are those the CLI imports: a new one fails the
 * build ("No matching export") until it is listed here.
 */
const FS_PROMISES = ['chmod', 'lstat', 'mkdir', 'open', 'readdir', 'readFile', 'realpath', 'rename', 'stat', 'writeFile'];
const lazyFsPromises = {
  name: 'lazy-fs-promises',
  setup(b) {
    b.onResolve({ filter: /^(node:)?fs\/promises$/ }, () => ({ path: 'fs/promises', namespace: 'lazy-fs-promises' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-fs-promises' }, () => ({
      contents: FS_PROMISES.map((name) => `export function ${name}(...args) { return require('node:fs').promises.${name}(...args); }`).join('\n'),
      loader: 'js',
    }));
  },
};

/** What every bundle of the CLI and its scan workers leaves to files of their own (loaded when first needed). */
const CLI_APART = [referenceParserApart, redosCheckerApart, lazyPackagesApart, oxcDeserializerApart];

/**
 * The CLI's entry (dist/cli.js, main.ts) requires the rest of the CLI, dist/warden-cli.js (cli.ts), and that
 * bundle takes scanThreads.ts from the entry, which holds it and exports it: the early scan workers
 * (`startScanWorkersEarly`, `takeEarlyScanWorkers`) are then one module's state in both.
 */
const cliApart = {
  name: 'cli-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/(cli|scan|scanThreads)$/ }, (args) => {
      if (!args.importer.includes(`${sep}server${sep}src${sep}cli${sep}`)) return undefined;
      if (args.path === './cli' && args.importer.endsWith(`${sep}main.ts`)) return { path: './warden-cli.js', external: true };
      // The entry's worker side, which only the unbundled CLI runs: bundled, the workers run scan-worker*.js.
      if (args.path === './scan' && args.importer.endsWith(`${sep}main.ts`)) return { path: './scan-worker.js', external: true };
      if (args.path === './scanThreads' && !args.importer.endsWith(`${sep}main.ts`)) return { path: './cli.js', external: true };
      return undefined;
    });
  },
};

/**
 * The scan workers of a light scan (`lightScan` in server/src/cli/scanThreads.ts: `--category credentials`)
 * run dist/scan-worker-light.js, the scan worker without what only other rules use:
 * - every AST, tree and template rule that the rule lists import (rules/index.ts, patterns.ts, tree/ and
 *   template/index.ts) is its metadata alone (`sourceFacts`): the worker's ruleset still
 *   knows every rule (a `warden-ignore` naming another category's rule is left alone, not "unknown"),
 *   but can run only the credential rules, which rules/credentials.ts imports whole;
 * - the tree-sitter runtime, data flow and templates are stand-ins that throw if called.
 * A worker whose ruleset would run a rule it holds only the metadata of fails the scan before its first
 * file (`metadataOnlyRules` in scan.ts), so a scan never silently runs fewer rules. Each worker then reads,
 * compiles and initialises about a third of the full worker's bytes.
 */
const RULE_LISTS = /[\\/]server[\\/]src[\\/]rules[\\/](index|patterns|tree[\\/]index|template[\\/]index)\.ts$/;
const ABSENT = {
  'dataflow/run': ['runTreeRules'],
  'treesitter/runtime': ['hasGrammar', 'loadGrammar'],
  'templates/run': ['runTemplateRules'],
  'templates/renderIndex': ['collectRenderFacts', 'factsFor', 'mayRenderTemplates', 'mergeRenderFacts'],
};
const lightWorker = {
  name: 'light-worker',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      const rule = /[\\/]server[\\/]src[\\/]rules[\\/](ast|tree|template)[\\/]([a-z0-9-]+)$/.exec(target);
      if (rule && RULE_LISTS.test(args.importer) && !/index$/.test(rule[2])) return { path: `${rule[1]}/${rule[2]}`, namespace: 'rule-metadata' };
      const absent = Object.keys(ABSENT).find((m) => target.endsWith(`${sep}server${sep}src${sep}${m.replace('/', sep)}`));
      if (absent) return { path: absent, namespace: 'absent' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'rule-metadata' }, async (args) => {
      const meta = (await sourceFacts()).metas[args.path];
      if (!meta) throw new Error(`${args.path}: no rule module's metadata`);
      const json = JSON.stringify(meta);
      if (!isDeepStrictEqual(JSON.parse(json), meta)) throw new Error(`${args.path}: its metadata is not plain data`);
      return { contents: `export default { kind: ${JSON.stringify(args.path.split('/')[0])}, meta: ${json}, metadataOnly: true };`, loader: 'js' };
    });
    b.onLoad({ filter: /.*/, namespace: 'absent' }, async (args) => {
      const absent = ABSENT[args.path].map((name) => `export function ${name}() { throw new Error('${args.path}.${name}: not in the light scan worker'); }`);
      return { contents: absent.join('\n'), loader: 'js' };
    });
  },
};

/**
 * Each rule module's metadata (by `kind/name`, its folder and file), read
 * from the sources themselves: bundled in memory once and run in this process.
 */
let sourceFactsOnce;
function sourceFacts() {
  sourceFactsOnce ??= (async () => {
    const rules = ['ast', 'tree', 'template'].flatMap((kind) => readdirSync(resolve('server/src/rules', kind))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => `${kind}/${f.slice(0, -3)}`));
    const contents = [
      'exports.metas = {};',
      ...rules.map((r) => `exports.metas[${JSON.stringify(r)}] = require('./server/src/rules/${r}').default.meta;`),
    ].join('\n');
    const { outputFiles } = await build({ ...common, sourcemap: false, minify: false, write: false, outfile: 'source-facts.js', stdin: { contents, resolveDir: '.', sourcefile: 'source-facts-entry.js' }, plugins: CLI_APART });
    const module = { exports: {} };
    new Function('module', 'exports', 'require', '__filename', '__dirname', outputFiles[0].text)(module, module.exports, createRequire(resolve('dist', 'source-facts.js')), resolve('dist', 'source-facts.js'), resolve('dist'));
    return module.exports;
  })();
  return sourceFactsOnce;
}

/**
 * Text rules carry match / noMatch examples, and a credential rule's examples look like real keys.
 * Only the tests need them (they read the JSON files directly), so the bundles get each rule with
 * empty examples: no realistic secret is stored whole in what ships, and vsce's own secret check
 * runs on the package (test/unit/supply-chain.test.ts checks both).
 */
const withoutRuleExamples = {
  name: 'without-rule-examples',
  setup(b) {
    b.onLoad({ filter: /[\\/]server[\\/]src[\\/]rules[\\/]text[\\/][^\\/]+\.json$/ }, async (args) => {
      const rules = JSON.parse(await readFile(args.path, 'utf8'));
      const stripped = rules.map((rule) => ({ ...rule, examples: { match: [], noMatch: [] } }));
      return { contents: JSON.stringify(stripped), loader: 'json' };
    });
  },
};

/**
 * Each bundle's esbuild metafile goes to out/bundle-meta/ (not shipped): the supply-chain test
 * compares the packages really bundled with ARCHITECTURE.md's list and the lockfile, and
 * `npm run audit:bundled` audits exactly those packages.
 */
const bundles = [
  { name: 'client', entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // VS Code starts dist/server.js, a small loader that runs the server bundle from a V8 code cache
  // (server/src/boot.ts). The server bundle is minified (source map beside it): with the cache, start to
  // first diagnostics took about 100 ms less main-thread CPU than the plain bundle. Names are not kept:
  // esbuild's `keepNames` wraps every function and class, closures made on each keystroke included, in
  // a helper that defines its `name` (9–12 KB allocated per keystroke); nothing reads a function's name,
  // and a stack trace's names come back through the source map (`node --enable-source-maps`).
  { name: 'server', entryPoints: ['server/src/main.ts'], outfile: 'dist/warden-server.js', plugins: [referenceParserApart, redosCheckerApart], minify: true },
  { name: 'server-entry', entryPoints: ['server/src/serverEntry.ts'], outfile: 'dist/server.js' },
  // The CLI's scan workers run their own bundle, dist/scan-worker.js: scan.ts (its worker side runs in a
  // worker thread) with the engine and the rules, without the CLI's commands, reports and ruleset loading.
  // Each worker of a scan reads, compiles and initialises it before its first file (scanWorkerScript in
  // server/src/cli/scanThreads.ts).
  // The CLI is two bundles: dist/cli.js, its entry (main.ts and scanThreads.ts, a few KB), starts a scan's
  // worker threads and only then requires dist/warden-cli.js, the rest (cliApart). The workers used to
  // start only once the main thread had read and compiled the whole 1.7 MB.
  { name: 'cli-entry', entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [cliApart], define: { WARDEN_SCAN_WORKER_BUNDLE: '"scan-worker.js"', WARDEN_LIGHT_SCAN_WORKER_BUNDLE: '"scan-worker-light.js"', WARDEN_LIGHT_CLI_BUNDLE: '"warden-cli-light.js"', WARDEN_CLI_BUNDLE: '"warden-cli.js"' } },
  { name: 'cli', entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/warden-cli.js', plugins: [cliApart, lazyFsPromises, ...CLI_APART] },
  // The same for a light scan (`scan --category credentials`), which the entry requires instead: the rules
  // as the light scan worker holds them (lightWorker).
  { name: 'cli-light', entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/warden-cli-light.js', plugins: [cliApart, lightWorker, lazyFsPromises, ...CLI_APART] },
  { name: 'scan-worker', entryPoints: ['server/src/cli/scan.ts'], outfile: 'dist/scan-worker.js', plugins: CLI_APART },
  { name: 'scan-worker-light', entryPoints: ['server/src/cli/scan.ts'], outfile: 'dist/scan-worker-light.js', plugins: [lightWorker, ...CLI_APART] },
  ...Object.entries(LAZY_PACKAGES).map(([pkg, file]) => ({ name: file.replace(/\.js$/, ''), stdin: { contents: `module.exports = require('${pkg}');`, resolveDir: '.', sourcefile: `${file}-entry.js` }, outfile: `dist/${file}` })),
  { name: 'oxc-deserialize', stdin: { contents: `module.exports = require('${OXC_DESERIALIZER}');`, resolveDir: '.', sourcefile: 'oxc-deserialize-entry.js' }, outfile: 'dist/oxc-deserialize.js' },
  { name: 'parser', entryPoints: ['server/src/engine/typescriptEstree.ts'], outfile: 'dist/typescript-estree.js' },
  // Minified: it is compiled from source (no code cache) the first time a pattern needs it.
  { name: 'scslre', stdin: { contents: "module.exports = { ...require('scslre'), RegExpParser: require('@eslint-community/regexpp').RegExpParser };", resolveDir: '.', sourcefile: 'scslre-entry.js' }, outfile: 'dist/scslre.js', minify: true },
];
await mkdir('out/bundle-meta', { recursive: true });
await Promise.all(bundles.map(async ({ name, plugins = [], ...options }) => {
  const result = await build({ ...common, ...options, plugins: [...plugins, withoutRuleExamples], metafile: true });
  await writeFile(`out/bundle-meta/${name}.json`, JSON.stringify(result.metafile));
}));

/**
 * The server bundle is read at every start of the language server. One character outside ASCII makes
 * V8 hold all 2.5 MB as a two-byte string, decoded from UTF-8 the slow way (a `…` in one regex literal
 * cost about 10 ms of every start). esbuild escapes strings but not regex literals or comments, so
 * write `\u2026` in a regex literal.
 */
for (const file of ['dist/warden-server.js', 'dist/server.js']) {
  const text = await readFile(file, 'utf8');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) throw new Error(`${file} is not ASCII at offset ${at} (${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}): escape the character in the source (\\uXXXX)`);
}

/**
 * The CLI's bundles are not minified, so they keep the sources' comments, and some of them hold `…` or `→`:
 * every thread of a scan (the main thread and each worker) then decoded its 2.7 MB from UTF-8 into a
 * two-byte string and compiled that. Outside comments esbuild has escaped every such character already,
 * so each one left is written as `\uXXXX`: the same text in a comment, the same character in a regex
 * literal. Lines keep their place, so the source map still holds. The bundle is then ASCII by
 * construction, so it needs no check of its own.
 */
for (const file of bundles.filter((b) => /^(cli|scan-worker)/.test(b.name)).map((b) => b.outfile)) {
  const text = await readFile(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) await writeFile(file, ascii);
}

/**
 * tree-sitter (server/src/treesitter/runtime.ts): its runtime and the grammars Warden uses are
 * WebAssembly files read at run time from beside the bundles. Only these six grammars ship, plus
 * embedded_template (EJS, ERB) from tree-sitter-embedded-template.
 */
const TREE_SITTER_WASM = [
  'tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-java.wasm', 'tree-sitter-php.wasm',
  'tree-sitter-go.wasm', 'tree-sitter-c-sharp.wasm', 'tree-sitter-ruby.wasm',
];
mkdirSync('dist', { recursive: true });
for (const file of TREE_SITTER_WASM) copyFileSync(resolve('node_modules/@vscode/tree-sitter-wasm/wasm', file), resolve('dist', file));
// EJS and ERB: tree-sitter's own embedded_template grammar (its npm package ships the prebuilt .wasm).
copyFileSync(resolve('node_modules/tree-sitter-embedded-template/tree-sitter-embedded_template.wasm'), resolve('dist', 'tree-sitter-embedded_template.wasm'));
// The publishable CLI package (packages/cli) gets the fresh bundles.
await stageCliPackage();
