// A TypeScript document for benchmarks: real code (Warden's own), two planted findings, whole files only,
// because a file cut mid-statement would not parse and the AST rules would never run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Whole files, in an order that reaches 20 KB with little over (taint.ts, engine.ts, lines.ts: about 22 KB).
const SOURCES = ['server/src/engine/taint.ts', 'server/src/engine/engine.ts', 'server/src/engine/lines.ts', 'server/src/server.ts', 'server/src/cli/cli.ts'];

/** At least `size` characters of parseable TypeScript. */
export function typescriptFile(root, size) {
  const sources = SOURCES.map((p) => readFileSync(join(root, p), 'utf8'));
  let text = "const apiKey = 'AKIAZ7QXS4D2L5RVN3KB';\nconst h = crypto.createHash('md5');\n";
  for (let i = 0; text.length < size; i++) text += sources[i % sources.length];
  return text;
}
