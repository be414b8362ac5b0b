#!/usr/bin/env node
// Precision and recall of Warden's template rules on material nobody here wrote (the template half of
// the coverage evaluation; scripts/eval-coverage.mjs does JS/TS).
//
// Suites (fetched with the `fetch` tool into /work/.mirror, read at pinned commits, extracted at run time
// into a temporary folder; nothing of theirs is committed):
//   - semgrep/semgrep-rules: every template test file (EJS, ERB, Mustache, Pug, Vue, Razor, Blade, Django/
//     Flask/Jinja HTML, plain HTML), labelled `ruleid: <id>` / `ok: <id>` in the template's own comments
//     (`<!-- -->`, `//` in Pug, `{# #}`, `<%# %>`, `@* *@`); a label applies to the next line that is not
//     blank and not itself a label;
//   - ajinabraham/njsscan: tests/assets/templates, labelled per file: every true_positives file of an
//     engine in scope must get a finding, no true_negatives file may;
//   - real applications (`warden scan` of the whole tree, so the render index is used): every template
//     finding is listed with its severity, for judging by hand (docs/engineering.md holds the verdicts).
// What is ours: CLASSES (their rule ids → class → Warden rules) and NJSSCAN_IN_SCOPE. Their labels of
// no class are counted and listed as out of scope, not hidden.
//
// A label at line L counts as found when a rule of its class reports a finding starting on L, L+1 or
// L+2, before the next label. Precision counts, in every file with a label of the class, the class's
// findings that no positive label accounts for.
//
//   npm run build && node scripts/eval-templates.mjs [--json out.json] [--misses] [--extra] [--no-apps]
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIRRORS, archive, lineOf, listFiles } from './lib/mirrors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze, prepareLanguages } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');
const { templateEngineOf } = require('../out/server/src/templates/sites.js');
const { detectLanguage } = require('../out/server/src/engine/languages.js');

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const showExtra = args.includes('--extra');
const withApps = !args.includes('--no-apps');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : join(root, 'bench-results', 'templates-eval.json');

const MIRROR = MIRRORS;
const TEMPLATE_FILE = /\.(?:ejs|erb|hbs|handlebars|mustache|pug|jade|njk|nunjucks|jinja2?|j2|twig|cshtml|razor|vue|svelte|html?)$/i;
const SEMGREP = { name: 'semgrep-rules', repo: 'semgrep+semgrep-rules', commit: '157ae4706d7f54aa33647332f234dd68f30da195', paths: ['.'] };
const NJSSCAN = { name: 'njsscan', repo: 'ajinabraham+njsscan', commit: 'b6ade853818a0c2a4fde36a1c5740b663e758ad2', paths: ['tests/assets/templates'] };
/** Template-heavy applications (not reserved), pinned. */
const APPS = [
  { name: 'etherpad-lite (EJS)', repo: 'ether+etherpad-lite', commit: 'b827f5b3d93bc79fc9014c7d9f8b900956b8af65', paths: ['src'] },
  { name: 'eShop (Razor)', repo: 'dotnet+eShop', commit: '5624ad564d1602a927879df32a79b94522eb6101', paths: ['src'] },
  { name: 'sinatra (ERB, Haml, examples)', repo: 'sinatra+sinatra', commit: 'cb22afd7902b566b6eaba6c4ea89739494a65d12', paths: ['.'] },
  { name: 'laravel/framework (Blade)', repo: 'laravel+framework', commit: 'bd71b45fbb7e672957bf6ff61baddefe15fbca6a', paths: ['src'] },
  { name: 'spring-petclinic (Thymeleaf HTML)', repo: 'spring-projects+spring-petclinic', commit: 'edf4db28affcc4741c79850a3d95bc3f177b5ff9', paths: ['src'] },
  { name: 'node-red (HTML editor templates)', repo: 'node-red+node-red', commit: '1f38dc899b1d6d24b05369023ef2d83b808cd55d', paths: ['packages'] },
];

/** Their rule id → class; class → Warden rules. Our labels. */
const CLASSES = [
  {
    name: 'unescaped template output',
    their: /explicit-unescape|avoid-v-html|autoescape-off|unescaped-with-safe|safeseq|html-safe|avoid-raw|htmlstring|html-raw/,
    warden: ['template-unescaped-output'],
  },
  { name: 'external script without integrity', their: /missing-integrity/, warden: ['script-src-insecure'] },
];
const classOf = (id) => CLASSES.find((c) => c.their.test(id));
/** njsscan's template rules whose engine Warden reads; the rest (Dust, ECT, Underscore's `_.unescape`, Electron webviews) are out of scope. */
const NJSSCAN_IN_SCOPE = /^(?:ejs_template|handlebars|mustache|pug|jade_template|vue|squirrelly|hugo)/;

const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);

function extract(suite) {
  const dir = join(MIRROR, suite.repo, 'repo');
  return existsSync(dir) ? archive(dir, suite.commit, suite.paths, suite.repo) : undefined;
}


const LABEL = /\b(ruleid|ok|todoruleid|todook)\s*:\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)/;
/** A line that is only a comment in one of the template syntaxes. */
const COMMENT_ONLY = /^\s*(?:<!--.*-->|\/\/.*|\{#.*#\}|<%#.*%>|@\*.*\*@|\{\{!.*\}\}|\{\{\/\*.*\*\/\}\}|#.*)\s*$/;

function labelsOf(text) {
  const rows = text.split('\n');
  const labels = [];
  let pending = [];
  rows.forEach((row, i) => {
    const m = LABEL.exec(row);
    if (m && COMMENT_ONLY.test(row)) {
      if (m[1] === 'ruleid' || m[1] === 'ok') for (const id of m[2].split(/\s*,\s*/)) pending.push({ id, positive: m[1] === 'ruleid' });
      return;
    }
    if (pending.length && row.trim() !== '') {
      labels.push(...pending.map((p) => ({ ...p, line: i + 1 })));
      pending = [];
    }
  });
  return labels;
}


/** Analysed under a neutral `views/` path: the suites' own folder names (tests) must not change a verdict. */
async function findingsOf(text, name) {
  const path = name.endsWith('.blade.php') ? `resources/views/${name}` : `views/${name}`;
  await prepareLanguages([path]);
  const result = analyze({ text, path }, ruleset);
  const lineNo = lineOf(text);
  return { parseError: result.parseError, found: result.findings.map((f) => ({ line: lineNo(f.start), rule: f.ruleId, severity: f.severity })) };
}

const tally = new Map(CLASSES.map((c) => [c.name, { labels: 0, tp: 0, fp: 0 }]));
/** The same counts per template engine (as Warden reads the file), for the semgrep-rules suite. */
const byEngine = new Map();
const engineOf = (name) => {
  const path = name.endsWith('.blade.php') ? `resources/views/${name}` : `views/${name}`;
  return templateEngineOf(path, detectLanguage(path)) ?? 'other';
};
const outOfScope = new Map();
const misses = [];
const extra = [];
let labelledFiles = 0;

// ---- semgrep-rules: line labels ----------------------------------------------------------------
const semgrepDir = extract(SEMGREP);
if (!semgrepDir) console.log(`skipped semgrep-rules: fetch github:semgrep/semgrep-rules first`);
else {
  try {
    for (const file of listFiles(semgrepDir, (n) => TEMPLATE_FILE.test(n) || n.endsWith('.blade.php'))) {
      const rel = relative(semgrepDir, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      const labels = labelsOf(text).map((l) => ({ ...l, cls: classOf(l.id) }));
      for (const l of labels) if (l.positive && !l.cls) outOfScope.set(l.id, (outOfScope.get(l.id) ?? 0) + 1);
      const scoped = labels.filter((l) => l.cls);
      if (scoped.length === 0) continue;
      labelledFiles++;
      const { found } = await findingsOf(text, rel.split('/').pop());
      for (const cls of CLASSES) {
        const ps = scoped.filter((l) => l.cls === cls && l.positive).sort((a, b) => a.line - b.line);
        if (!scoped.some((l) => l.cls === cls)) continue;
        const rules = new Set(cls.warden);
        const mine = found.filter((f) => rules.has(f.rule));
        const used = new Set();
        const t = tally.get(cls.name);
        const key = `${cls.name}\t${engineOf(rel.split('/').pop())}`;
        if (!byEngine.has(key)) byEngine.set(key, { labels: 0, tp: 0, fp: 0 });
        const e = byEngine.get(key);
        const before = { labels: t.labels, tp: t.tp, fp: t.fp };
        ps.forEach((l, i) => {
          const limit = Math.min(l.line + 2, (ps[i + 1]?.line ?? Infinity) - 1);
          const hit = mine.findIndex((f, j) => !used.has(j) && f.line >= l.line && f.line <= Math.max(l.line, limit));
          t.labels++;
          if (hit >= 0) {
            t.tp++;
            used.add(hit);
            // Several findings on one labelled line are one finding.
            mine.forEach((f, j) => f.line === mine[hit].line && used.add(j));
          } else misses.push(`${cls.name}: semgrep-rules/${rel}:${l.line} (${l.id})`);
        });
        mine.forEach((f, j) => {
          if (used.has(j)) return;
          t.fp++;
          extra.push(`${cls.name}: semgrep-rules/${rel}:${f.line} ${f.rule}`);
        });
        e.labels += t.labels - before.labels;
        e.tp += t.tp - before.tp;
        e.fp += t.fp - before.fp;
      }
    }
  } finally {
    rmSync(semgrepDir, { recursive: true, force: true });
  }
}

// ---- njsscan: file labels ------------------------------------------------------------------------
const njs = { tpFiles: 0, tpFound: 0, tnFiles: 0, tnClean: 0, outOfScope: [] };
const njsDir = extract(NJSSCAN);
if (!njsDir) console.log('skipped njsscan: fetch github:ajinabraham/njsscan first');
else {
  try {
    for (const file of listFiles(njsDir, () => true)) {
      const rel = relative(njsDir, file).split(sep).join('/');
      const name = rel.split('/').pop();
      if (!NJSSCAN_IN_SCOPE.test(name)) {
        njs.outOfScope.push(rel);
        continue;
      }
      const { found } = await findingsOf(readFileSync(file, 'utf8'), name);
      const mine = found.filter((f) => f.rule === 'template-unescaped-output');
      if (/true_positives/.test(rel)) {
        njs.tpFiles++;
        if (mine.length > 0) njs.tpFound++;
        else misses.push(`unescaped template output: njsscan/${rel} (file)`);
      } else {
        njs.tnFiles++;
        if (mine.length === 0) njs.tnClean++;
        else extra.push(...mine.map((f) => `unescaped template output: njsscan/${rel}:${f.line} (true negative)`));
      }
    }
  } finally {
    rmSync(njsDir, { recursive: true, force: true });
  }
}

// ---- real applications: warden scan, every template finding listed ------------------------------
const apps = [];
if (withApps) {
  const cli = join(root, 'dist', 'cli.js');
  for (const app of APPS) {
    let dir;
    try {
      dir = extract(app);
    } catch (error) {
      console.log(`skipped ${app.name}: the mirror cannot produce ${app.commit.slice(0, 12)} (${String(error.stderr ?? error).trim().split('\n')[0]})`);
      continue;
    }
    if (!dir) {
      console.log(`skipped ${app.name}: fetch github:${app.repo.replace('+', '/')} first`);
      continue;
    }
    try {
      const templates = listFiles(dir, (n) => TEMPLATE_FILE.test(n) || n.endsWith('.blade.php'));
      let lines = 0;
      for (const t of templates) lines += readFileSync(t, 'utf8').split('\n').length;
      const r = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', '--jobs', '1'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      const report = JSON.parse(r.stdout);
      const found = report.findings
        .filter((f) => f.ruleId === 'template-unescaped-output' || f.ruleId === 'script-src-insecure')
        .map((f) => `${f.path}:${f.line ?? f.region?.startLine ?? '?'} ${f.ruleId} ${f.severity} — ${f.message}`);
      apps.push({ name: app.name, commit: app.commit, templates: templates.length, templateLines: lines, findings: found });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ---- report --------------------------------------------------------------------------------------
const ratio = (a, b) => (b === 0 ? '—' : (a / b).toFixed(2));
console.log(`\nsemgrep-rules template tests: ${labelledFiles} labelled files`);
console.log('| class | labels | found | recall | false positives | precision |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, t] of tally) console.log(`| ${name} | ${t.labels} | ${t.tp} | ${ratio(t.tp, t.labels)} | ${t.fp} | ${ratio(t.tp, t.tp + t.fp)} |`);
console.log('\nper engine (as Warden reads the file):\n| class | engine | labels | found | recall | false positives | precision |\n| --- | --- | --- | --- | --- | --- | --- |');
for (const [key, t] of [...byEngine].sort()) console.log(`| ${key.replace('\t', ' | ')} | ${t.labels} | ${t.tp} | ${ratio(t.tp, t.labels)} | ${t.fp} | ${ratio(t.tp, t.tp + t.fp)} |`);
console.log(`\nnjsscan templates (engines in scope): true-positive files found ${njs.tpFound}/${njs.tpFiles}, true-negative files clean ${njs.tnClean}/${njs.tnFiles}; out of scope: ${njs.outOfScope.length} files`);
console.log(`\nout of scope (their rule id: positive labels): ${[...outOfScope].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
for (const app of apps) {
  console.log(`\n${app.name} @ ${app.commit.slice(0, 12)}: ${app.templates} template files, ${app.templateLines} lines, ${app.findings.length} findings`);
  for (const f of app.findings) console.log(`  ${f}`);
}
if (showMisses) console.log(`\nmisses:\n  ${misses.join('\n  ')}`);
if (showExtra) console.log(`\nfindings no positive label accounts for:\n  ${extra.join('\n  ')}`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify({ semgrep: Object.fromEntries(tally), semgrepByEngine: Object.fromEntries(byEngine), njsscan: njs, outOfScope: Object.fromEntries(outOfScope), apps, misses, extra }, null, 2));
