/**
 * Tests, fixtures, examples and documentation: code that does not run in production. Findings there
 * are mostly test data and sample values, so the engine keeps structured credentials (a real token
 * format is a leak wherever it sits) and lowers or hides the rest, as the team ruleset says
 * (`testsAndDocs`). Recognised by the path, and JS/TS/Python test code also by what it imports.
 */
export type NonProductionKind = 'test' | 'fixture' | 'example' | 'docs';

const SEGMENT: [RegExp, NonProductionKind][] = [
  [/^(?:tests?|__tests__|specs?|e2e|integration-tests?|unit-tests?|testing)$/i, 'test'],
  [/^(?:fixtures?|__fixtures__|testdata|test-data|__mocks__|mocks?|stubs?|__snapshots__)$/i, 'fixture'],
  [/^(?:examples?|samples?|demos?|playground|sandbox|snippets?)$/i, 'example'],
  [/^(?:docs?|documentation|website|site-docs|man)$/i, 'docs'],
];
const TEST_FILE = /(?:\.(?:test|spec|e2e|cy|stories)\.[cm]?[jt]sx?$|_test\.(?:go|py|rb|js|ts)$|^test_[^/]*\.py$|_spec\.rb$|Tests?\.(?:java|kt|cs|php)$|\.(?:test|spec)\.(?:py|rb|php)$)/i;
const DOCS_FILE = /\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt)$/i;
const DOCS_NAME = /^(?:readme|changelog|changes|history|contributing|security|upgrading|migration)(?:\.|$)/i;

/** Test frameworks by import: `from 'vitest'`, `require('chai')`, `import pytest`, `from unittest import …`. */
const TEST_IMPORT_JS = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"](?:mocha|chai|jest|vitest|@jest\/globals|node:test|ava|tap|sinon|supertest|@testing-library\/[\w-]+|@playwright\/test|cypress|jasmine|uvu|qunit)['"]/;
const TEST_IMPORT_PY = /^(?:import[ \t]+(?:pytest|unittest)\b|from[ \t]+(?:pytest|unittest)(?:\.[\w.]+)?[ \t]+import\b)/m;

export function nonProductionKind(path: string, text: string, language: string, extra?: (path: string) => boolean): NonProductionKind | undefined {
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1] ?? '';
  for (const segment of parts.slice(0, -1)) {
    for (const [re, kind] of SEGMENT) if (re.test(segment)) return kind;
  }
  if (TEST_FILE.test(file)) return 'test';
  if (DOCS_FILE.test(file) || DOCS_NAME.test(file)) return 'docs';
  if (extra?.(path)) return 'test';
  const head = text.slice(0, 20_000);
  if (/^(?:javascript|typescript|javascriptreact|typescriptreact)$/.test(language) && TEST_IMPORT_JS.test(head)) return 'test';
  if (language === 'python' && TEST_IMPORT_PY.test(head)) return 'test';
  return undefined;
}
