import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { run } from '../helpers/cli';

const ROOT = join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const cliVersion = () => (JSON.parse(read('packages/cli/package.json')) as { version: string }).version;

/** Strict YAML: a syntax error, a duplicate key or a tab is an error, not a guess. */
function yaml(path: string): Record<string, any> {
  const doc = parseDocument(read(path), { uniqueKeys: true, strict: true, prettyErrors: true });
  assert.deepEqual(doc.errors.map((e) => e.message), [], path);
  assert.deepEqual(doc.warnings.map((e) => e.message), [], path);
  return doc.toJS() as Record<string, any>;
}

interface Step { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }

describe('CI recipes (docs/ci)', () => {
  it('the GitHub Actions workflow scans, fails on findings and uploads SARIF to code scanning', () => {
    const wf = yaml('docs/ci/github-actions.yml');
    assert.ok(wf.on.pull_request !== undefined && wf.on.push !== undefined, 'runs on pull requests and pushes');
    assert.deepEqual(Object.keys(wf.jobs), ['warden']);
    const job = wf.jobs.warden as { 'runs-on': string; permissions: Record<string, string>; steps: Step[] };
    assert.equal(job.permissions['security-events'], 'write', 'code scanning upload needs security-events: write');
    assert.equal(job.permissions.contents, 'read');
    assert.equal(wf.permissions.contents, 'read', 'least privilege by default');
    const uses = job.steps.map((s) => s.uses?.split('@')[0]);
    assert.deepEqual(uses.filter(Boolean), ['actions/checkout', 'actions/setup-node', 'github/codeql-action/upload-sarif']);
    for (const s of job.steps.filter((x) => x.uses)) assert.match(s.uses!, /@v\d+$/, `${s.uses} is pinned to a major version`);
    assert.ok(Number((job.steps[1]!.with as { 'node-version': number })['node-version']) >= 20);
    const scan = job.steps.find((s) => s.run?.includes(' scan '))!;
    assert.equal(scan.run, `npx --yes warden-cli@${cliVersion()} scan --format sarif --output warden.sarif`, 'pinned to the package version');
    const upload = job.steps.at(-1)!;
    assert.equal(upload.with?.sarif_file, 'warden.sarif');
    assert.match(upload.if ?? '', /!cancelled\(\)/, 'uploads when the scan failed with findings');
    assert.match(upload.if ?? '', /hashFiles\('warden\.sarif'\)/, 'but not when no report was written');
  });

  it('the GitLab CI job scans, fails on findings and keeps the SARIF report', () => {
    const ci = yaml('docs/ci/gitlab-ci.yml');
    const job = ci.warden as { image: string; script: string[]; artifacts: { when: string; paths: string[] } };
    assert.match(job.image, /^node:(\d+)/);
    assert.ok(Number(/^node:(\d+)/.exec(job.image)![1]) >= 20);
    assert.ok(job.script.some((l) => l.startsWith(`npx --yes warden-cli@${cliVersion()} scan --format sarif --output warden.sarif`)));
    assert.equal(job.script.at(-1), 'exit ${status:-0}', 'the first scan\'s exit code decides');
    assert.deepEqual([job.artifacts.when, job.artifacts.paths], ['always', ['warden.sarif']]);
  });

  it('the user guide shows exactly these files', () => {
    const readme = read('README.md');
    for (const file of ['docs/ci/github-actions.yml', 'docs/ci/gitlab-ci.yml']) {
      assert.ok(readme.includes(`\`\`\`yaml\n${read(file)}\`\`\``), `${file} is in README.md verbatim`);
    }
  });

  it('Warden finds nothing to fix in its own recipes (the GitHub Actions rules included)', async () => {
    const { code, stdout } = await run(['scan', 'docs/ci'], ROOT);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /No findings in 2 files/);
  });
});
