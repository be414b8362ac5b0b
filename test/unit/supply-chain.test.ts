import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import type { TextRuleSpec } from '../../server/src/engine/textRules';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const ROOT = join(__dirname, '..', '..', '..');
const META = join(ROOT, 'out', 'bundle-meta');
const BUNDLES = ['client', 'server-entry', 'server', 'cli-entry', 'cli', 'cli-light', 'scan-worker', 'scan-worker-light', 're2js', 'yaml', 'ajv', 'tree-sitter-wasm', 'parser', 'scslre', 'oxc-deserialize'] as const;

/** The file in dist/ each bundle is written to (scripts/build.mjs), where it is not `<bundle>.js`. */
const OUTFILES: Partial<Record<(typeof BUNDLES)[number], string>> = {
  'server-entry': 'server.js',
  server: 'warden-server.js',
  'cli-entry': 'cli.js',
  cli: 'warden-cli.js',
  'cli-light': 'warden-cli-light.js',
  parser: 'typescript-estree.js',
};
const outfile = (bundle: (typeof BUNDLES)[number]) => OUTFILES[bundle] ?? `${bundle}.js`;

/** `node_modules/…/name` folders each bundle took code from, per esbuild's metafile (written by `npm run build`). */
function bundledInstances(): Map<string, Set<string>> {
  const byBundle = new Map<string, Set<string>>();
  for (const bundle of BUNDLES) {
    const meta = JSON.parse(readFileSync(join(META, `${bundle}.json`), 'utf8')) as { inputs: Record<string, unknown> };
    const found = new Set<string>();
    for (const input of Object.keys(meta.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const rest = input.slice(at + 'node_modules/'.length).split('/');
      found.add(`${input.slice(0, at)}node_modules/${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`);
    }
    byBundle.set(bundle, found);
  }
  return byBundle;
}

const nameOf = (instance: string) => instance.slice(instance.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** ARCHITECTURE.md's two runtime-dependency tables: package name → bundles it says it is in. */
function documented(): Map<string, Set<string>> {
  const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const section = text.slice(text.indexOf('## Runtime dependencies'));
  const byBundle = new Map<string, Set<string>>([...BUNDLES, 'copied'].map((b) => [b, new Set<string>()]));
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const [names, bundles] = row.split('|').slice(1, 3).map((c) => c.trim());
    const packages = [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const b of bundles!.split(',').map((x) => x.trim())) {
      assert.ok(byBundle.has(b), `ARCHITECTURE.md names an unknown bundle "${b}"`);
      for (const p of packages) byBundle.get(b)!.add(p);
    }
  }
  return byBundle;
}

describe('supply chain: what the bundles hold', function () {
  this.timeout(240_000);

  before(function () {
    if (!existsSync(join(META, 'server.json'))) throw new Error('out/bundle-meta/ is missing: run "npm run build" before the tests');
  });

  it('ARCHITECTURE.md lists exactly the packages esbuild bundled, bundle by bundle', () => {
    const docs = documented();
    for (const [bundle, instances] of bundledInstances()) {
      const real = [...new Set([...instances].map(nameOf))].sort();
      const listed = [...docs.get(bundle)!].sort();
      assert.deepEqual(
        { bundle, bundledButNotListed: real.filter((p) => !listed.includes(p)), listedButNotBundled: listed.filter((p) => !real.includes(p)) },
        { bundle, bundledButNotListed: [], listedButNotBundled: [] },
        'update the runtime-dependency tables in ARCHITECTURE.md',
      );
    }
  });

  it('a package listed as copied is one the build copies files from', () => {
    const build = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
    for (const p of documented().get('copied')!) assert.ok(build.includes(`node_modules/${p}/`), `scripts/build.mjs copies from ${p}`);
  });

  it('every bundled copy is pinned in package-lock.json with an integrity hash, at the version installed', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string; resolved?: string }> };
    for (const instance of new Set([...bundledInstances().values()].flatMap((s) => [...s]))) {
      const entry = lock.packages[instance];
      assert.ok(entry, `${instance} is bundled but not in the lockfile`);
      assert.match(entry.integrity ?? '', /^sha512-/, `${instance} has an integrity hash`);
      const installed = JSON.parse(readFileSync(join(ROOT, instance, 'package.json'), 'utf8')) as { version: string };
      assert.equal(installed.version, entry.version, `${instance}: installed version is the locked one`);
    }
  });

  it("the shipped bundles hold no rule example, and Warden's own credential rules find no secret in them", () => {
    const examples = BUILTIN_CATALOG.textRules.filter((r: TextRuleSpec) => r.category === 'credentials')
      .flatMap((r) => r.examples.match.map((e) => (typeof e === 'string' ? e : e.text)));
    assert.ok(examples.length > 50, 'the tests still see the examples (they read the JSON, not the bundles)');
    const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
    for (const bundle of BUNDLES) {
      const text = readFileSync(join(ROOT, 'dist', outfile(bundle)), 'utf8');
      const stored = examples.filter((e) => e.length >= 12 && text.includes(e));
      assert.deepEqual(stored, [], `dist/${outfile(bundle)} stores rule examples`);
      const result = analyze({ text, path: `dist/${bundle}.txt` }, ruleset, { maxFileSize: 64 * 1024 * 1024, timeBudgetMs: 120_000 });
      const secrets = result.findings.filter((f) => f.secret).map((f) => `${f.ruleId} ${f.secret!.masked}`);
      assert.deepEqual(secrets, [], `dist/${outfile(bundle)}`);
    }
  });

  it('vsce package succeeds with its own secret check on (no --allow-package-all-secrets)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.ok(!pkg.scripts.package!.includes('allow-package'), 'npm run package keeps the check on');
    const out = mkdtempSync(join(tmpdir(), 'warden-vsix-'));
    try {
      execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', join(out, 'w.vsix')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
      assert.ok(readdirSync(out).includes('w.vsix'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
