import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { CREDENTIAL_SCAN_LIMIT } from '../../server/src/engine/skip';
import { escapeMarkdown, isRuleIdShape, safeHttpsUrl } from '../../server/src/engine/markdown';
import { walk } from '../../server/src/cli/walk';
import { parseRuleset, RulesetError } from '../../server/src/ruleset/load';
import { BUILTIN_CATALOG } from '../../server/src/rules';
import {
  EXPORT_REPORT_REQUEST, SCAN_PROGRESS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, type ExportReportResult, type ScanWorkspaceResult,
} from '../../server/src/scanProtocol';
import { run } from '../helpers/cli';
import { LspHarness } from '../helpers/lsp';
import { writeTree } from '../helpers/tree';

/** Issue 17 items 4, 6, 9 and 11: what a hostile workspace or ruleset did to scans, reports and hovers. */

const KEY = ['AKIA', 'Z7QXS4D2L5RVN3KB'].join('');
const LINE = `const accessKeyId = '${KEY}';\n`;
const recommended = compileRuleset({}, BUILTIN_CATALOG);

/** A folder `levels` deep (deeper than PATH_MAX allows to name in one path), with `file` at the bottom. */
function deepTree(root: string, levels: number, file: string, content: string): void {
  const start = process.cwd();
  try {
    process.chdir(root);
    for (let i = 0; i < levels; i++) {
      mkdirSync('d');
      process.chdir('d');
    }
    writeFileSync(file, content);
  } finally {
    process.chdir(start);
  }
}

/** `rm -rf` copes with trees deeper than Node's recursive removal. */
const remove = (dir: string) => execFileSync('rm', ['-rf', dir]);

describe('hiding a secret does not work (issue 17, item 6)', () => {
  const tricks: [string, string, string, number?][] = [
    ['one NUL byte', 'src/a.js', `const a = 1;\u0000\n${LINE}`],
    ['900 control characters', 'src/a.js', `${'\u0001'.repeat(900)}\n${LINE}`],
    ['a line over 5,000 characters', 'src/a.js', `${LINE}const pad = '${'x'.repeat(6000)}';\n`],
    ['a long warden-ignore reason', 'src/a.js', `// warden-ignore eval-non-literal -- ${'because '.repeat(800)}\n${LINE}`],
    ['a name ending in -bundle.js', 'src/app-bundle.js', LINE],
    ['a name ending in .min.js', 'src/app.min.js', LINE],
    ['a file over the size limit', 'src/a.js', `${LINE}${'// padding\n'.repeat(300)}`, 1024],
  ];
  for (const [name, path, text, maxFileSize] of tricks) {
    it(`${name}: the credential rules still run, and the file says the others did not`, () => {
      const result = analyze({ text, path }, recommended, maxFileSize ? { maxFileSize } : {});
      assert.equal(result.skipped, undefined);
      assert.deepEqual(result.findings.map((f) => f.ruleId).filter((id) => !id.startsWith('warden-suppression-')), ['aws-access-key-id']);
      assert.equal(result.notRun?.cause, 'limited');
      assert.match(result.notRun!.reason, /^Warden ran only its credential rules on this file: /);
      assert.ok(result.notRun!.ruleIds.includes('eval-non-literal'));
    });
  }

  it('past CREDENTIAL_SCAN_LIMIT nothing runs, and the file is reported as skipped', () => {
    const text = `${LINE}${'x'.repeat(CREDENTIAL_SCAN_LIMIT)}`;
    const result = analyze({ text, path: 'huge.js' }, recommended);
    assert.deepEqual(result.findings, []);
    assert.match(result.skipped!, /^Warden skipped this file: it is 8\.0 MB, over the 2\.0 MB limit/);
  });

  describe('warden scan lists what it did not analyse, in every format, and --fail-on-skipped fails the gate', () => {
    let root: string;
    before(() => {
      root = writeTree('warden-hide-', {
        'clean.js': 'module.exports = 1;\n',
        'bin.dat.js': `const a = 1;\u0000\n${LINE}`,
        'vendor-bundle.js': 'var a = 1;\n',
      });
      deepTree(root, 2100, 'deep.js', LINE);
    });
    after(() => remove(root));

    it('JSON: the key in the binary file is found, the deep folder and the partly analysed files are listed', async () => {
      const { code, stdout } = await run(['scan', '--format', 'json'], root);
      assert.equal(code, 1);
      const report = JSON.parse(stdout) as { findings: { path: string; ruleId: string }[]; skipped: { relativePath: string; reason: string }[]; summary: { skipped: number } };
      assert.deepEqual(report.findings.map((f) => `${f.path} ${f.ruleId}`), ['bin.dat.js aws-access-key-id']);
      const reasons = new Map(report.skipped.map((s) => [s.relativePath.startsWith('d/d/') ? 'deep' : s.relativePath, s.reason]));
      assert.match(reasons.get('deep')!, /longer than the system allows \(ENAMETOOLONG\)/);
      assert.match(reasons.get('bin.dat.js')!, /partly analysed: .*only its credential rules.*binary/);
      assert.match(reasons.get('vendor-bundle.js')!, /partly analysed: .*minified/);
      assert.equal(report.summary.skipped, 3);
    });

    it('SARIF: each skipped path is a tool execution notification with its location', async () => {
      const { stdout } = await run(['scan', '--format', 'sarif'], root);
      const log = JSON.parse(stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; descriptor: { id: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
      const [invocation] = log.runs[0]!.invocations;
      assert.equal(invocation!.executionSuccessful, true);
      const notes = invocation!.toolExecutionNotifications;
      assert.equal(notes.length, 3);
      assert.deepEqual(notes.map((n) => n.descriptor.id).sort(), ['warden-partly-analysed', 'warden-partly-analysed', 'warden-skipped']);
      assert.ok(notes.every((n) => n.level === 'warning' && n.message.text.length > 0));
      assert.ok(notes.some((n) => n.locations[0]!.physicalLocation.artifactLocation.uri === 'vendor-bundle.js'));
    });

    it('exit 0 without the flag when nothing is found; 3 with --fail-on-skipped or failOnSkipped in the ruleset', async () => {
      const clean = writeTree('warden-gate-', { 'clean.js': 'module.exports = 1;\n', 'app-bundle.js': 'var a=1;\n' });
      try {
        assert.equal((await run(['scan'], clean)).code, 0);
        const flagged = await run(['scan', '--fail-on-skipped'], clean);
        assert.equal(flagged.code, 3);
        assert.match(flagged.stderr, /1 path\(s\) were not fully analysed.*--fail-on-skipped/);
        writeFileSync(join(clean, 'team.yaml'), 'failOnSkipped: true\n');
        const byRuleset = await run(['scan', '--ruleset', 'team.yaml'], clean);
        assert.equal(byRuleset.code, 3);
        assert.match(byRuleset.stderr, /failOnSkipped in the team ruleset/);
        remove(join(clean, 'app-bundle.js'));
        assert.equal((await run(['scan', '--fail-on-skipped'], clean)).code, 0, 'nothing skipped, nothing to fail on');
      } finally {
        remove(clean);
      }
    });
  });

  it("the server's workspace scan finds the key in a minified file and lists it in the exported SARIF and HTML", async () => {
    const root = writeTree('warden-hide-lsp-', { 'app-bundle.js': LINE, 'clean.js': 'module.exports = 1;\n' });
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(root).toString());
      const result = (await lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {})) as ScanWorkspaceResult;
      assert.equal(result.counts.error, 1, 'the key in app-bundle.js is reported');
      const report = (await lsp.client.sendRequest(EXPORT_REPORT_REQUEST)) as ExportReportResult;
      const sarif = JSON.parse(report.sarif) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
      const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications;
      assert.equal(notes.length, 1);
      assert.match(notes[0]!.message.text, /only its credential rules.*minified/);
      assert.match(report.html, /Not analysed, or only in part \(1\)[\s\S]*app-bundle\.js/);
    } finally {
      await lsp.shutdown();
      remove(root);
    }
  });

  it('failOnSkipped stays on once a ruleset in the chain sets it', () => {
    assert.equal(parseRuleset('failOnSkipped: true\n', 'team.yaml').failOnSkipped, true);
    assert.throws(() => parseRuleset('failOnSkipped: "yes"\n', 'team.yaml'), RulesetError);
  });
});

describe('a secret in a suppression reason is masked (issue 17, item 9)', () => {
  const text = `// warden-ignore aws-access-key-id -- the old key ${KEY} was revoked\n${LINE}// warden-ignore eval-non-literal -- pw is password = "Tr0ub4dor-and-3"\neval(x);\n`;

  it('in the engine result, for the key found in the file and for what the credential rules find in the reason', () => {
    const result = analyze({ text, path: 'src/a.js' }, recommended);
    const reasons = result.suppressions.map((s) => s.reason);
    assert.equal(reasons.length, 2);
    assert.ok(!reasons[0]!.includes(KEY) && reasons[0]!.startsWith('the old key ') && reasons[0]!.endsWith(' was revoked'), reasons[0]);
    assert.ok(!reasons[1]!.includes('Tr0ub4dor-and-3'), reasons[1]);
    for (const s of result.suppressed) assert.ok(!s.suppression.reason.includes(KEY));
  });

  it('in `warden suppressions` (text, JSON) and in the SARIF justification of `warden scan`', async () => {
    const dir = writeTree('warden-reason-', { 'src/a.js': text });
    try {
      for (const format of ['text', 'json', 'sarif']) {
        const { stdout } = await run(['suppressions', '--format', format], dir);
        assert.ok(stdout.includes('the old key'), format);
        assert.ok(!stdout.includes(KEY) && !stdout.includes('Tr0ub4dor-and-3'), format);
      }
      const { stdout } = await run(['scan', '--format', 'sarif'], dir);
      assert.match(stdout, /"justification": "the old key /);
      assert.ok(!stdout.includes(KEY) && !stdout.includes('Tr0ub4dor-and-3'));
    } finally {
      remove(dir);
    }
  });
});

describe('Markdown injection from a workspace ruleset (issue 17, item 11)', () => {
  const ATTACK = 'https://x)[Run](command:warden.openLesson?%5B%22..%2F..%2Fx%22%2C%22http%3A%2F%2Fevil%22%5D)';

  it('escapes text so it renders as itself, never as a link, image or HTML', () => {
    assert.equal(escapeMarkdown('[Run](command:x) ![i](y) <b>&'), '\\[Run\\]\\(command:x\\) \\!\\[i\\]\\(y\\) &lt;b&gt;&amp;');
    assert.equal(escapeMarkdown('a\nb'), 'a b');
  });

  it('accepts only plain https URLs, as parsed by WHATWG URL', () => {
    assert.equal(safeHttpsUrl('https://wiki.example.com/sec/eval-non-literal'), 'https://wiki.example.com/sec/eval-non-literal');
    assert.equal(safeHttpsUrl('https://example.com/a%28b%29'), 'https://example.com/a%28b%29');
    for (const bad of [ATTACK, 'http://example.com/', 'https://example.com/a b', 'https://example.com/\t', 'https://user:pw@example.com/', 'command:warden.openLesson', 'javascript:alert(1)', 'https://', 'https://example.com/"x"', 'https://example.com/<x>', 'file:///etc/passwd']) {
      assert.equal(safeHttpsUrl(bad), undefined, bad);
    }
  });

  it('a lesson is named only by a rule id, never a path', () => {
    assert.ok(isRuleIdShape('eval-non-literal'));
    for (const bad of ['../x', '..', 'a/b', 'A', 'eval-non-literal.md', '', 'x\\y', 'x-']) assert.ok(!isRuleIdShape(bad), bad);
  });

  it('the schema and the loader refuse the training link that carried a command link', () => {
    for (const link of [ATTACK, 'http://example.com/lessons', 'https://example.com/a b']) {
      assert.throws(() => parseRuleset(`training:\n  baseUrl: ${JSON.stringify(link)}\n`, 'team.yaml'), RulesetError, link);
      assert.throws(() => parseRuleset(`training:\n  rules:\n    eval-non-literal: ${JSON.stringify(link)}\n`, 'team.yaml'), RulesetError, link);
    }
    assert.equal(parseRuleset('training:\n  baseUrl: https://wiki.example.com/sec/\n', 'team.yaml').training?.baseUrl, 'https://wiki.example.com/sec/');
  });

  it('a link that reaches the compiled ruleset anyway is dropped, not rendered', () => {
    const ruleset = compileRuleset({ training: { rules: { 'eval-non-literal': ATTACK }, baseUrl: 'https://ok.example.com/l' } }, BUILTIN_CATALOG);
    assert.equal(ruleset.teamLesson('eval-non-literal'), 'https://ok.example.com/l/eval-non-literal');
  });

  it('the hover shows a custom rule\'s title and message as text: no link, no command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-md-'));
    mkdirSync(join(dir, '.warden'));
    writeFileSync(join(dir, '.warden', 'ruleset.yaml'), [
      'customRules:',
      '  - id: acme-marker',
      `    title: "**Urgent** [Fix now](${ATTACK})"`,
      `    message: "Click [here](command:warden.openLesson?%5B%22..%2F..%2Fetc%22%5D) or ![x](https://t.example.com/p.png) <img src=x>"`,
      '    description: "See [docs](command:workbench.action.terminal.new)"',
      '    recommendation: "`code` and _more_"',
      "    pattern: 'ACME_MARKER'",
      '    examples: { match: ["ACME_MARKER"], noMatch: ["acme"] }',
      '',
    ].join('\n'));
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), { initializationOptions: { lessonCommandLinks: true } });
      const uri = pathToFileURL(join(dir, 'a.js')).toString();
      const { diagnostics } = await lsp.open(uri, 'const m = "ACME_MARKER";\n', 'javascript');
      assert.ok(diagnostics.some((d) => d.code === 'acme-marker'), JSON.stringify(diagnostics.map((d) => d.code)));
      const hover = await lsp.hover(uri, { line: 0, character: 13 });
      const value = (hover!.contents as { value: string }).value;
      assert.ok(!/(^|[^\\])\]\(/.test(value), `no Markdown link survives: ${value}`);
      assert.ok(!/(^|[^\\])!\[/.test(value) && !value.includes('<img'), value);
      assert.ok(value.includes('Click \\[here\\]\\(command:'), value);
    } finally {
      await lsp.shutdown();
    }
  });

  it('the hover keeps a built-in template rule\'s own Markdown: its code spans are not escaped as a custom rule\'s are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-md-'));
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      const uri = pathToFileURL(join(dir, 'views', 'a.ejs')).toString();
      const { diagnostics } = await lsp.open(uri, '<p><%- bio %></p>\n', 'html');
      assert.ok(diagnostics.some((d) => d.code === 'template-unescaped-output'), JSON.stringify(diagnostics.map((d) => d.code)));
      const hover = await lsp.hover(uri, { line: 0, character: 5 });
      const value = (hover!.contents as { value: string }).value;
      assert.ok(value.includes('*Why:* Each template engine has one form that skips HTML escaping: EJS `<%- %>`'), value);
    } finally {
      await lsp.shutdown();
    }
  });
});

describe('ignore files and cancellation (issue 17, item 4)', () => {
  it('the 65-byte .gitignore and a 48-level tree: the walk finishes with the right files', async () => {
    const levels = Array<string>(48).fill('a').join('/');
    const root = writeTree('warden-gi-', {
      '.gitignore': `${'**/a/'.repeat(12)}**/b\n`,
      [`${levels}/keep.js`]: LINE,
      [`${levels}/b`]: LINE,
      [`${Array<string>(12).fill('a').join('/')}/b`]: LINE,
    });
    try {
      const { files } = await walk(root, ['.']);
      assert.deepEqual(files.map((f) => f.relativePath), ['.gitignore', `${levels}/keep.js`]);
      const { code, stdout } = await run(['scan', '--format', 'json'], root);
      assert.equal(code, 1);
      assert.equal((JSON.parse(stdout) as { findings: unknown[] }).findings.length, 1);
    } finally {
      remove(root);
    }
  });

  it('a nested .gitignore can re-include what a parent one ignores, as in git', async () => {
    const root = writeTree('warden-gi2-', { '.gitignore': '*.env\n', 'a/.gitignore': '!keep.env\n', 'a/keep.env': 'x', 'a/drop.env': 'x', 'b.env': 'x' });
    try {
      assert.deepEqual((await walk(root, ['.'])).files.map((f) => f.relativePath), ['.gitignore', 'a/.gitignore', 'a/keep.env']);
    } finally {
      remove(root);
    }
  });

  it('the walk reads no more folders once cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`p${i}/q/f.js`] = 'x';
    const root = writeTree('warden-cancel-', files);
    try {
      let asked = 0;
      const result = await walk(root, ['.'], { isCancelled: () => ++asked > 5 });
      assert.equal(result.cancelled, true);
      assert.ok(result.files.length < 40, `${result.files.length} files listed`);
      assert.ok(asked <= 7, `asked ${asked} times: each folder asks once, then nothing more is read`);
      const full = await walk(root, ['.'], { isCancelled: () => false });
      assert.equal(full.cancelled, undefined);
      assert.equal(full.files.length, 40);
    } finally {
      remove(root);
    }
  });

  it('the server\'s workspace scan stops while it is still walking when cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`p${i % 20}/q${i}/f.js`] = LINE;
    const root = writeTree('warden-cancel-lsp-', files);
    const lsp = new LspHarness();
    try {
      await lsp.initialize(pathToFileURL(root).toString());
      const source = new CancellationTokenSource();
      const totals: number[] = [];
      lsp.client.onNotification(SCAN_PROGRESS_NOTIFICATION, (p: { total: number }) => void totals.push(p.total));
      const pending = lsp.client.sendRequest(SCAN_WORKSPACE_REQUEST, {}, source.token);
      source.cancel();
      const result = (await pending.then((r) => r, () => undefined)) as ScanWorkspaceResult | undefined;
      assert.ok(result, 'a cancelled scan still answers');
      assert.equal(result.cancelled, true);
      assert.equal(result.files, 0);
      assert.deepEqual(totals, [], 'the walk stopped before any file was listed for analysis');
    } finally {
      await lsp.shutdown();
      remove(root);
    }
  });
});
