import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const root = join(__dirname, '..', '..', '..');
const snippetsDir = join(root, 'snippets');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** What the snippet inserts when every placeholder keeps its default (first choice for a choice). */
export function expandSnippet(body: string[]): string {
  return body.join('\n')
    .replace(/\\\$/g, '\u0000')
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\u0000/g, '$')
    .replace(/\\\}/g, '}');
}

/** The file name a snippet file's code would live in, so the engine picks the right language. */
const PATHS: Record<string, string[]> = {
  'javascript.json': ['snippet.js', 'snippet.ts'],
  'typescript.json': ['snippet.ts'],
  'python.json': ['snippet.py'],
  'java.json': ['Snippet.java'],
  'go.json': ['snippet.go'],
  'dockerfile.json': ['Dockerfile'],
  'json.json': ['policy.json'],
};

const files = readdirSync(snippetsDir).filter((f) => f.endsWith('.json')).sort();
const load = (file: string) => JSON.parse(readFileSync(join(snippetsDir, file), 'utf8')) as Record<string, Snippet>;

describe('snippets', () => {
  // Every rule, low-confidence ones included: a secure-pattern snippet must not trip any of them.
  const strict = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

  it('offers at least 25 secure patterns across JavaScript, TypeScript, Python, Java and Go', () => {
    const total = files.reduce((n, f) => n + Object.keys(load(f)).length, 0);
    assert.ok(total >= 25, `only ${total} snippets`);
    for (const f of ['javascript.json', 'typescript.json', 'python.json', 'java.json', 'go.json']) assert.ok(files.includes(f), `${f} missing`);
  });

  it('contributes every snippet file, and only existing ones', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { path: string }[] } };
    const contributed = new Set(manifest.contributes.snippets.map((s) => s.path.replace(/^\.\/snippets\//, '')));
    assert.deepEqual([...contributed].sort(), files);
    assert.deepEqual(Object.keys(PATHS).sort(), files, 'every snippet file has a language path in this test');
  });

  for (const file of files) {
    for (const [name, snippet] of Object.entries(load(file))) {
      it(`${file} "${name}" (${snippet.prefix}) is well formed and produces no Warden finding`, () => {
        assert.match(snippet.prefix, /^warden-[a-z0-9-]+$/);
        assert.ok(snippet.description.length > 20, 'says what it is for');
        const text = expandSnippet(snippet.body);
        const unescaped = expandSnippet(snippet.body.map((l) => l.replace(/\\\$/g, '')));
        assert.doesNotMatch(unescaped, /\$\{|\$\d/, 'every placeholder expanded (a literal $ is written \\$)');
        for (const path of PATHS[file] ?? []) {
          const result = analyze({ text, path }, strict);
          assert.equal(result.skipped, undefined);
          assert.deepEqual(result.findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${path}:\n${text}`);
        }
      });
    }
  }

  it('expands placeholders the way VS Code inserts them', () => {
    assert.equal(expandSnippet(['a ${1:x} ${2|RS256,ES256|} $3 \\$1 $0']), 'a x RS256  $1 ');
  });
});
