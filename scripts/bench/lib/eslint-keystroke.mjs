// vscode-eslint's cost per keystroke, run as a child of targets.mjs so that it can run under the same
// Node as the Warden server it is compared with: `ESLint.lintText` of each text in turn, warm (ten
// lints of the first text before timing). argv: the JSON file of { root, configDir, texts }; prints the
// milliseconds of each lint as a JSON array.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { root, configDir, texts } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { ESLint } = createRequire(join(root, 'package.json'))('eslint');
const eslint = new ESLint({ cwd: configDir, overrideConfigFile: join(configDir, 'eslint.config.cjs') });
const filePath = join(configDir, 'typing.ts');
for (let i = 0; i < 10; i++) await eslint.lintText(texts[0], { filePath });
const times = [];
for (const text of texts) {
  const t0 = performance.now();
  await eslint.lintText(text, { filePath });
  times.push(performance.now() - t0);
}
process.stdout.write(JSON.stringify(times));
