#!/usr/bin/env node
// Noise on code nobody here wrote: popular npm packages and real Node.js applications, extracted at run
// time from bare git mirrors made by the `fetch` tool at pinned commits (nothing of theirs is committed;
// only this script and the judgements in docs/engineering.md are).
//
// Each tree is listed the way `warden scan` lists it (its .gitignore files and the default excludes) and
// every file is analysed with the `recommended` preset and the default `testsAndDocs` setting (lower).
// Files are split by the engine's own test/fixture/example/docs recognition (path or test-framework
// imports, `nonProductionKind`). A finding is what `warden scan` shows as a warning or an error.
//
// Reported per project and in total:
//   - outside tests and docs: lines, findings, findings per 10,000 lines (target: at most 1);
//   - in tests and docs: lines, findings as shown by default, and the findings the same files would
//     give with `testsAndDocs: { findings: report }` (what the recognition takes away).
// Every finding outside tests and docs is listed (--list) with our verdict (the JUDGED table below), rule,
// path, line and an excerpt in which any secret is masked; the JSON keeps locations and verdicts only.
//
//   npm run build && node scripts/eval-noise.mjs [--json out.json] [--list] [--tests-list] [--only owner/name] [--preset strict]
//
// A project whose mirror is absent, or lacks the pinned commit, is skipped with a message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIRRORS, git, mirror } from './lib/mirrors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze, redact } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');
const { nonProductionKind } = require('../out/server/src/engine/pathKind.js');
const { detectLanguage } = require('../out/server/src/engine/languages.js');
const { walk } = require('../out/server/src/cli/walk.js');
const { collectRenderFacts, factsFor, mayRenderTemplates } = require('../out/server/src/templates/renderIndex.js');
const { templateEngineOf } = require('../out/server/src/templates/sites.js');
const { ProjectFactsReader } = require('../out/server/src/projectFacts.js');


/** Popular npm packages and real applications (none of the corpora reserved for independent evaluation). */
export const PROJECTS = [
  { repo: 'expressjs/express', commit: 'a3714473feb3d2908add734d340e7755fd85e0a3', kind: 'package' },
  { repo: 'hapijs/hapi', commit: 'f2a24f6635c0892842f6eaf9154d3788f2f1d084', kind: 'package' },
  { repo: 'Automattic/mongoose', commit: '3e212cec87dbf710216a3c6125121aefa60a4475', kind: 'package' },
  { repo: 'sequelize/sequelize', commit: 'c7700944925914dd936e96ad2dabb4dbdf7e9477', kind: 'package' },
  { repo: 'socketio/socket.io', commit: 'd2d753fed4435015c2d83fe62e676b44e07fa3f7', kind: 'package' },
  { repo: 'parse-community/parse-server', commit: '7ea2a2953e9202d43ddb53ded309fbd26245d45c', kind: 'application' },
  { repo: 'outline/outline', commit: 'd77dcdf853868c5d5fe125c895c9b71f0eff5c68', kind: 'application' },
  { repo: 'ether/etherpad-lite', commit: 'b827f5b3d93bc79fc9014c7d9f8b900956b8af65', kind: 'application' },
  { repo: 'node-red/node-red', commit: '1f38dc899b1d6d24b05369023ef2d83b808cd55d', kind: 'application' },
  { repo: 'NodeBB/NodeBB', commit: 'ab329b3b4c4d4cc9717b2938908649382cca2b39', kind: 'application' },
  { repo: 'louislam/uptime-kuma', commit: '6398a9581d1c3c427a7536559f47ccf45dac08b4', kind: 'application' },
];

/**
 * Our judgement of every finding outside tests and docs at the pinned commits (`repo/path:line` is
 * matched by the expression; the first row that matches wins). `true`: the rule is right and the value
 * can come from outside or the practice is weak; `design`: the rule's pattern is really there but the
 * value is the program's own (a release script, a table name, configuration): a person suppresses it
 * with a reason; `misfire`: the rule's claim is wrong here. A finding no row matches is listed as
 * unjudged, so a new finding after a rule change is noticed.
 */
const JUDGED = [
  // hapi
  ['regex-dos', /hapi\/lib\/(?:cors|response)\.js/, 'true', '/\\s*,\\s*/ splits a request header: quadratic on a long run of spaces'],
  // mongoose
  ['connection-string-password', /mongoose\/lib\/connection\.js/, 'misfire', 'example in a JSDoc comment (mongodb://val:psw@127.0.0.1)'],
  ['command-injection', /mongoose\/scripts\/create-tarball\.js/, 'design', 'release script, name and version from package.json'],
  // sequelize
  ['hardcoded-password|generic-secret', /sequelize\/\.yarn\/releases\//, 'misfire', 'vendored Yarn release bundle (minified; credential rules still run on it): the secrets item on vendored bundles'],
  ['config-secret', /sequelize\/dev\/mssql\//, 'true', 'SA password in the dev database compose file (a literal, for local tests)'],
  ['container-privileged', /sequelize\/dev\/db2\//, 'true', 'privileged DB2 container for local tests'],
  ['regex-dos', /sequelize\/packages\/oracle\//, 'true', 'nested quantifier ((?:...)*...)+ on an identifier'],
  ['template-autoescape-off', /sequelize\/packages\/postgres\//, 'misfire', "sequelize's own { noEscape: true } option for an SQL name, not a template engine (templates rule)"],
  // socket.io
  ['sql-injection', /socket\.io-postgres-emitter/, 'design', 'table name from the emitter options'],
  // parse-server
  ['template-unescaped-output', /parse-server\/public\/.*\{\{\{(?:publicServerUrl|appId)/, 'design', 'appId: one handler passes req.params.appId (so the trace says request data), but goToPage overwrites it with the configured id (Object.assign(params, defaultParams)) before rendering; publicServerUrl is configuration'],
  ['template-unescaped-output', /parse-server\/public\//, 'true', 'username/token/locale from the query string rendered with {{{ }}} (mustache, unescaped) in an attribute'],
  ['jwt-decode-without-verify', /parse-server\/src\/Adapters\/Auth\/utils\.js/, 'misfire', 'decodes only the header (kid) to pick the key the caller then verifies with'],
  ['weak-hash', /parse-server\/src\/cryptoUtils\.js/, 'design', 'md5Hash helper for non-secret digests'],
  ['secret-in-log', /parse-server\/src\/LiveQuery\//, 'true', 'session tokens written to logs'],
  // outline
  ['open-redirect', /outline\/app\/scenes\/Login\/urls\.ts/, 'design', 'strict only (low confidence): navigateToHost(host) navigates to a parameter; its one caller passes a host the user typed and validateHost checked'],
  ['open-redirect', /outline\/app\/utils\/urls\.ts/, 'design', 'strict only (low confidence): the exported redirectTo(url) navigates to its parameter; no caller in app/ at this commit'],
  ['command-injection', /outline\/(?:build\.js|server\/(?:migrations|scripts)\/)/, 'design', 'build, migration and release scripts with their own values'],
  ['config-secret', /outline\/\.github\/workflows\//, 'true', 'SECRET_KEY literal in the CI workflow (a test value, but a literal secret in CI config)'],
  ['hardcoded-password', /outline\/shared\/utils\/passkeys\.ts/, 'misfire', 'display name "1Password" of a passkey provider keyed by PasskeyBrand.OnePassword'],
  ['chmod-world-writable', /outline\/Dockerfile/, 'true', 'chmod 1777 on the file storage directory'],
  ['dockerfile-runs-as-root', /outline\/Dockerfile\.base/, 'true', 'base image stage without USER'],
  ['jwt-decode-without-verify', /outline\/(?:plugins\/(?:azure|oidc)|server\/utils\/oauth\.ts)/, 'design', 'id_token or access token read without verification, as OIDC allows for a token from the token endpoint over TLS; a person decides'],
  ['tls-verification-disabled', /outline\//, 'true', 'rejectUnauthorized: false for database, Redis (rediss://) or SMTP'],
  ['react-dangerous-html', /outline\/server\/emails\//, 'design', 'e-mail HTML rendered by the server from the document model'],
  ['open-redirect', /outline\/server\/middlewares\/apexRedirect\.ts/, 'true', 'redirect host taken from the Host header'],
  ['open-redirect', /outline\/server\/routes\/index\.ts/, 'misfire', 'the request path rewritten from /share to /s stays on the site'],
  ['open-redirect', /outline\/server\/(?:middlewares|utils)\/passport\.ts/, 'misfire', 'host validated (getValidatedHost) or the configured URL; only a notice or a state parameter is added'],
  ['sql-injection', /outline\/server\/(?:migrations|queues)\//, 'design', 'ids from the database and internal table names interpolated into SQL'],
  ['dom-xss-sink', /outline\//, 'design', 'SVG rendered by Mermaid, style tags built by the server'],
  ['weak-hash', /outline\/server\/models\/(?:Team|User)\.ts/, 'true', 'MD5 over the JWT secret to derive a deletion confirmation code'],
  ['regex-dos', /outline\/plugins\/gitlab\//, 'true', '/\\/+$/ on a request header: quadratic'],
  // etherpad
  ['gha-write-all-permissions', /etherpad-lite\/\.github\//, 'true', 'release workflow with write-all'],
  ['secret-in-log', /etherpad-lite\//, 'true', 'session ids written to the console'],
  ['command-injection', /etherpad-lite\/bin\//, 'design', 'release and docs scripts running their own commands'],
  ['container-user-root', /etherpad-lite\/docker-compose\.yml/, 'true', 'user "0:0" in the compose file'],
  ['cookie-insecure', /etherpad-lite\//, 'true', 'token cookie without secure/httpOnly'],
  ['dom-xss-sink', /etherpad-lite\/src\/static\/js\/vendors\/jquery\.ts/, 'design', 'vendored jQuery internals'],
  ['eval-non-literal', /etherpad-lite\/src\/static\/js\/vendors\/jquery\.ts/, 'design', 'vendored jQuery internals: globalEval of a script response (dataType "script") and of the <script> elements the page inserts'],
  ['dom-xss-sink', /etherpad-lite\//, 'design', 'HTML built by the editor itself from pad content it sanitises'],
  ['open-redirect', /etherpad-lite\/src\/static\/js\/pad_editbar\.ts:478/, 'true', 'document.location = document.referrer'],
  ['open-redirect', /etherpad-lite\/src\/static\/js\/pad_editbar\.ts/, 'misfire', 'the current page location with a fixed suffix, or a reload'],
  ['open-redirect', /etherpad-lite\/src\/static\/skins\//, 'design', 'pad path from the page itself'],
  ['regex-dos', /etherpad-lite\//, 'true', '/.*\\/p\\/[^/]+/ on the location: quadratic on a long path'],
  ['template-unescaped-output', /etherpad-lite\/src\/templates\/export_html\.html:4:/, 'true', 'pad id in <title> unescaped'],
  ['template-unescaped-output', /etherpad-lite\/src\/templates\//, 'design', 'HTML produced by the exporter or the toolbar helper, meant to be raw'],
  // NodeBB
  ['hardcoded-password', /NodeBB\/\.github\/workflows\/test\.yaml/, 'true', 'admin password literal in the CI test workflow (a test value)'],
  ['cookie-insecure', /NodeBB\/install\/web\.js/, 'true', 'installer session cookie without secure'],
  ['error-details-to-client', /NodeBB\/install\/web\.js/, 'true', 'stack trace sent to the installer client'],
  ['command-injection', /NodeBB\//, 'design', 'commands from configuration or the admin (launchCmd, package manager)'],
  ['dom-xss-sink', /NodeBB\//, 'design', 'HTML from templates or translated strings'],
  ['eval-non-literal', /NodeBB\//, 'design', 'new Function over a script the server bundled'],
  ['weak-hash', /NodeBB\/src\/upgrades\/1\.10\.0\//, 'true', 'SHA-1 of an IP address with the secret (a keyed hash, but not HMAC)'],
  ['weak-hash', /NodeBB\//, 'design', 'MD5 of a file name or content for a storage name, not for security'],
  ['password-fast-hash', /NodeBB\/src\/password\.js/, 'misfire', 'SHA-512 pre-hash of the password, then bcrypt in the worker (pool.exec("hash", [password, rounds]))'],
  ['path-traversal', /NodeBB\/src\/controllers\/admin\//, 'design', 'admin-only routes; paths joined under the upload and theme folders'],
  ['open-redirect', /NodeBB\/src\/middleware\/index\.js/, 'misfire', 'leading slashes collapsed to one: stays on the site'],
  ['open-redirect', /NodeBB\/src\/middleware\/user\.js/, 'true', 'req.path may start with // and becomes the target when relative_path is empty'],
  ['open-redirect', /NodeBB\/src\/controllers\/activitypub\/actors\.js/, 'design', 'Location set to a non-numeric post/message id (a remote object\'s URL) on ActivityPub routes: assertS2S admits only servers asking for ActivityPub, and assert.post/assert.message only objects the forum already stores'],
  ['regex-dos', /NodeBB\/src\/middleware\/activitypub\.js/, 'true', '/\\s*;\\s*/ on a request header: quadratic'],
  ['regex-dos', /NodeBB\/src\/admin\/search\.js/, 'design', 'quadratic on a run of spaces without a line break (20,000 spaces: 0.19 s CPU), but it collapses the admin templates and translations the server ships'],
  ['secret-in-log', /NodeBB\/src\/cli\/setup\.js/, 'design', 'setup prints the admin password it was given, on purpose'],
  ['tls-verification-disabled', /NodeBB\//, 'true', 'rejectUnauthorized: false for SMTP'],
  // uptime-kuma
  ['dockerfile-runs-as-root', /uptime-kuma\/docker\//, 'true', 'builder and base stages without USER'],
  ['tls-verification-disabled', /uptime-kuma\//, 'true', 'NODE_TLS_REJECT_UNAUTHORIZED=0 in the health check; rejectUnauthorized: false for a notification provider'],
  ['plaintext-url-in-config', /uptime-kuma\/extra\/rdap-dns\.json/, 'design', "RDAP servers as the registry's data file lists them (http)"],
  ['hardcoded-password', /uptime-kuma\/extra\/simple-mqtt-server\.js/, 'true', 'literal password of the MQTT server kept for local testing'],
  ['generic-secret', /uptime-kuma\/server\/client\.js/, 'misfire', 'R.find("api_key", "user_id=?"): a table name and an SQL condition, not a key and its value'],
  ['cipher-ecb-mode|weak-cipher|weak-hash', /uptime-kuma\/server\/modules\/axios-ntlm\//, 'design', 'NTLM itself: DES-ECB, MD4 and HMAC-MD5 as the protocol defines them'],
  ['insecure-random', /uptime-kuma\//, 'design', 'a nonce for a signed request and an alert de-duplication key, not secrets'],
  ['plaintext-http-url', /uptime-kuma\//, 'true', 'SMS API called over http'],
];
const judge = (rule, at) => {
  const row = JUDGED.find(([r, re]) => new RegExp(`^(?:${r})$`).test(rule) && re.test(at));
  return row ? { verdict: row[2], why: row[3] } : { verdict: 'unjudged', why: '' };
};

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = opt('--json') ?? join(root, 'bench-results', 'noise-eval.json');
const only = opt('--only');
const listAll = args.includes('--list');
const listTests = args.includes('--tests-list');

// `--preset strict` shows what the low-confidence rules would add (their findings are not in the JUDGED table).
const preset = opt('--preset') ?? 'recommended';
const byDefault = compileRuleset({ preset }, BUILTIN_CATALOG);
const reportAll = compileRuleset({ preset, testsAndDocs: { findings: 'report' } }, BUILTIN_CATALOG);
const shown = (f) => f.severity === 'warning' || f.severity === 'error';



const BINARY = /\.(?:png|jpe?g|gif|ico|webp|bmp|tiff?|svgz|pdf|zip|gz|tgz|bz2|xz|7z|jar|class|so|dll|exe|woff2?|ttf|otf|eot|mp[34]|mov|avi|webm|ogg|wav|psd|wasm|node)$/i;

/**
 * The pinned tree written to a temporary folder, blob by blob (`git cat-file --batch`): a mirror may
 * lack a project's largest blobs, which `git archive` would stop at. Binary files are not written.
 */
function extract(dir, commit) {
  const out = mkdtempSync(join(tmpdir(), 'warden-noise-'));
  const entries = git(dir, 'ls-tree', '-r', '-z', commit).split('\0').filter(Boolean).map((row) => {
    const tab = row.indexOf('\t');
    const [mode, type, oid] = row.slice(0, tab).split(' ');
    return { mode, type, oid, path: row.slice(tab + 1) };
  }).filter((e) => e.type === 'blob' && e.mode !== '120000' && !BINARY.test(e.path));
  const batch = execFileSync('git', ['--git-dir', dir, 'cat-file', '--batch'], { input: entries.map((e) => e.oid).join('\n') + '\n', maxBuffer: 1 << 30 });
  let at = 0;
  let missing = 0;
  for (const e of entries) {
    const nl = batch.indexOf(10, at);
    const header = batch.toString('utf8', at, nl).split(' ');
    at = nl + 1;
    if (header[1] === 'missing') {
      missing++;
      continue;
    }
    const size = Number(header[2]);
    const file = join(out, e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, batch.subarray(at, at + size));
    at += size + 1;
  }
  return { tree: out, missing };
}

const countLines = (text) => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** Line number and a one-line excerpt of a finding; the matched range is masked when it is a secret. */
function describe(text, f) {
  const lineNo = countLines(text.slice(0, f.start));
  const lineStart = text.lastIndexOf('\n', f.start - 1) + 1;
  const lineEnd = text.indexOf('\n', f.start) < 0 ? text.length : text.indexOf('\n', f.start);
  let line = text.slice(lineStart, lineEnd);
  if (f.secret) {
    const a = f.start - lineStart;
    const b = Math.min(f.end, lineEnd) - lineStart;
    line = `${line.slice(0, a)}${f.secret.masked}${line.slice(b)}`;
  }
  line = redact(line.trim(), []).replace(/\s+/g, ' ');
  return { line: lineNo, excerpt: line.length > 160 ? `${line.slice(0, 157)}…` : line };
}

const results = [];
console.log(`Noise on popular npm packages and applications (${preset} preset; a finding = warning or error)\n`);
console.log(`${'project'.padEnd(30)} ${'kind'.padEnd(11)} ${'lines (rest)'.padStart(12)} ${'found'.padStart(5)} ${'/10k'.padStart(5)}  ${'lines (tests+docs)'.padStart(18)} ${'shown'.padStart(5)} ${'w/o'.padStart(5)}`);
for (const project of PROJECTS) {
  if (only && project.repo !== only) continue;
  const dir = mirror(project);
  if (!dir) {
    console.log(`${project.repo}: not mirrored under ${MIRRORS}, skipped.`);
    continue;
  }
  const { tree, missing } = extract(dir, project.commit);
  const row = {
    repo: project.repo, commit: project.commit, kind: project.kind,
    rest: { files: 0, lines: 0, findings: [] },
    testsAndDocs: { files: 0, lines: 0, shown: 0, unlowered: 0, byKind: {}, findings: [] },
    skipped: 0, ruleErrors: 0, missingBlobs: missing,
  };
  try {
    const { files } = await walk(tree, ['.']);
    const texts = new Map();
    for (const entry of files) {
      try {
        texts.set(entry.relativePath, readFileSync(entry.path, 'utf8'));
      } catch {
        // unreadable: not analysed
      }
    }
    // As `warden scan` does: templates get what the project's JS/TS files pass to them.
    const facts = collectRenderFacts([...texts].filter(([p]) => mayRenderTemplates(detectLanguage(p))).map(([path, text]) => ({ path, text })));
    // As `warden scan` does: dependency versions from each file's nearest package.json.
    const projectFacts = new ProjectFactsReader();
    for (const [path, text] of texts) {
      const renders = templateEngineOf(path, detectLanguage(path)) ? factsFor(facts, path) : undefined;
      const versions = projectFacts.factsFor(join(tree, path));
      const result = analyze({ text, path }, byDefault, { timeBudgetMs: 60_000, renders, project: versions });
      if (result.skipped) {
        row.skipped++;
        continue;
      }
      row.ruleErrors += result.ruleErrors.length;
      const kind = nonProductionKind(path, text, detectLanguage(path));
      const lines = countLines(text);
      if (!kind) {
        row.rest.files++;
        row.rest.lines += lines;
        for (const f of result.findings.filter(shown)) {
          const d = describe(text, f);
          row.rest.findings.push({ rule: f.ruleId, severity: f.severity, path, ...d, ...judge(f.ruleId, `${project.repo}/${path}:${d.line}:${d.excerpt}`) });
        }
        continue;
      }
      const t = row.testsAndDocs;
      t.files++;
      t.lines += lines;
      t.byKind[kind] = (t.byKind[kind] ?? 0) + 1;
      const kept = result.findings.filter(shown);
      t.shown += kept.length;
      for (const f of kept) t.findings.push({ rule: f.ruleId, severity: f.severity, path, kind, ...describe(text, f) });
      if (result.findings.length > 0) t.unlowered += analyze({ text, path }, reportAll, { timeBudgetMs: 60_000, renders, project: versions }).findings.filter(shown).length;
    }
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
  row.rest.per10k = (row.rest.findings.length / Math.max(1, row.rest.lines)) * 10_000;
  results.push(row);
  const t = row.testsAndDocs;
  console.log(`${project.repo.padEnd(30)} ${project.kind.padEnd(11)} ${String(row.rest.lines).padStart(12)} ${String(row.rest.findings.length).padStart(5)} ${row.rest.per10k.toFixed(2).padStart(5)}  ${String(t.lines).padStart(18)} ${String(t.shown).padStart(5)} ${String(t.unlowered).padStart(5)}`);
}

const sum = (f) => results.reduce((a, r) => a + f(r), 0);
const total = {
  restLines: sum((r) => r.rest.lines),
  restFindings: sum((r) => r.rest.findings.length),
  testsAndDocsLines: sum((r) => r.testsAndDocs.lines),
  testsAndDocsShown: sum((r) => r.testsAndDocs.shown),
  testsAndDocsUnlowered: sum((r) => r.testsAndDocs.unlowered),
  ruleErrors: sum((r) => r.ruleErrors),
};
total.restPer10k = (total.restFindings / Math.max(1, total.restLines)) * 10_000;
console.log(`${'total'.padEnd(30)} ${''.padEnd(11)} ${String(total.restLines).padStart(12)} ${String(total.restFindings).padStart(5)} ${total.restPer10k.toFixed(2).padStart(5)}  ${String(total.testsAndDocsLines).padStart(18)} ${String(total.testsAndDocsShown).padStart(5)} ${String(total.testsAndDocsUnlowered).padStart(5)}`);
console.log('\n"shown": warnings and errors in tests and docs as reported by default; "w/o": the same files with testsAndDocs: report.');
if (total.ruleErrors) console.log(`rule errors: ${total.ruleErrors}`);

const verdicts = {};
for (const r of results) for (const f of r.rest.findings) verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
total.verdicts = verdicts;
total.misfirePer10k = ((verdicts.misfire ?? 0) / Math.max(1, total.restLines)) * 10_000;
console.log(`Judged outside tests and docs: ${Object.entries(verdicts).map(([k, v]) => `${k} ${v}`).join(', ')}; misfires ${total.misfirePer10k.toFixed(2)} per 10,000 lines`);
const packages = results.filter((r) => r.kind === 'package');
const pkgLines = packages.reduce((a, r) => a + r.rest.lines, 0);
const pkgFound = packages.reduce((a, r) => a + r.rest.findings.length, 0);
console.log(`npm packages alone: ${pkgFound} findings in ${pkgLines} lines = ${((pkgFound / Math.max(1, pkgLines)) * 10_000).toFixed(2)} per 10,000 lines`);

const perRule = new Map();
for (const r of results) for (const f of r.rest.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
console.log(`\nOutside tests and docs, by rule: ${[...perRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
if (listAll) {
  console.log('\nEvery finding outside tests and docs:');
  for (const r of results) for (const f of r.rest.findings) console.log(`${f.verdict}\t${f.rule}\t${r.repo}/${f.path}:${f.line}\t${f.excerpt}\t${f.why}`);
}
if (listTests) {
  console.log('\nFindings shown in tests and docs:');
  for (const r of results) for (const f of r.testsAndDocs.findings) console.log(`${f.rule}\t${f.kind}\t${r.repo}/${f.path}:${f.line}\t${f.excerpt}`);
}

mkdirSync(dirname(jsonOut), { recursive: true });
// Their code stays out of the committed figures: locations and judgements only, no excerpts.
const withoutExcerpts = results.map((r) => ({
  ...r,
  rest: { ...r.rest, findings: r.rest.findings.map(({ excerpt: _, ...f }) => f) },
  testsAndDocs: { ...r.testsAndDocs, findings: r.testsAndDocs.findings.map(({ excerpt: _, ...f }) => f) },
}));
writeFileSync(jsonOut, `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), preset, total, projects: withoutExcerpts }, null, 2)}\n`);
console.log(`\nWritten to ${jsonOut}`);
