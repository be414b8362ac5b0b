#!/usr/bin/env node
// Precision and recall per class of the JS/TS pattern rules on labelled suites nobody here wrote, with
// eslint-plugin-security (recommended) run on the same files in the same run.
//
// Suites (fetched with the `fetch` tool into /work/.mirror, read at pinned commits, extracted at run time
// into a temporary folder; nothing of theirs is committed):
//   - semgrep/semgrep-rules: javascript/ and typescript/ test files, labelled `// ruleid: <id>` (the next
//     code line must be reported) and `// ok: <id>` (must not be);
//   - ajinabraham/njsscan: tests/assets/node_source, `// ruleid:<id>` in true_positives; every file of
//     true_negatives is clean.
// What is ours: CLASSES, which maps their rule ids to a class (first match wins) and each class to the
// Warden rules and the eslint-plugin-security rules that belong to it. How an id is mapped: by what its
// rule looks for (read in the suite's rule and test file), never by whether Warden finds it. An id goes
// into a class when its labels mark a sink or a setting of that class (issue #15's sink classes and the
// classes below): markup written to a response or the DOM, a sanitiser bypassed or template escaping
// turned off is XSS; code or a template compiled from data, or a method chosen by data, is code
// injection; a session cookie without Secure or HttpOnly is its own class. Its labels then count in full,
// found or not; a label the issue's data-flow rule says is wrong is set apart in the judged reading
// only. Their rule ids that map to no class are counted and printed as out of scope, each under its
// reason (OUT_OF_SCOPE: style and i18n rules, infrastructure settings, header injection, timing attacks,
// classes issue #15 does not list for JS/TS), not hidden; an id with no reason is printed as such.
//
// A label at line L counts as found when a rule of its class reports a finding starting on L, L+1 or
// L+2 (a statement spread over lines), before the next label. A label on a line that loads a module
// (`const x = require('m')`, `import … from 'm'`) marks a pattern that starts there and ends at the use
// (njsscan's `require(...)` … sink patterns): its lines run to the next label or the end of the block
// that holds it. A finding's related location on the label's line counts too (where the request data
// enters or the HTML is built, above a reported sink; the literal of a constant reported where it is
// used): the suites often label those lines. `--sink-line-only` leaves related locations out (the
// stricter reading, reported next to the default one). Precision counts, in every file holding a label of the class and in every true-negative
// file, the class's findings that no positive label of the class accounts for.
//
// A second table, the judged reading, leaves out the labels and findings that scripts/corpus/coverage-judgements.mjs
// sets apart (a label the issue's data-flow rule says is wrong; a finding right despite an `ok:` label or a
// true-negative file), keyed by the suite's rule id and the code on the line, each with its reason; every
// one applied is printed with its place, next to the raw figures.
//
//   node scripts/eval-coverage.mjs [--json out.json] [--misses] [--extra] [--no-eslint] [--sink-line-only]
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIRRORS, archive, lineOf, listFiles } from './lib/mirrors.mjs';
import { LABELS as JUDGED_LABELS, FINDINGS as JUDGED_FINDINGS, judgedFinding, judgedLabel } from './corpus/coverage-judgements.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const showExtra = args.includes('--extra');
const withEslint = !args.includes('--no-eslint');
const sinkLineOnly = args.includes('--sink-line-only');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : join(root, 'bench-results', 'coverage-eval.json');

const MIRROR = MIRRORS;
const SUITES = [
  { name: 'semgrep-rules', repo: 'semgrep+semgrep-rules', commit: '157ae4706d7f54aa33647332f234dd68f30da195', paths: ['javascript', 'typescript'] },
  { name: 'njsscan', repo: 'ajinabraham+njsscan', commit: 'b6ade853818a0c2a4fde36a1c5740b663e758ad2', paths: ['tests/assets/node_source'] },
];

const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const credentialRules = ruleset.allMetas().filter((m) => m.category === 'credentials').map((m) => m.id);

/** Their rule id (regex, first match wins) → class; class → Warden rules and eslint-plugin-security rules. Our labels. */
const CLASSES = [
  { name: 'ssrf (headless browsers, PDF)', their: /phantom|puppeteer|playwright|wkhtml|chrome-remote/, warden: ['ssrf', 'headless-browser-injection'], eslint: [] },
  { name: 'ssrf (HTTP clients)', their: /(?:^|[-_])ssrf$|apollo-axios-ssrf|^node_ssrf$|^express-ssrf$/, warden: ['ssrf'], eslint: [] },
  { name: 'xxe', their: /xxe|noent|entity_expansion/, warden: ['xml-external-entities', 'xml-entity-expansion'], eslint: [] },
  { name: 'redos / regex injection', their: /redos|regex_dos|regex_injection|non-literal-regexp|unsafe-regex/, warden: ['regex-dos'], eslint: ['security/detect-non-literal-regexp', 'security/detect-unsafe-regex'] },
  { name: 'nosql injection', their: /nosql|dynamodb-request-object/, warden: ['nosql-injection'], eslint: [] },
  { name: 'code injection (eval, vm, sandboxes, template engines)', their: /eval|(?:^|[-_])vm(?:2)?[-_]|sandbox|notevil|code-string-concat|multiargs-code|template_injection|res-render-injection|code_injection|insecure-template-usage|code-execution|unsafe-dynamic-method|non-literal-require|^require-request$/, warden: ['eval-non-literal', 'library-code-injection'], eslint: ['security/detect-eval-with-expression', 'security/detect-non-literal-require'] },
  { name: 'sql injection', their: /sqli|sql-string|sql_injection|sequelize-raw|sequelize-injection/, warden: ['sql-injection'], eslint: [] },
  { name: 'command injection', their: /os_command|child-process|spawn|shelljs|exec-injection|deno-dangerous-run/, warden: ['command-injection'], eslint: ['security/detect-child-process'] },
  { name: 'path traversal', their: /traversal|sendfile|non-literal-fs|path_overwrite|_lfr/, warden: ['path-traversal', 'archive-path-traversal'], eslint: ['security/detect-non-literal-fs-filename'] },
  { name: 'open redirect', their: /redirect/, warden: ['open-redirect'], eslint: [] },
  { name: 'directory listing', their: /directory-listing/, warden: ['directory-listing'], eslint: [] },
  { name: 'hardcoded secrets', their: /hardcoded|secret|node_password|api_key|jwt_exposed_credentials|hmac-key/, warden: [...credentialRules, 'literal-jwt-key', 'literal-session-secret', 'literal-db-password', 'literal-cipher-key'], eslint: [] },
  { name: 'session cookies (Secure, HttpOnly)', their: /cookie[-_]session[-_]no[-_](?:secure|httponly)$/, warden: ['cookie-insecure'], eslint: [] },
  { name: 'jwt verification', their: /jwt.*(?:none|noverify|without-verify)/, warden: ['jwt-algorithm-not-pinned', 'jwt-decode-without-verify'], eslint: [] },
  { name: 'weak crypto', their: /md5|sha1|aes_ecb|noiv|no-iv|weak_hash|weak_crypto|insecure_random|pseudoRandomBytes/, warden: ['weak-hash', 'password-fast-hash', 'weak-cipher', 'cipher-ecb-mode', 'cipher-static-iv', 'insecure-random'], eslint: ['security/detect-pseudoRandomBytes'] },
  { name: 'tls', their: /tls|reject_?unauthori|ssl_verify/, warden: ['tls-verification-disabled', 'insecure-tls-version', 'database-without-tls'], eslint: [] },
  { name: 'cors', their: /cors/, warden: ['cors-wildcard-credentials', 'cors-origin-regex', 'cors-any-origin'], eslint: [] },
  { name: 'deserialization', their: /deserializ|unserialize/, warden: ['unsafe-deserialization'], eslint: [] },
  { name: 'xss (DOM, React, Angular)', their: new RegExp([
    /xss|innerhtml|dangerouslysetinnerhtml|bypasssecuritytrust|insecure-document-method|raw-html|html-string|unsanitized|trust-as-html/.source,
    // Markup written to a response or the DOM, and template or sanitiser settings that turn escaping off.
    /direct-response-write|tainted-html-response|html-in-template-string|unknown-value-with-script-tag|createnodesfrommarkup|jquery-insecure|prohibit-jquery-html/.source,
    /detect-angular-(?:trust-as|sce-disabled|element-|resource-loading|translateprovider)|react-markdown-insecure-html|react-href-var|monaco-hover-htmlsupport/.source,
    /handlebars_(?:safestring|noescape)|disable-mustache-escape|escape-function-overwrite|squirrelly_autoescape|unsafe-serialize-javascript/.source,
  ].join('|')), warden: ['dom-xss-sink', 'react-dangerous-html', 'angular-bypass-sanitizer', 'reflected-xss', 'html-from-request', 'serialize-javascript-unsafe', 'handlebars-safestring', 'template-autoescape-off', 'html-escaping-disabled'], eslint: ['security/detect-disable-mustache-escape'] },
];
const classOf = (id) => CLASSES.find((c) => c.their.test(id));

/**
 * Why their rule ids that map to no class are left out: each out-of-scope id is printed under the first
 * reason it matches (regex, first match wins), or under "no reason written" (a new id to map or explain).
 */
const OUT_OF_SCOPE = [
  [/i18n|i18next|jsx-label|jsx-not-internationalized|useselect-label|mui-snackbar|react-(?:props-in-state|props-spreading|find-dom|legacy-component)|styled-components|calling-set-state|useless-|assigned-undefined|eqeq-is-bad|no-replaceall|moment-deprecated|lazy-load-module|javascript-(?:prompt|alert|confirm|debugger)|missing-template-string|no-stringify-keys|zlib-async-loop|ajv-allerrors/,
    'code style, i18n and library-usage rules: no security class'],
  [/awscdk|aws-cdk/, 'AWS CDK infrastructure settings (bucket encryption, public access, queues): configuration, not JS/TS code'],
  [/header_injection|helmet_feature_disabled|x-frame-options/, 'response headers (header injection, helmet features, X-Frame-Options): no JS/TS class in issue #15'],
  [/cookie[-_]session[-_](?:default|no[-_](?:domain|path|expires|maxage|samesite))/, 'session cookie name, domain, path, expiry and SameSite: issue #15\'s class is Secure and HttpOnly'],
  [/timing_attack/, 'timing attacks on comparisons: no class in issue #15'],
  [/csrf|csurf/, 'CSRF middleware: no class in issue #15'],
  [/postmessage/, 'postMessage origins: no class in issue #15'],
  [/electron_(?!allow_http)/, 'Electron window settings: no class in issue #15'],
  [/insecure-request|insecure-websocket|grpc.*insecure|electron_allow_http/,
    'cleartext transport (http://, ws://, insecure gRPC): Warden has plaintext-http-url, but issue #15 lists no such JS/TS class and the suite\'s hosts are example.com names Warden skips on purpose; a class of its own is a next step'],
  [/jwt|jose/, 'JWT payload exposure, storage and revocation: issue #15\'s JWT class is verification'],
  [/aead-no-final|gcm-no-tag-length|argon2/, 'AEAD and Argon2 API misuse (no final(), tag length, cost settings): not a weak algorithm, the weak-crypto class'],
  [/prototype-pollution|remote-property-injection|insecure-object-assign/, 'prototype pollution and property injection: no class in issue #15'],
  [/dos$|noassert/, 'object-size DoS and Buffer noAssert: no class in issue #15'],
  [/error_disclosure/, 'error details sent to the client: Warden has error-details-to-client, but issue #15 lists no such class'],
  [/xpath/, 'XPath injection: issue #15 lists no XPath class and Warden has no JS/TS XPath rule (tainted-ldap-xpath covers the tree-sitter languages); counting it would score a class Warden does not claim for JS'],
  [/sanitization|formatstring/, 'hand-written sanitisers that replace only the first match, and console.log format strings: code quality, no sink of a class'],
  [/exfiltration|bodyparser|node_username|logic_bypass|intercom/, 'request-driven outbound requests, body-parser limits, user enumeration, logic bypass, Intercom identity: no class in issue #15'],
];

/** A statement that loads a module: a pattern labelled there runs on to where the module is used. */
const LOADS_MODULE = /^\s*(?:(?:const|let|var)\s+[^=]+=\s*require\s*\(|import\s.*\bfrom\s*['"])/;

/** The last line (1-based) before the block holding `line` closes, or the file's last line. */
function enclosingBlockEnd(rows, line) {
  let depth = 0;
  for (let i = line - 1; i < rows.length; i++) {
    for (const ch of rows[i].replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|\/\/.*$/g, '')) {
      if (ch === '{') depth++;
      else if (ch === '}' && --depth < 0) return i + 1;
    }
  }
  return rows.length;
}

function extract(suite) {
  const dir = join(MIRROR, suite.repo, 'repo');
  return existsSync(dir) ? archive(dir, suite.commit, suite.paths, suite.name) : undefined;
}


/** `{ line, id, positive }` for each label; the label applies to the next line that is neither blank nor a comment. */
function labelsOf(text) {
  const rows = text.split('\n');
  const labels = [];
  let pending = [];
  rows.forEach((row, i) => {
    const m = /(?:\/\/|\/\*|\{\/\*|<!--)\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w.,\s-]+?)\s*(?:\*\/\}?|-->)?\s*$/.exec(row);
    if (m) {
      if (m[1] === 'ruleid' || m[1] === 'ok') for (const id of m[2].split(/\s*,\s*/)) pending.push({ id, positive: m[1] === 'ruleid' });
      // A label after code on the same line labels that line.
      if (!/^\s*(?:\/\/|\/\*|\{\/\*|<!--)/.test(row) && pending.length) {
        labels.push(...pending.map((p) => ({ ...p, line: i + 1 })));
        pending = [];
      }
      return;
    }
    if (pending.length && row.trim() !== '' && !/^\s*(?:\/\/|\/\*|\*)/.test(row)) {
      labels.push(...pending.map((p) => ({ ...p, line: i + 1 })));
      pending = [];
    }
  });
  return labels;
}


async function eslintRunner() {
  const { ESLint } = require('eslint');
  const security = require('eslint-plugin-security');
  const tsParser = require('@typescript-eslint/parser');
  const rules = security.configs.recommended.rules;
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,jsx}'], plugins: { security }, rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.{ts,mts,cts,tsx}'], plugins: { security }, rules, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } },
    ],
  });
}

// `judgedLabels`, `judgedTp`: positive labels our judgements set apart (scripts/corpus/coverage-judgements.mjs)
// and how many of them the tool found; `judgedFp`: false positives judged right. The judged reading is the
// raw one without them.
const tally = () => new Map(CLASSES.map((c) => [c.name, { labels: 0, tp: 0, fp: 0, judgedLabels: 0, judgedTp: 0, judgedFp: 0 }]));
/** Every judgement applied, with where: `reason → [place]`, for Warden's run (the labels are the same for every tool). */
const judgedPlaces = new Map();
const noteJudged = (row, place) => judgedPlaces.set(row, [...(judgedPlaces.get(row) ?? []), place]);
const results = { warden: tally(), eslint: tally() };
const outOfScope = new Map();
const misses = [];
const extra = [];
let files = 0;
let parseErrors = 0;
const parseErrorFiles = [];
const eslint = withEslint ? await eslintRunner() : undefined;
const skippedSuites = [];

for (const suite of SUITES) {
  const dir = extract(suite);
  if (!dir) {
    skippedSuites.push(suite.name);
    console.log(`skipped ${suite.name}: ${join(MIRROR, suite.repo)} is absent (fetch github:${suite.repo.replace('+', '/')} first)`);
    continue;
  }
  try {
    for (const file of listFiles(dir, (name) => /\.(?:[cm]?js|jsx|ts|tsx)$/.test(name))) {
      const rel = `${suite.name}/${relative(dir, file).split(sep).join('/')}`;
      const text = readFileSync(file, 'utf8');
      const trueNegative = /\/true_negatives\//.test(rel);
      const labels = labelsOf(text).map((l) => ({ ...l, cls: classOf(l.id) }));
      for (const l of labels) if (l.positive && !l.cls) outOfScope.set(l.id, (outOfScope.get(l.id) ?? 0) + 1);
      const scoped = labels.filter((l) => l.cls);
      if (!trueNegative && scoped.length === 0) continue;
      files++;
      const classesHere = new Set(trueNegative ? CLASSES.map((c) => c.name) : scoped.map((l) => l.cls.name));
      const positives = scoped.filter((l) => l.positive).sort((a, b) => a.line - b.line);
      const lineNo = lineOf(text);
      const rows = text.split('\n');
      const labelLines = [...new Set(labels.map((l) => l.line))].sort((a, b) => a - b);
      /** The last line a positive label's finding may start on (see the header). */
      const lastLine = (l, nextOfClass) => {
        if (!LOADS_MODULE.test(rows[l.line - 1] ?? '')) return Math.min(l.line + 2, nextOfClass - 1);
        const nextLabel = labelLines.find((x) => x > l.line) ?? Infinity;
        return Math.min(enclosingBlockEnd(rows, l.line), nextLabel - 1, nextOfClass - 1);
      };

      const tool = async (name) => {
        let found; // [{ line, rule }]
        if (name === 'warden') {
          // A path without test/fixture words: the suites' own folder names would otherwise count.
          const result = analyze({ text, path: `src/${rel.split('/').pop()}` }, ruleset);
          if (result.parseError) { parseErrors++; parseErrorFiles.push(`${rel}: ${String(result.parseError.message ?? result.parseError).slice(0, 120)}`); }
          found = result.findings.map((f) => ({ line: lineNo(f.start), rule: f.ruleId, related: sinkLineOnly ? [] : (f.related ?? []).map((r) => lineNo(r.start)) }));
        } else {
          const [r] = await eslint.lintText(text, { filePath: join(root, 'eval-tmp', rel.split('/').pop().replace(/\.mjs$/, '.js')) });
          found = (r?.messages ?? []).filter((m) => m.ruleId).map((m) => ({ line: m.line, rule: m.ruleId, related: [] }));
        }
        const t = results[name];
        for (const cls of CLASSES) {
          if (!classesHere.has(cls.name)) continue;
          const rules = new Set(name === 'warden' ? cls.warden : cls.eslint);
          const mine = found.filter((f) => rules.has(f.rule));
          const used = new Set();
          const usedRelated = new Set();
          const ps = positives.filter((l) => l.cls === cls);
          ps.forEach((l, i) => {
            const limit = lastLine(l, ps[i + 1]?.line ?? Infinity);
            // A finding counts by its own lines, or by a related location on the label's line (a constant's
            // literal, shown with the finding reported where the constant is used), as in eval-languages.mjs.
            // Each of a finding's places (its own, its related one) accounts for one label.
            const own = (f) => f.line >= l.line && f.line <= limit;
            const byRelated = (f) => f.related.includes(l.line);
            const hit = mine.findIndex((f, j) => (!used.has(j) && own(f)) || (!usedRelated.has(j) && byRelated(f)));
            t.get(cls.name).labels++;
            const judged = judgedLabel(cls.name, l.id, rows[l.line - 1] ?? '');
            if (judged) {
              t.get(cls.name).judgedLabels++;
              if (hit >= 0) t.get(cls.name).judgedTp++;
              if (name === 'warden') noteJudged(judged, `${rel}:${l.line} (${l.id}${hit >= 0 ? ', found' : ''})`);
            }
            if (hit >= 0) {
              t.get(cls.name).tp++;
              // Other findings of the class on the same lines belong to the same label.
              mine.forEach((f, j) => { if (own(f)) used.add(j); else if (byRelated(f)) usedRelated.add(j); });
            } else if (name === 'warden') misses.push(`${judged ? '[judged] ' : ''}${cls.name}: ${rel}:${l.line} (${l.id}): ${rows[l.line - 1]?.trim().slice(0, 100)}`);
          });
          mine.forEach((f, j) => {
            if (used.has(j) || usedRelated.has(j)) return;
            t.get(cls.name).fp++;
            const judged = judgedFinding(cls.name, f.rule, rows[f.line - 1] ?? '');
            if (judged) {
              t.get(cls.name).judgedFp++;
              if (name === 'warden') noteJudged(judged, `${rel}:${f.line} ${f.rule}`);
            }
            if (name === 'warden') extra.push(`${judged ? '[judged] ' : ''}${cls.name}: ${rel}:${f.line} ${f.rule}: ${rows[f.line - 1]?.trim().slice(0, 100)}`);
          });
        }
      };
      await tool('warden');
      if (eslint) await tool('eslint');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const row = (t) => {
  const p = t.tp + t.fp === 0 ? NaN : t.tp / (t.tp + t.fp);
  const r = t.labels === 0 ? NaN : t.tp / t.labels;
  return { labels: t.labels, tp: t.tp, fp: t.fp, precision: p, recall: r };
};
console.log(`\n${files} labelled files (${SUITES.filter((s) => !skippedSuites.includes(s.name)).map((s) => `${s.name}@${s.commit.slice(0, 8)}`).join(', ')}); Warden parse errors: ${parseErrors}; ${sinkLineOnly ? "a finding's own lines only (--sink-line-only)" : "a finding's lines and its related locations"}\n`);
console.log('| class | labels | Warden P | Warden R | eslint-plugin-security P | eslint-plugin-security R |');
console.log('| --- | --- | --- | --- | --- | --- |');
const json = { suites: SUITES, sinkLineOnly, classes: {}, outOfScope: Object.fromEntries([...outOfScope].sort((a, b) => b[1] - a[1])) };
const total = { warden: { labels: 0, tp: 0, fp: 0 }, eslint: { labels: 0, tp: 0, fp: 0 } };
for (const cls of CLASSES) {
  const w = row(results.warden.get(cls.name));
  const e = row(results.eslint.get(cls.name));
  if (w.labels === 0) continue;
  for (const [k, v] of [['warden', results.warden.get(cls.name)], ['eslint', results.eslint.get(cls.name)]]) {
    total[k].labels += v.labels; total[k].tp += v.tp; total[k].fp += v.fp;
  }
  json.classes[cls.name] = { warden: w, eslint: eslint ? e : undefined };
  console.log(`| ${cls.name} | ${w.labels} | ${fmt(w.precision)} (${w.fp} FP) | ${fmt(w.recall)} | ${eslint && cls.eslint.length ? `${fmt(e.precision)} (${e.fp} FP)` : '–'} | ${eslint && cls.eslint.length ? fmt(e.recall) : '–'} |`);
}
const tw = row(total.warden);
const te = row(total.eslint);
console.log(`| all classes | ${tw.labels} | ${fmt(tw.precision)} (${tw.fp} FP) | ${fmt(tw.recall)} | ${eslint ? `${fmt(te.precision)} (${te.fp} FP)` : '–'} | ${eslint ? fmt(te.recall) : '–'} |`);
json.total = { warden: tw, eslint: eslint ? te : undefined };

// The judged reading: the same run without the labels and findings our judgements set apart.
const judgedRow = (t) => row({ labels: t.labels - t.judgedLabels, tp: t.tp - t.judgedTp, fp: t.fp - t.judgedFp });
const judgedTotal = { warden: { labels: 0, tp: 0, fp: 0 }, eslint: { labels: 0, tp: 0, fp: 0 } };
console.log(`\nJudged: without the labels and findings set apart in scripts/corpus/coverage-judgements.mjs (listed below with their reasons); raw figures first\n`);
console.log('| class | labels raw → judged | Warden P / R raw | Warden P / R judged | eslint-plugin-security P / R judged |');
console.log('| --- | --- | --- | --- | --- |');
json.judged = { classes: {} };
for (const cls of CLASSES) {
  const tw0 = results.warden.get(cls.name);
  if (tw0.labels === 0) continue;
  const w = row(tw0);
  const wj = judgedRow(tw0);
  const ej = judgedRow(results.eslint.get(cls.name));
  for (const [k, v] of [['warden', wj], ['eslint', ej]]) {
    judgedTotal[k].labels += v.labels; judgedTotal[k].tp += v.tp; judgedTotal[k].fp += v.fp;
  }
  json.judged.classes[cls.name] = { warden: wj, eslint: eslint ? ej : undefined };
  console.log(`| ${cls.name} | ${w.labels} → ${wj.labels} | ${fmt(w.precision)} (${w.fp} FP) / ${fmt(w.recall)} | ${fmt(wj.precision)} (${wj.fp} FP) / ${fmt(wj.recall)} | ${eslint && cls.eslint.length ? `${fmt(ej.precision)} / ${fmt(ej.recall)}` : '–'} |`);
}
const twj = row(judgedTotal.warden);
const tej = row(judgedTotal.eslint);
console.log(`| all classes | ${tw.labels} → ${twj.labels} | ${fmt(tw.precision)} (${tw.fp} FP) / ${fmt(tw.recall)} | ${fmt(twj.precision)} (${twj.fp} FP) / ${fmt(twj.recall)} | ${eslint ? `${fmt(tej.precision)} / ${fmt(tej.recall)}` : '–'} |`);
json.judged.total = { warden: twj, eslint: eslint ? tej : undefined };
console.log('\nSet apart (count, reason, places):');
json.judged.reasons = [];
for (const [kind, rows] of [['label', JUDGED_LABELS], ['finding', JUDGED_FINDINGS]]) {
  for (const judgement of rows) {
    const places = judgedPlaces.get(judgement) ?? [];
    json.judged.reasons.push({ kind, class: judgement[0], reason: judgement[3], places });
    console.log(`  ${places.length} × ${kind === 'label' ? 'label judged wrong' : 'finding judged right'} (${judgement[0]}): ${judgement[3]}`);
    for (const p of places) console.log(`      ${p}`);
  }
}
const oos = [...outOfScope.values()].reduce((a, b) => a + b, 0);
console.log(`\nPositive labels of rule ids mapped to no class (out of scope, not counted): ${oos} over ${outOfScope.size} ids`);
const byReason = new Map();
for (const [id, n] of [...outOfScope].sort((a, b) => b[1] - a[1])) {
  const reason = OUT_OF_SCOPE.find(([re]) => re.test(id))?.[1] ?? 'no reason written (map it to a class or give it a reason)';
  byReason.set(reason, [...(byReason.get(reason) ?? []), `${id} ${n}`]);
}
for (const [reason, ids] of byReason) console.log(`  ${reason}: ${ids.join(', ')}`);
json.outOfScopeReasons = Object.fromEntries(byReason);
if (parseErrorFiles.length) console.log(`\nParse errors:\n${parseErrorFiles.join('\n')}`);
if (showMisses) console.log(`\nMisses ([judged]: a label set apart in the judged reading):\n${misses.join('\n')}`);
if (showExtra) console.log(`\nFindings no label accounts for ([judged]: judged right, set apart in the judged reading):\n${extra.join('\n')}`);
json.misses = misses;
json.extra = extra;
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(json, null, 2));
