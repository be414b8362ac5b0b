// The reference parser and last fallback: typescript-estree with TypeScript inside (10 MB of
// JavaScript, about 0.35 s to load). The bundles ship it as its own file (dist/typescript-estree.js),
// loaded only when neither oxc binding loads, or when asked for by name (tests, `WARDEN_PARSER`).
export { parse, version } from '@typescript-eslint/typescript-estree';
