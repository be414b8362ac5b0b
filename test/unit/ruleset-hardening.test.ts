import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { redactKeepingPins } from '../../server/src/cli/cli';
import type { FetchText } from '../../server/src/ruleset/fetch';
import { CHAIN_LIMITS, loadRuleset, MAX_RULESET_BYTES, sha256 } from '../../server/src/ruleset/load';
import { run } from '../helpers/cli';
import { LspHarness } from '../helpers/lsp';
import { loadError, rulesetFolder, writeRulesetFile } from '../helpers/rulesets';

const folder = (): string => rulesetFolder('warden-harden-');
const write = writeRulesetFile;

/** Issue 17 item 3: four files, each extending the next ten times, the last with 2,000 ignorePaths. */
function chainAttack(dir: string): string {
  for (let i = 0; i < 4; i++) {
    const name = i === 0 ? '.warden/ruleset.yaml' : `.warden/r${i}.yaml`;
    const text = i < 3
      ? `extends:\n${Array.from({ length: 10 }, () => `  - ./r${i + 1}.yaml`).join('\n')}\n`
      : `ignorePaths:\n${Array.from({ length: 2000 }, (_, j) => `  - "d${j}/**"`).join('\n')}\n`;
    write(dir, name, text);
  }
  return join(dir, '.warden', 'ruleset.yaml');
}

/** Reads through the overlay hook, so every read of a file is counted. */
function countingOverlay(files: Record<string, string>): { reads: Map<string, number>; overlay: (file: string) => string | undefined } {
  const reads = new Map<string, number>();
  return {
    reads,
    overlay: (file) => {
      reads.set(file, (reads.get(file) ?? 0) + 1);
      return files[file];
    },
  };
}

describe('ruleset chains: each file once, bounded (issue 17 item 3)', () => {
  it('refuses the 4 × 10 extends × 2,000 ignorePaths chain at the first repeated extends, naming file and field', async () => {
    const dir = folder();
    const error = await loadError(chainAttack(dir));
    assert.equal(error.file, join(dir, '.warden', 'r2.yaml'));
    assert.equal(error.field, 'extends[1]');
    assert.equal(error.line, 3);
    assert.match(error.problem, /"\.\/r3\.yaml" is already extended at extends\[0\]; remove the repeat/);
  });

  it('reads a file shared by several branches (a diamond) once, and merges its entries once', async () => {
    const dir = folder();
    const base = join(dir, 'base.yaml');
    const files: Record<string, string> = {
      [join(dir, 'team.yaml')]: 'extends: [./a.yaml, ./b.yaml]\n',
      [join(dir, 'a.yaml')]: 'extends: [./base.yaml]\nignorePaths: ["a/**"]\n',
      [join(dir, 'b.yaml')]: 'extends: [./base.yaml]\nignorePaths: ["b/**"]\n',
      [base]: 'ignorePaths: ["generated/**", "vendor/**"]\nrequired: [weak-hash]\n',
    };
    const { reads, overlay } = countingOverlay(files);
    const loaded = await loadRuleset(join(dir, 'team.yaml'), { overlay });
    assert.equal(reads.get(base), 1);
    assert.deepEqual(loaded.config.ignorePaths, ['generated/**', 'vendor/**', 'a/**', 'b/**']);
    assert.deepEqual(loaded.required, ['weak-hash']);
  });

  it(`refuses a chain of more than ${CHAIN_LIMITS.files} distinct files`, async () => {
    // A wide tree (depth 2): the entry extends 32 files, each extending nothing: 33 files in all.
    const dir = folder();
    const files: Record<string, string> = {
      [join(dir, 'team.yaml')]: `extends:\n${Array.from({ length: 32 }, (_, i) => `  - ./f${i}.yaml`).join('\n')}\n`,
    };
    for (let i = 0; i < 32; i++) files[join(dir, `f${i}.yaml`)] = `ignorePaths: ["f${i}/**"]\n`;
    const error = await loadError(join(dir, 'team.yaml'), { overlay: countingOverlay(files).overlay });
    assert.equal(error.file, join(dir, 'team.yaml'));
    assert.equal(error.field, 'extends[31]');
    assert.match(error.problem, /more than 32 ruleset files/);
  });

  it(`refuses more than ${CHAIN_LIMITS.extendsPerFile} extends in one file, and chains nested more than ${CHAIN_LIMITS.depth} deep`, async () => {
    const dir = folder();
    const wide = write(dir, 'wide.yaml', `extends:\n${Array.from({ length: 33 }, (_, i) => `  - ./w${i}.yaml`).join('\n')}\n`);
    const error = await loadError(wide);
    assert.equal(error.field, 'extends[32]');
    assert.equal(error.line, 34);
    for (let i = 0; i < 10; i++) write(dir, `d${i}.yaml`, `extends: [./d${i + 1}.yaml]\n`);
    write(dir, 'd10.yaml', 'rules: {}\n');
    assert.match((await loadError(join(dir, 'd0.yaml'))).problem, /nested more than 8 deep/);
  });

  it(`refuses a merged ruleset with more than ${CHAIN_LIMITS.ignorePaths} distinct ignorePaths, in the file that crosses the limit`, async () => {
    const dir = folder();
    const files: Record<string, string> = {};
    const parts = 3;
    const each = Math.ceil(CHAIN_LIMITS.ignorePaths / 2);
    for (let p = 0; p < parts; p++) {
      files[join(dir, `p${p}.yaml`)] = `ignorePaths:\n${Array.from({ length: each }, (_, j) => `  - "p${p}/d${j}/**"`).join('\n')}\n`;
    }
    files[join(dir, 'team.yaml')] = `extends: [${Array.from({ length: parts }, (_, p) => `./p${p}.yaml`).join(', ')}]\n`;
    const error = await loadError(join(dir, 'team.yaml'), { overlay: countingOverlay(files).overlay });
    assert.equal(error.file, join(dir, 'team.yaml'));
    assert.equal(error.field, 'extends[2]');
    assert.match(error.problem, /15000 ignorePaths, over the limit of 10000/);
  });

  it('warden scan and warden verify refuse the chain attack with the ruleset error (exit 2 / 1), not by running out of memory', async () => {
    const dir = folder();
    chainAttack(dir);
    write(dir, 'a.js', 'eval(x);\n');
    const scan = await run(['scan', '.'], dir);
    assert.equal(scan.code, 2);
    assert.match(scan.stderr, /invalid ruleset: .*r2\.yaml:3: extends\[1\]: .*already extended/);
    const verify = await run(['verify'], dir);
    assert.equal(verify.code, 1);
    assert.match(verify.stderr, /r2\.yaml:3: extends\[1\]/);
  });
});

describe('ruleset reading: confined, capped, never echoed (issue 17 items 5 and 12)', () => {
  it('refuses an extends outside the workspace before touching it, with the same words whether it exists or not', async () => {
    const dir = folder();
    const existing = await loadError(write(dir, '.warden/ruleset.yaml', 'extends: [/etc/passwd]\n'));
    const missing = await loadError(write(dir, '.warden/ruleset.yaml', 'extends: [/etc/no-such-file-here]\n'));
    assert.equal(existing.field, 'extends[0]');
    assert.match(existing.problem, /^\/etc\/passwd is outside .*; a ruleset may extend only files inside the workspace/);
    assert.equal(existing.problem.replace('/etc/passwd', 'X'), missing.problem.replace('/etc/no-such-file-here', 'X'));
    assert.doesNotMatch(existing.message, /root:/);
    const climbing = await loadError(write(dir, '.warden/ruleset.yaml', 'extends: [../../../../../../etc/passwd]\n'));
    assert.match(climbing.problem, /is outside/);
  });

  it('refuses a link inside the workspace that leads out, or nowhere, with the same words', async () => {
    const dir = folder();
    symlinkSync('/etc/passwd', join(dir, 'out.yaml'));
    symlinkSync('/etc/no-such-file-here', join(dir, 'dangling.yaml'));
    const out = await loadError(write(dir, 'team.yaml', 'extends: [./out.yaml]\n'));
    const dangling = await loadError(write(dir, 'team.yaml', 'extends: [./dangling.yaml]\n'));
    assert.match(out.problem, /out\.yaml is outside/);
    assert.equal(out.problem.replace('out.yaml', 'X'), dangling.problem.replace('dangling.yaml', 'X'));
    assert.doesNotMatch(out.message, /root:/);
  });

  it('follows a link that stays inside the workspace', async () => {
    const dir = folder();
    write(dir, 'shared/base.yaml', 'required: [weak-hash]\n');
    symlinkSync(join(dir, 'shared', 'base.yaml'), join(dir, 'base.yaml'));
    const loaded = await loadRuleset(write(dir, 'team.yaml', 'extends: [./base.yaml]\n'));
    assert.deepEqual(loaded.required, ['weak-hash']);
  });

  it('reads a folder the caller names explicitly (the user\'s settings, the command line)', async () => {
    const dir = folder();
    const elsewhere = folder();
    write(elsewhere, 'base.yaml', 'required: [weak-hash]\n');
    const team = write(dir, '.warden/ruleset.yaml', `extends: [${join(elsewhere, 'base.yaml')}]\n`);
    assert.match((await loadError(team)).problem, /is outside/);
    const loaded = await loadRuleset(team, { roots: [dir, elsewhere] });
    assert.deepEqual(loaded.required, ['weak-hash']);
  });

  it('stops reading at the size limit even where the file says it is empty (/proc), and never opens a FIFO for good', async function () {
    const pagemap = await loadError('/proc/self/pagemap', { roots: ['/proc/self'] });
    assert.match(pagemap.problem, /larger than the 1024 KB limit for a ruleset/);
    const dir = folder();
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    } catch {
      this.skip();
    }
    const fifo = await loadError(write(dir, 'team.yaml', 'extends: [./pipe.yaml]\n'));
    assert.match(fifo.problem, /pipe\.yaml is not a regular file/);
  });

  it('never quotes the file in a syntax error', async () => {
    const dir = folder();
    const json = await loadError(write(dir, 'team.json', 'root:x:0:0:hunter2-secret-line\n'));
    assert.equal(json.field, '(syntax)');
    assert.doesNotMatch(json.message, /root:x|hunter2/);
    const escape = await loadError(write(dir, 'esc.yaml', 'rules: "\\qhunter2"\n'));
    assert.doesNotMatch(escape.message, /hunter2/);
  });

  it('reports a YAML alias bomb as one, at its line, not as an internal error', async () => {
    const dir = folder();
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${prev}`).join(', ')}]`);
    }
    const file = write(dir, '.warden/ruleset.yaml', `${lines.join('\n')}\n`);
    const error = await loadError(file);
    assert.equal(error.field, '(syntax)');
    assert.equal(error.line, 2);
    assert.match(error.problem, /aliases .* expand too much .* alias bomb/);
    const verify = await run(['verify'], dir);
    assert.equal(verify.code, 1);
    assert.match(verify.stderr, /alias bomb/);
    assert.doesNotMatch(verify.stderr, /internal error/);
  });

  it('applies the size limit to an unsaved editor copy of a ruleset', async () => {
    const dir = folder();
    const file = join(dir, '.warden', 'ruleset.yaml');
    const huge = `# ${'x'.repeat(MAX_RULESET_BYTES)}\nrules: {}\n`;
    const error = await loadError(file, { overlay: (f) => (f === file ? huge : undefined) });
    assert.match(error.problem, /over the 1024 KB limit for a ruleset; split it/);
  });

  it('shows both hashes of a wrong pin, unmasked, on the command line', async () => {
    const body = 'rules: {}\n';
    const wrong = sha256('something else');
    const dir = folder();
    const fetch: FetchText = () => Promise.resolve(Buffer.from(body));
    const error = await loadError(write(dir, 'team.yaml', `extends: ["https://rules.example.com/r.yaml#sha256-${wrong}"]\n`), {
      fetch, allowFetch: true, cacheDir: join(dir, 'cache'),
    });
    const printed = redactKeepingPins(error.message);
    assert.ok(printed.includes(`expected sha256-${wrong}`), printed);
    assert.ok(printed.includes(`got sha256-${sha256(body)}`), printed);
  });
});

describe('remote rulesets named by a workspace are fetched only when trusted (issue 17 item 12)', () => {
  const PIN = sha256('rules: {}\n');
  // Port 1 on the loopback refuses at once: an attempted fetch fails fast and touches no other host.
  const URL = `https://127.0.0.1:1/team.yaml#sha256-${PIN}`;

  it('warden scan does not fetch a URL the workspace ruleset names, unless --trust-workspace or WARDEN_TRUST_WORKSPACE=1', async () => {
    const dir = folder();
    write(dir, '.warden/ruleset.yaml', `extends: ["${URL}"]\n`);
    const previousCache = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
    try {
      const untrusted = await run(['scan', '.'], dir);
      assert.equal(untrusted.code, 2);
      assert.match(untrusted.stderr, /not trusted, so it was not fetched; .*--trust-workspace/);
      const trusted = await run(['scan', '--trust-workspace', '.'], dir);
      assert.equal(trusted.code, 2);
      assert.match(trusted.stderr, /cannot fetch https:\/\/127\.0\.0\.1:1\/team\.yaml/);
      process.env.WARDEN_TRUST_WORKSPACE = '1';
      const byEnv = await run(['verify'], dir);
      assert.match(byEnv.stderr, /cannot fetch/);
    } finally {
      delete process.env.WARDEN_TRUST_WORKSPACE;
      if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previousCache;
    }
  });
});

describe('ruleset attacks over LSP (issue 17 items 3 and 5)', () => {
  let lsp: LspHarness;
  afterEach(async () => {
    await lsp.shutdown();
  });

  const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

  it('keeps the last good ruleset when an unsaved ruleset of 20 MB or a chain attack arrives, and says why on the file', async () => {
    const dir = folder();
    const rulesetFile = write(dir, '.warden/ruleset.yaml', 'rules:\n  weak-hash: off\n');
    const rulesetUri = pathToFileURL(rulesetFile).toString();
    const appUri = pathToFileURL(join(dir, 'app.js')).toString();
    lsp = new LspHarness();
    await lsp.initialize(pathToFileURL(dir).toString());
    const app = await lsp.open(appUri, "const h = crypto.createHash('md5');\neval(userInput);\n", 'javascript');
    assert.deepEqual(codes(app.diagnostics), ['eval-non-literal']);

    await lsp.open(rulesetUri, 'rules:\n  weak-hash: off\n', 'yaml');
    const problem = lsp.nextDiagnostics(rulesetUri, 2);
    lsp.change(rulesetUri, `rules:\n  weak-hash: off\n# ${'x'.repeat(20 * 1024 * 1024)}\n`);
    const tooBig = (await problem).diagnostics.find((d) => d.code === 'warden-ruleset');
    assert.match(String(tooBig?.message), /over the 1024 KB limit for a ruleset.*keeps using the last valid ruleset/);

    chainAttack(dir);
    const chain = lsp.nextDiagnostics(pathToFileURL(join(dir, '.warden', 'r2.yaml')).toString());
    lsp.change(rulesetUri, 'extends: [./r1.yaml]\n');
    assert.match(String((await chain).diagnostics[0]?.message), /already extended at extends\[0\].*keeps using the last valid ruleset/);
    const again = lsp.nextDiagnostics(appUri);
    await lsp.changeSettings({});
    assert.deepEqual(codes((await again).diagnostics), ['eval-non-literal'], 'the last good ruleset (weak-hash off) stays in force');
  });
});
