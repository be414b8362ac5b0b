import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from '../helpers/cli';
import { columns, printable, Progress, safeJson, useColour } from '../../server/src/cli/terminal';
import { skippedSummary } from '../../server/src/cli/report';
import { toHtml } from '../../server/src/htmlReport';
import { analyze } from '../../server/src/engine/engine';
import { compileRuleset } from '../../server/src/engine/ruleset';
import { BUILTIN_CATALOG } from '../../server/src/rules';

const ROOT = join(__dirname, '..', '..', '..');
const AWS = 'AKIAZ7QXS4D2L5RVN3KB';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-out-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const planted = () => folder({
  'src/config.js': [`const accessKeyId = '${AWS}';`, "const h = crypto.createHash('md5');", 'eval(req.body.code);', "const g = crypto.createHash('sha1');", ''].join('\n'),
  'src/clean.js': 'export const x = 1;\n',
});

describe('CLI output people read', () => {
  it('aligns the columns and ends with one summary line: counts by severity and by rule', async () => {
    const { code, stdout } = await run(['scan'], planted());
    assert.equal(code, 1);
    const rows = stdout.split('\n').filter((l) => /^\s+\d+:\d+/.test(l));
    assert.equal(rows.length, 4);
    // Severity, rule id and message start in the same column on every row.
    const severityAt = rows.map((r) => r.search(/\s(error|warning)\s/));
    assert.equal(new Set(severityAt).size, 1, rows.join('\n'));
    const messageAt = rows.map((r) => r.replace(/^(\s+\S+\s+\S+\s+\S+\s+).*/, '$1').length);
    assert.equal(new Set(messageAt).size, 1, rows.join('\n'));
    const last = stdout.trimEnd().split('\n').at(-1)!;
    assert.equal(last, '4 findings in 1 of 2 files: 2 errors, 2 warnings; by rule: weak-hash 2, aws-access-key-id 1, eval-non-literal 1.');
    assert.match(stdout, /^Lessons:\n\s+weak-hash\s+file:\/\/\S+\/lessons\/weak-hash\.md$/m);
  });

  it('JSON carries the lesson of each finding and the counts by rule', async () => {
    const dir = planted();
    writeFileSync(join(dir, 'team.yaml'), 'training:\n  rules: { weak-hash: "https://learn.example.com/hashing" }\n');
    const report = JSON.parse((await run(['scan', '--format', 'json', '--ruleset', 'team.yaml'], dir)).stdout);
    assert.deepEqual(report.summary.byRule, { 'aws-access-key-id': 1, 'eval-non-literal': 1, 'weak-hash': 2 });
    const lesson = (id: string) => report.findings.find((f: { ruleId: string }) => f.ruleId === id).lesson as string;
    assert.equal(lesson('weak-hash'), 'https://learn.example.com/hashing');
    assert.match(lesson('eval-non-literal'), /^file:\/\/.*\/lessons\/eval-non-literal\.md$/);
  });

  it('colours a terminal only: never when piped, with NO_COLOR, TERM=dumb or --output; FORCE_COLOR wins', async () => {
    const dir = planted();
    const esc = (s: string) => s.includes('\x1b[');
    assert.ok(esc((await run(['scan'], dir, { stdoutIsTTY: true, env: {} })).stdout), 'terminal');
    assert.ok(!esc((await run(['scan'], dir, { stdoutIsTTY: false, env: {} })).stdout), 'piped');
    assert.ok(!esc((await run(['scan'], dir, { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout), 'NO_COLOR');
    assert.ok(!esc((await run(['scan'], dir, { stdoutIsTTY: true, env: { TERM: 'dumb' } })).stdout), 'TERM=dumb');
    assert.ok(esc((await run(['scan'], dir, { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } })).stdout), 'FORCE_COLOR=1 when piped');
    assert.ok(!esc((await run(['scan'], dir, { stdoutIsTTY: true, env: { FORCE_COLOR: '0' } })).stdout), 'FORCE_COLOR=0');
    assert.ok(!esc((await run(['scan', '--format', 'json'], dir, { stdoutIsTTY: true, env: { FORCE_COLOR: '1' } })).stdout), 'never in JSON');
    await run(['scan', '--output', 'report.txt'], dir, { stdoutIsTTY: true, env: { FORCE_COLOR: '1' } });
    assert.ok(existsSync(join(dir, 'report.txt')));
    assert.ok(!esc(require('node:fs').readFileSync(join(dir, 'report.txt'), 'utf8')), 'never in a file');
    // Coloured columns still line up: escape sequences take no room.
    const coloured = (await run(['scan'], dir, { stdoutIsTTY: true, env: {} })).stdout;
    const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(strip(coloured), (await run(['scan'], dir)).stdout);
  });

  it('useColour follows NO_COLOR, FORCE_COLOR and TERM', () => {
    assert.equal(useColour(true, {}), true);
    assert.equal(useColour(false, {}), false);
    assert.equal(useColour(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
    assert.equal(useColour(true, { NO_COLOR: 'x' }), false);
    assert.equal(useColour(false, { FORCE_COLOR: '' }), true);
    assert.equal(useColour(false, { FORCE_COLOR: 'true', NO_COLOR: '1' }), true);
    assert.equal(useColour(true, { FORCE_COLOR: 'false' }), false);
  });

  it('--quiet prints the findings only, and nothing on a clean tree; the exit code is unchanged', async () => {
    const noisy = await run(['scan', '--quiet'], planted(), { stderrIsTTY: true, env: {} });
    assert.equal(noisy.code, 1);
    const lines = noisy.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.filter((l) => !/^\s+\d+:\d+\s/.test(l)), ['src/config.js']);
    assert.equal(noisy.stderr, '', 'no progress either');
    const clean = await run(['scan', '-q'], folder({ 'a.js': 'export const a = 1;\n' }));
    assert.deepEqual([clean.code, clean.stdout], [0, '']);
    assert.equal((await run(['scan', '--quiet', '--verbose'], planted())).code, 2);
  });

  it('summarises thousands of skipped links in one line; --verbose lists each with its reason', async () => {
    const dir = folder({ 'app.js': 'eval(code);\n' });
    mkdirSync(join(dir, 'links'));
    for (let i = 0; i < 2000; i++) symlinkSync(join(dir, 'app.js'), join(dir, 'links', `l${i}.js`));
    writeFileSync(join(dir, 'blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    const { stdout } = await run(['scan'], dir);
    assert.equal(stdout.split('\n').length < 15, true, stdout);
    assert.match(stdout, /^Skipped 2,001 paths \(2,000 symbolic links, 1 binary\); --verbose lists them\.$/m);
    const verbose = (await run(['scan', '--verbose'], dir)).stdout;
    assert.equal(verbose.split('\n').filter((l) => /^skipped links\/l\d+\.js: symbolic link, not followed$/.test(l)).length, 2000);
    assert.match(verbose, /^skipped blob\.js: .*binary/m);
    assert.match(verbose, /^Skipped 2,001 paths \(2,000 symbolic links, 1 binary\)\.$/m);
  });

  it('groups skip reasons by kind', () => {
    const s = (reason: string) => ({ relativePath: 'x', reason });
    assert.equal(skippedSummary([s('symbolic link, not followed'), s('skipped: 3000 KB is over the 2048 KB limit (--max-file-size)'),
      s('cannot read folder: EACCES'), s('partly analysed: Warden stopped…')], false),
    'Skipped 4 paths (1 partly analysed, 1 symbolic link, 1 too large, 1 unreadable).');
  });

  it('shows progress on a terminal (stderr) for long scans, redrawn in place and erased at the end', () => {
    let t = 0;
    const written: string[] = [];
    const seen = () => written.join('');
    const p = new Progress((s) => void written.push(s), 'Scanning', 500, 100, () => t);
    p.update(1, 10);
    assert.equal(seen(), '', 'nothing for a short scan');
    t = 600;
    p.update(5, 10);
    assert.equal(seen(), '\r\x1b[KScanning 5/10 files (50%)');
    t = 650;
    p.update(6, 10);
    assert.equal(seen(), '\r\x1b[KScanning 5/10 files (50%)', 'at most one redraw per interval');
    t = 700;
    p.update(10, 10);
    p.done();
    assert.ok(seen().endsWith('\r\x1b[KScanning 10/10 files (100%)\r\x1b[K'));
  });

  it('never writes progress or escape sequences to a piped stderr', async () => {
    const dir = folder(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}.js`, `const k${i} = '${AWS}';\n`])));
    const { stderr } = await run(['scan', '--jobs', '2'], dir, { stderrIsTTY: false, env: {} });
    assert.equal(stderr, '');
  });

  it('colours in a real pseudo-terminal and not through a pipe (the bundled CLI)', function () {
    if (!existsSync('/usr/bin/script')) this.skip();
    const dir = planted();
    const cli = join(ROOT, 'dist', 'cli.js');
    const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, TERM: 'xterm' } as NodeJS.ProcessEnv;
    delete env.FORCE_COLOR;
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${cli} scan`, '/dev/null'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(tty.status, 1, tty.stderr);
    assert.match(tty.stdout, /\x1b\[31merror\x1b\[39m/);
    const piped = spawnSync(process.execPath, [cli, 'scan'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(piped.status, 1);
    assert.doesNotMatch(piped.stdout, /\x1b/);
  });
});

describe('terminal and report injection (control characters from the scanned tree)', () => {
  it('printable escapes controls, DEL, C1, line separators and bidi marks, and leaves other text alone', () => {
    assert.equal(printable('a\nb\r\tc\x1b[31m\x07\x7f\x9b\u2028\u202e\u2066'), 'a\\nb\\r\\tc\\x1b[31m\\x07\\x7f\\x9b\\u2028\\u202e\\u2066');
    assert.equal(printable('héllo 日本 🔑 `code`'), 'héllo 日本 🔑 `code`');
  });

  it('a file name cannot forge result lines or reach the terminal, in any format', async function () {
    const evil = 'x.js\n  9:9  error  fake-rule  All clear\x1b]0;pwned\x07\x1b[2J\u202e';
    let dir: string;
    try {
      dir = folder({ [evil]: `eval(code); const k = '${AWS}';\n`, 'ok.js': 'eval(a);\n' });
    } catch {
      this.skip(); // a file system that refuses such names has nothing to attack
    }
    const text = await run(['scan', '--verbose'], dir!, { stdoutIsTTY: true, env: {} });
    assert.doesNotMatch(text.stdout.replace(/\x1b\[[0-9;]*m/g, ''), RAW_CONTROL);
    assert.ok(!text.stdout.split('\n').some((l) => /^\s+9:9\s+error\s+fake-rule/.test(l)), 'no forged line');
    assert.ok(text.stdout.includes('x.js\\n  9:9  error  fake-rule  All clear\\x1b]0;pwned\\x07\\x1b[2J\\u202e'));

    for (const format of ['json', 'sarif']) {
      const { stdout } = await run(['scan', '--format', format], dir!);
      assert.doesNotMatch(stdout.replace(/\n/g, ''), RAW_CONTROL, format);
      const parsed = JSON.parse(stdout);
      if (format === 'json') assert.ok(parsed.findings.some((f: { path: string }) => f.path === evil), 'JSON keeps the exact name');
      else {
        const uris = parsed.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
        assert.ok(uris.includes(encodeURIComponent(evil)), `SARIF percent-encodes the name: ${uris.join(' ')}`);
      }
    }
  });

  it('SARIF URIs encode # and ? so a name cannot become a fragment or a query', async () => {
    const dir = folder({ 'a#b?c.js': 'eval(code);\n' });
    const log = JSON.parse((await run(['scan', '--format', 'sarif'], dir)).stdout);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'a%23b%3Fc.js');
  });

  it('JSON output escapes C1 controls and bidi marks too, losslessly', () => {
    const value = { s: 'a\x9b31m\u202eb\u2028\x1b' };
    const json = safeJson(value);
    assert.doesNotMatch(json.replace(/\n/g, ''), RAW_CONTROL);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('finding messages that quote source carry no control characters (nosql-injection)', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const text = "app.post('/x', (req, res) => { User.find({ name: req.body/*\x1b]0;t\x07\n\u202e*/.name }); });\n";
    const { findings } = analyze({ text, path: 'a.js' }, ruleset);
    const f = findings.find((x) => x.ruleId === 'nosql-injection');
    assert.ok(f, JSON.stringify(findings.map((x) => x.ruleId)));
    assert.doesNotMatch(f.message, RAW_CONTROL);
    assert.match(f.message, /^`req\.body\/\*\\x1b\]0;t\\x07 \\u202e\*\/\.name` goes into the query/);
  });

  it('the HTML report escapes a hostile file name', () => {
    const ruleset = compileRuleset({}, BUILTIN_CATALOG);
    const result = analyze({ text: 'eval(code);\n', path: 'a.js' }, ruleset);
    const html = toHtml([{ ...result, relativePath: '<img src=x onerror=alert(1)>.js', lines: { positionAt: () => ({ line: 0, character: 0 }) } }],
      { metas: new Map(ruleset.allMetas().map((m) => [m.id, m])), generated: 'now', lessonLink: () => undefined });
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.js'));
  });

  it('columns pad by visible width', () => {
    assert.deepEqual(columns([['a', '\x1b[31mred\x1b[39m', 'x'], ['bbb', 'g', 'y']]), ['a    \x1b[31mred\x1b[39m  x', 'bbb  g    y']);
  });
});
