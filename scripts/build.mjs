#!/usr/bin/env node
// One bundler, one bundle per process: the extension client, the language server and the CLI.
import { resolve, sep } from 'node:path';
import { build } from 'esbuild';

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

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', plugins: [referenceParserApart] }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [referenceParserApart] }),
  build({ ...common, entryPoints: ['server/src/engine/typescriptEstree.ts'], outfile: 'dist/typescript-estree.js' }),
]);
