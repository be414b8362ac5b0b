/**
 * Tests, fixtures, examples and documentation: code that does not run in production. Findings there
 * are mostly test data and sample values, so the engine keeps structured credentials (a real token
 * format is a leak wherever it sits) and lowers or hides the rest, as the team ruleset says
 * (`testsAndDocs`). Recognised by the path, and test code
 * also by the test framework it imports (JS/TS, Python, Java/Kotlin/Scala, Go, C#, PHP, Ruby).
 */
export type NonProductionKind = 'test' | 'fixture' | 'example' | 'docs';

const SEGMENT: [RegExp, NonProductionKind][] = [
  [/^(?:tests?|__tests__|specs?|e2e|integration-tests?|unit-tests?|testing)$/i, 'test'],
  [/^(?:fixtures?|__fixtures__|testdata|test-data|__mocks__|mocks?|stubs?|__snapshots__)$/i, 'fixture'],
  [/^(?:examples?|samples?|demos?|playground|sandbox|snippets?)$/i, 'example'],
  [/^(?:docs?|documentation|website|site-docs|man)$/i, 'docs'],
];
const TEST_FILE = /(?:\.(?:test|spec|e2e|cy|stories)\.[cm]?[jt]sx?$|_test\.(?:go|py|rb|js|ts)$|^test_[^/]*\.py$|_spec\.rb$|Tests?\.(?:java|kt|cs|php)$|\.(?:test|spec)\.(?:py|rb|php)$)/i;
/** `.env.test`, `.env.testing`: a test run's settings. */
const TEST_SETTINGS = /^\.env\.(?:test|testing)(?:\.local)?$/i;
/** `.env.example`, `config.sample.json`, `settings.example.yml`: a file to copy, with sample values. */
const EXAMPLE_FILE = /(?:^|\.)(?:example|sample)(?:\.|$)/i;
const DOCS_FILE = /\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt)$/i;
const DOCS_NAME = /^(?:readme|changelog|changes|history|contributing|security|upgrading|migration)(?:\.|$)/i;

/**
 * Test frameworks by import, per language: code that imports one is test code wherever it sits (a
 * helper in `src/testing.ts`, a Go package of test doubles). Only imports of the framework itself
 * count, never a comment or a string that names it: the patterns are anchored on import syntax.
 */
const TEST_IMPORT_JS = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"](?:mocha|chai|chai-[\w-]+|jest|vitest|@jest\/globals|@vitest\/[\w-]+|node:test|ava|tap|tape|sinon|supertest|nock|should|@testing-library\/[\w-]+|@playwright\/test|cypress|jasmine|uvu|qunit|@japa\/runner)['"]/;
const TEST_IMPORT_PY = /^(?:import[ \t]+(?:pytest|unittest)\b|from[ \t]+(?:pytest|unittest)(?:\.[\w.]+)?[ \t]+import\b)/m;
/** JUnit 4/5, TestNG, kotlin.test, Kotest, ScalaTest. */
const TEST_IMPORT_JVM = /^[ \t]*import[ \t]+(?:static[ \t]+)?(?:org\.junit|junit\.framework|org\.testng|kotlin\.test|io\.kotest|org\.scalatest)\b/m;
/** Go's `testing` package (also in an import block) and testify. */
const TEST_IMPORT_GO = /^[ \t]*(?:import[ \t]+(?:\w+[ \t]+)?)?"(?:testing|github\.com\/stretchr\/testify\/[\w/]+)"[ \t]*(?:\/\/.*)?$/m;
/** xUnit, NUnit, MSTest. */
const TEST_IMPORT_CS = /^[ \t]*using[ \t]+(?:Xunit|NUnit\.Framework|Microsoft\.VisualStudio\.TestTools\.UnitTesting)[ \t]*;/m;
/** PHPUnit, Pest. */
const TEST_IMPORT_PHP = /^[ \t]*use[ \t]+(?:PHPUnit\\Framework\\|Pest\\)/m;
/** RSpec, Minitest, Test::Unit. */
const TEST_IMPORT_RUBY = /^[ \t]*require[ \t(]+['"](?:rspec|spec_helper|rails_helper|minitest\/autorun|minitest|test\/unit|test_helper)['"]/m;

const TEST_IMPORTS: [RegExp, RegExp][] = [
  [/^(?:javascript|typescript|javascriptreact|typescriptreact)$/, TEST_IMPORT_JS],
  [/^python$/, TEST_IMPORT_PY],
  [/^(?:java|kotlin|scala|groovy)$/, TEST_IMPORT_JVM],
  [/^go$/, TEST_IMPORT_GO],
  [/^csharp$/, TEST_IMPORT_CS],
  [/^php$/, TEST_IMPORT_PHP],
  [/^ruby$/, TEST_IMPORT_RUBY],
];

export function nonProductionKind(path: string, text: string, language: string, extra?: (path: string) => boolean): NonProductionKind | undefined {
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1] ?? '';
  for (const segment of parts.slice(0, -1)) {
    for (const [re, kind] of SEGMENT) if (re.test(segment)) return kind;
  }
  if (TEST_FILE.test(file) || TEST_SETTINGS.test(file)) return 'test';
  if (EXAMPLE_FILE.test(file)) return 'example';
  if (DOCS_FILE.test(file) || DOCS_NAME.test(file)) return 'docs';
  if (extra?.(path)) return 'test';
  const imports = TEST_IMPORTS.find(([languages]) => languages.test(language))?.[1];
  if (imports?.test(text.slice(0, 20_000))) return 'test';
  return undefined;
}
