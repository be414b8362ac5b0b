// typescript-estree, with TypeScript inside it: 9 MB of JavaScript that takes about 0.4 s to load.
// The engine loads this module on its first parse, not at start, and the bundles ship it as its own
// file (dist/parser.js), so a process that never meets JavaScript or TypeScript never pays for it.
export { parse } from '@typescript-eslint/typescript-estree';
