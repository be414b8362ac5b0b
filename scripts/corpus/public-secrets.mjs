// Labelled samples from public secret-scanner test suites, extracted at run time from bare mirrors
// (fetched with the `fetch` tool) at pinned commits. Nothing of theirs is committed here: only this
// extractor, which derives the labels mechanically from each suite's own labels.
//
//  - gitleaks: the rule generators `cmd/generate/config/rules/*.go`. Each rule passes true positives
//    (`tps`) and false positives (`fps`) to `utils.Validate`. This file evaluates the small subset of Go
//    those lists are written in (string literals, `+`, `[]string{}`, `append`, `fmt.Sprintf`,
//    `strings.Repeat`, `utils.GenerateSampleSecrets` with its templates read from `utils/generate.go`,
//    and `secrets.NewSecret(regex)` through a seeded generator of strings matching a simple regex).
//    An element it cannot evaluate is counted as skipped, never guessed.
//  - trufflehog: the pattern tests of its detectors, `pkg/detectors/**/<name>_test.go` (not the integration
//    tests). Each table entry has an `input` and a `want` list: a non-empty `want` makes a positive, an empty
//    one (`[]string{}`, `nil`) a negative. The same Go evaluator reads `input` (literals, `+`, `fmt.Sprintf`,
//    the file's string variables); an input it cannot evaluate is counted as skipped.
//  - detect-secrets: `tests/plugins/*_test.py`. Python itself (`ast`) reads the module-level constants
//    and every `pytest.mark.parametrize` table whose parameters are a line/payload and a flag
//    (`should_flag`, or an expected secret that is `None` for a negative). The keyword detector's tables
//    are keyed by file extension; those samples get that extension.
import { execFileSync } from 'node:child_process';

export const PINS = {
  gitleaks: { repo: 'gitleaks+gitleaks', commit: 'b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b' },
  detectSecrets: { repo: 'Yelp+detect-secrets', commit: '5e141933554a0b74e7341841f318be21e895339c' },
  trufflehog: { repo: 'trufflesecurity+trufflehog', commit: '3ab759fef4bb5935d4fe9ac68b503d05346b8364' },
};

function git(mirror, pin, ...args) {
  return execFileSync('git', ['--git-dir', `${mirror}/${pin.repo}/repo`, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
}
const show = (mirror, pin, path) => git(mirror, pin, 'show', `${pin.commit}:${path}`);
/** Many files at the pin in one `git cat-file --batch`: path → text. */
function showMany(mirror, pin, paths) {
  const buf = execFileSync('git', ['--git-dir', `${mirror}/${pin.repo}/repo`, 'cat-file', '--batch'], { input: paths.map((p) => `${pin.commit}:${p}\n`).join(''), maxBuffer: 1 << 30 });
  const out = new Map();
  let at = 0;
  for (const path of paths) {
    const nl = buf.indexOf(10, at);
    const header = buf.subarray(at, nl).toString('utf8').split(' ');
    if (header[1] !== 'blob') { at = nl + 1; continue; }
    const size = Number(header[2]);
    out.set(path, buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  return out;
}
const list = (mirror, pin, dir) => git(mirror, pin, 'ls-tree', '--name-only', `${pin.commit}:${dir}`).split('\n').filter(Boolean).map((n) => `${dir}/${n}`);

// ---------------------------------------------------------------- seeded regex-to-string generator
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const CLASS_ESC = { d: '0123456789', w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_', s: ' ' };

/** A string matching `regex` (the subset gitleaks' sample generators use); throws on anything else. */
export function generateFromRegex(regex, random) {
  let i = 0;
  const atoms = () => {
    const alts = [[]];
    while (i < regex.length && regex[i] !== ')') {
      if (regex[i] === '|') { i++; alts.push([]); continue; }
      const atom = parseAtom();
      if (atom) alts[alts.length - 1].push(quantify(atom));
    }
    return { alts };
  };
  const parseAtom = () => {
    const c = regex[i++];
    if (c === '^' || c === '$') return null;
    if (c === '(') {
      if (regex[i] === '?') {
        if (regex[i + 1] === ':') i += 2;
        else if (/^\?[imsU]+\)/.test(regex.slice(i))) { i = regex.indexOf(')', i) + 1; return null; }
        else if (/^\?[imsU]+:/.test(regex.slice(i))) i = regex.indexOf(':', i) + 1;
        else throw new Error(`unsupported group in ${regex}`);
      }
      const group = atoms();
      if (regex[i++] !== ')') throw new Error(`unclosed group in ${regex}`);
      return { group };
    }
    if (c === '[') return { set: parseClass() };
    if (c === '.') return { set: PRINTABLE.filter((ch) => /[A-Za-z0-9]/.test(ch)) };
    if (c === '\\') {
      const e = regex[i++];
      if (e === 'b' || e === 'B') return null;
      if (CLASS_ESC[e]) return { set: [...CLASS_ESC[e]] };
      return { lit: e };
    }
    if ('*+?{'.includes(c)) throw new Error(`dangling quantifier in ${regex}`);
    return { lit: c };
  };
  const parseClass = () => {
    let negate = false;
    if (regex[i] === '^') { negate = true; i++; }
    const chars = new Set();
    let first = true;
    while (i < regex.length && (regex[i] !== ']' || first)) {
      first = false;
      let c = regex[i++];
      if (c === '\\') {
        const e = regex[i++];
        if (CLASS_ESC[e]) { for (const ch of CLASS_ESC[e]) chars.add(ch); continue; }
        c = e;
      }
      if (regex[i] === '-' && regex[i + 1] && regex[i + 1] !== ']') {
        let to = regex[i + 1];
        i += 2;
        if (to === '\\') to = regex[i++];
        for (let x = c.charCodeAt(0); x <= to.charCodeAt(0); x++) chars.add(String.fromCharCode(x));
      } else chars.add(c);
    }
    i++;
    const set = negate ? PRINTABLE.filter((ch) => !chars.has(ch) && /[A-Za-z0-9]/.test(ch)) : [...chars];
    if (set.length === 0) throw new Error(`empty class in ${regex}`);
    return set;
  };
  const quantify = (atom) => {
    let min = 1, max = 1;
    const q = regex[i];
    if (q === '?') { min = 0; max = 1; i++; }
    else if (q === '*') { min = 0; max = 10; i++; }
    else if (q === '+') { min = 1; max = 10; i++; }
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(regex.slice(i));
      if (!m) throw new Error(`bad quantifier in ${regex}`);
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : min + 10) : min;
      i += m[0].length;
    }
    if (regex[i] === '?' && q && '?*+}'.includes(regex[i - 1])) i++; // lazy marker
    return { atom, min, max };
  };
  const tree = atoms();
  if (i < regex.length) throw new Error(`unbalanced ) in ${regex}`);
  const emit = (node) => {
    const alt = node.alts[Math.floor(random() * node.alts.length)];
    let out = '';
    for (const { atom, min, max } of alt) {
      const n = min + Math.floor(random() * (max - min + 1));
      for (let k = 0; k < n; k++) {
        if (atom.lit !== undefined) out += atom.lit;
        else if (atom.set) out += atom.set[Math.floor(random() * atom.set.length)];
        else out += emit(atom.group);
      }
    }
    return out;
  };
  return emit(tree);
}

// ---------------------------------------------------------------- a tiny evaluator for gitleaks' Go
function tokenizeGo(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { toks.push({ t: 'nl' }); i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { i = src.indexOf('\n', i); if (i < 0) break; continue; }
    if (src.startsWith('/*', i)) { i = src.indexOf('*/', i) + 2; continue; }
    if (c === '`') { const j = src.indexOf('`', i + 1); toks.push({ t: 'str', v: src.slice(i + 1, j) }); i = j + 1; continue; }
    if (c === '"') {
      let j = i + 1, v = '';
      while (src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          const map = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", '0': '\0' };
          if (e === 'x') { v += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16)); j += 4; continue; }
          if (e === 'u') { v += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16)); j += 6; continue; }
          v += map[e] ?? e;
          j += 2;
        } else v += src[j++];
      }
      toks.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === "'") { const j = src.indexOf("'", i + 1); toks.push({ t: 'other', v: src.slice(i, j + 1) }); i = j + 1; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i, i + 200));
    if (id) { toks.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const num = /^\d+/.exec(src.slice(i, i + 30));
    if (num) { toks.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const op = /^(?::=|\.\.\.|\[\]|[-+*/%=(){}[\],:;.<>!&|^])/.exec(src.slice(i, i + 3));
    toks.push({ t: 'op', v: op ? op[0] : c });
    i += op ? op[0].length : 1;
  }
  return toks;
}

const UNEVALUABLE = Symbol('unevaluable');

function sprintf(format, args) {
  let k = 0;
  return format.replace(/%[sdvq%]/g, (m) => (m === '%%' ? '%' : m === '%q' ? JSON.stringify(String(args[k++])) : String(args[k++])));
}

/** Evaluates gitleaks' rule files into { rule, positives: [{text, form}], negatives, skipped }. */
function gitleaksSamples(mirror) {
  const pin = PINS.gitleaks;
  const random = prng(0x5ec7e75);
  // The sample templates of utils.GenerateSampleSecrets, read from its source: `"name": "template",`.
  const genSrc = show(mirror, pin, 'cmd/generate/config/utils/generate.go');
  const body = genSrc.slice(genSrc.indexOf('func GenerateSampleSecrets'));
  const mapSrc = body.slice(body.indexOf('{', body.indexOf('map[string]string')), body.indexOf('\n\t}\n'));
  const templates = [];
  {
    const toks = tokenizeGo(mapSrc).filter((t) => t.t !== 'nl');
    for (let k = 0; k + 2 < toks.length; k++) {
      if (toks[k].t === 'str' && toks[k + 1].v === ':' && toks[k + 2].t === 'str') templates.push({ name: toks[k].v, text: toks[k + 2].v });
    }
  }
  // The pattern helpers of utils/patterns.go: `func Name(size string) string { return fmt.Sprintf(`…`, size) }`.
  const helpers = {};
  const patSrc = show(mirror, pin, 'cmd/generate/config/utils/patterns.go');
  for (const m of patSrc.matchAll(/func (\w+)\((\w+)? ?(?:string)?\) string \{\s*return (?:fmt\.Sprintf\()?`([^`]*)`/g)) {
    helpers[`utils.${m[1]}`] = (size) => (m[2] ? sprintf(m[3], [size]) : m[3]);
  }
  const sample = (identifier, secret) =>
    templates.map((tpl) => ({
      text: tpl.text.replaceAll('{i}', identifier).replaceAll('{I}', identifier.toUpperCase()).replaceAll('{s}', secret),
      form: tpl.name,
    }));

  const out = [];
  for (const path of list(mirror, pin, 'cmd/generate/config/rules').filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'))) {
    const toks = tokenizeGo(show(mirror, pin, path));
    let pos = 0;
    let env = {};
    let ruleId;
    const peek = () => toks[pos];
    const skipNl = () => { while (toks[pos]?.t === 'nl') pos++; };
    const expect = (v) => { skipNl(); if (toks[pos]?.v !== v) throw new Error(`expected ${v} in ${path}`); pos++; };
    // expr := term ('+' term)*; the value is a string, an array of { text, form } or UNEVALUABLE.
    const parseExpr = (inParens) => {
      let value = parseTerm(inParens);
      for (;;) {
        if (inParens) skipNl();
        if (peek()?.v !== '+') return value;
        pos++;
        skipNl();
        const right = parseTerm(inParens);
        value = typeof value === 'string' && typeof right === 'string' ? value + right : UNEVALUABLE;
      }
    };
    const parseArgs = () => {
      expect('(');
      const args = [];
      let spread = false;
      skipNl();
      while (peek()?.v !== ')') {
        args.push(parseExpr(true));
        skipNl();
        if (peek()?.v === '...') { spread = true; pos++; skipNl(); }
        if (peek()?.v === ',') { pos++; skipNl(); }
        else if (peek()?.v !== ')') skipBalancedUntil([',', ')']);
      }
      pos++;
      return { args, spread };
    };
    const skipBalancedUntil = (stops) => {
      let depth = 0;
      while (pos < toks.length) {
        const v = toks[pos].v;
        if (depth === 0 && stops.includes(v)) return;
        if (v === '(' || v === '{' || v === '[') depth++;
        if (v === ')' || v === '}' || v === ']') depth--;
        pos++;
      }
    };
    const parseTerm = (inParens) => {
      skipNl();
      const tok = toks[pos++];
      if (!tok) return UNEVALUABLE;
      if (tok.t === 'str') return tok.v;
      if (tok.t === 'num') return tok.v;
      if (tok.v === '(') { const v = parseExpr(true); expect(')'); return v; }
      if (tok.v === '[]') {
        // []string{ a, b, ... }
        pos++; // element type
        expect('{');
        const items = [];
        skipNl();
        while (peek()?.v !== '}') {
          const start = pos;
          let v;
          try { v = parseExpr(true); } catch { v = UNEVALUABLE; }
          skipNl();
          if (peek()?.v !== ',' && peek()?.v !== '}') { pos = start; skipBalancedUntil([',', '}']); v = UNEVALUABLE; }
          items.push(typeof v === 'string' ? { text: v, form: 'literal' } : { skipped: true });
          if (peek()?.v === ',') pos++;
          skipNl();
        }
        pos++;
        return items;
      }
      if (tok.t === 'id') {
        if (peek()?.v !== '(') return tok.v in env ? env[tok.v] : UNEVALUABLE;
        const name = tok.v;
        const { args, spread } = parseArgs();
        if (name === 'append') {
          const base = Array.isArray(args[0]) ? args[0] : [];
          const rest = args.slice(1).flatMap((a, k) =>
            spread && k === args.length - 2 && Array.isArray(a) ? a : typeof a === 'string' ? [{ text: a, form: 'literal' }] : Array.isArray(a) ? a : [{ skipped: true }]);
          return [...base, ...rest];
        }
        if (args.some((a) => a === UNEVALUABLE || Array.isArray(a))) return UNEVALUABLE;
        if (name === 'utils.GenerateSampleSecrets') return sample(args[0], args[1]);
        if (name === 'secrets.NewSecret' || name === 'newPlausibleSecret') return generateFromRegex(args[0], random);
        if (name === 'fmt.Sprintf') return sprintf(args[0], args.slice(1));
        if (name === 'strings.Repeat') return args[0].repeat(args[1]);
        if (helpers[name]) return helpers[name](args[0]);
        return UNEVALUABLE;
      }
      return UNEVALUABLE;
    };
    const emit = (tps, fps) => {
      const id = ruleId ?? path;
      const entry = { rule: id, positives: [], negatives: [], skipped: 0 };
      for (const [arr, into] of [[tps, entry.positives], [fps, entry.negatives]]) {
        if (arr === undefined || arr === 'nil') continue;
        if (!Array.isArray(arr)) { entry.skipped++; continue; }
        for (const s of arr) (s.skipped ? entry.skipped++ : into.push(s));
      }
      out.push(entry);
    };
    while (pos < toks.length) {
      const tok = toks[pos];
      if (tok.v === 'func') { env = {}; ruleId = undefined; pos++; continue; }
      if (tok.v === 'RuleID' && toks[pos + 1]?.v === ':' && toks[pos + 2]?.t === 'str') { ruleId = toks[pos + 2].v; pos += 3; continue; }
      if (tok.t === 'id' && (tok.v === 'utils.Validate') && toks[pos + 1]?.v === '(') {
        pos++;
        const save = pos;
        try {
          const { args } = parseArgs();
          const argToks = toks.slice(save, pos).filter((t) => t.t === 'id').map((t) => t.v);
          emit(args[1], argToks.includes('nil') && args[2] === UNEVALUABLE ? undefined : args[2]);
        } catch { pos = save + 1; }
        continue;
      }
      const prev = toks[pos - 1];
      if (tok.t === 'id' && (toks[pos + 1]?.v === ':=' || toks[pos + 1]?.v === '=') && (!prev || prev.t === 'nl' || prev.v === '{' || prev.v === ';')) {
        pos += 2;
        const save = pos;
        try { env[tok.v] = parseExpr(false); } catch { env[tok.v] = UNEVALUABLE; pos = save; }
        continue;
      }
      pos++;
    }
  }
  return out;
}

// ---------------------------------------------------------------- detect-secrets' plugin tests (via Python's ast)
const PY_EXTRACT = String.raw`
import ast, json, sys, base64, textwrap, random
random.seed(7)
out = []
for path, src in json.load(sys.stdin).items():
    tree = ast.parse(src)
    ns = {'base64': base64, 'textwrap': textwrap, 'randint': random.randint, 'random': random}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets)) or (isinstance(node, ast.FunctionDef) and not node.decorator_list):
            try:
                exec(compile(ast.Module(body=[node], type_ignores=[]), path, 'exec'), ns)
            except Exception:
                pass
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            continue
        for dec in node.decorator_list:
            if not (isinstance(dec, ast.Call) and ast.unparse(dec.func).endswith('parametrize') and len(dec.args) >= 2):
                continue
            try:
                names = ast.literal_eval(dec.args[0])
                names = [n.strip() for n in (names.split(',') if isinstance(names, str) else names)]
                rows = eval(compile(ast.Expression(dec.args[1]), path, 'eval'), dict(ns))
            except Exception:
                continue
            out.append({'path': path, 'test': node.name, 'names': names, 'rows': [list(r) if isinstance(r, (tuple, list)) else [r] for r in rows]})
print(json.dumps(out, default=str))
`;

function detectSecretsSamples(mirror) {
  const pin = PINS.detectSecrets;
  const files = Object.fromEntries(
    list(mirror, pin, 'tests/plugins').filter((p) => p.endsWith('_test.py')).map((p) => [p, show(mirror, pin, p)]),
  );
  const tables = JSON.parse(execFileSync('python3', ['-c', PY_EXTRACT], { input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 256 << 20 }));
  const out = [];
  for (const { path, test, names, rows } of tables) {
    const plugin = path.replace(/^.*\//, '').replace(/_test\.py$/, '');
    const lineAt = names.findIndex((n) => /^(line|payload|token|secret|content)$/.test(n));
    const flagAt = names.findIndex((n) => /^(should_flag|expected_secret|expected)$/.test(n));
    const extAt = names.indexOf('file_extension');
    if (lineAt < 0 || flagAt < 0) continue;
    for (const row of rows) {
      // keyword_test: (file_extension, test_cases) rows, each test case (line, expected_secret)
      if (extAt >= 0 && Array.isArray(row[1])) continue;
      const text = row[lineAt];
      if (typeof text !== 'string') continue;
      const flag = row[flagAt];
      out.push({ plugin, test, text, positive: names[flagAt] === 'should_flag' ? flag === true : flag !== null && flag !== false, ext: extAt >= 0 ? row[extAt] : undefined });
    }
    // keyword_test's tables by extension: parametrize('file_extension, test_cases', [(ext, CASES), ...])
    if (extAt < 0) continue;
  }
  // The keyword tables by extension (rows of (ext, [(line, expected_secret), ...])).
  for (const { path, names, rows } of tables) {
    if (!names.includes('file_extension')) continue;
    for (const row of rows) {
      if (!Array.isArray(row[1])) continue;
      for (const [text, expected] of row[1]) {
        if (typeof text !== 'string') continue;
        out.push({ plugin: 'keyword', test: `keyword-${row[0] ?? 'none'}`, text, positive: expected !== null, ext: row[0] ?? undefined });
      }
    }
  }
  return out;
}

/** trufflehog's detector pattern tests: [{ detector, text, positive }] and the count of inputs it could not evaluate. */
function trufflehogSamples(mirror) {
  const pin = PINS.trufflehog;
  const files = git(mirror, pin, 'ls-tree', '-r', '--name-only', pin.commit, 'pkg/detectors').split('\n')
    .filter((p) => p.endsWith('_test.go') && !p.endsWith('_integration_test.go'));
  const out = [];
  let skipped = 0;
  const sources = showMany(mirror, pin, files);
  for (const path of files) {
    const toks = tokenizeGo(sources.get(path) ?? '').filter((t) => t.t !== 'nl');
    const detector = path.split('/').slice(2, -1).join('/');
    const env = {};
    let pos = 0;
    const parseExpr = () => {
      let value = parseTerm();
      while (toks[pos]?.v === '+') { pos++; const right = parseTerm(); value = typeof value === 'string' && typeof right === 'string' ? value + right : UNEVALUABLE; }
      return value;
    };
    const parseTerm = () => {
      const tok = toks[pos++];
      if (!tok) return UNEVALUABLE;
      if (tok.t === 'str') return tok.v;
      if (tok.t === 'id' && tok.v === 'fmt.Sprintf' && toks[pos]?.v === '(') {
        pos++;
        const args = [];
        while (pos < toks.length && toks[pos].v !== ')') {
          args.push(parseExpr());
          if (toks[pos]?.v === ',') pos++;
          else if (toks[pos]?.v !== ')') return UNEVALUABLE;
        }
        pos++;
        return args.every((a) => typeof a === 'string') && args.length > 0 ? sprintf(args[0], args.slice(1)) : UNEVALUABLE;
      }
      if (tok.t === 'id' && typeof env[tok.v] === 'string' && toks[pos]?.v !== '(') return env[tok.v];
      return UNEVALUABLE;
    };
    // String variables of the file (`validPattern = "…"`, `keyword := "…"`), in source order.
    for (let k = 0; k + 1 < toks.length; k++) {
      if (toks[k].t === 'id' && (toks[k + 1].v === '=' || toks[k + 1].v === ':=') && (toks[k + 2]?.t === 'str' || toks[k + 2]?.v === 'fmt.Sprintf')) {
        pos = k + 2;
        const v = parseExpr();
        if (typeof v === 'string' && [',', ')', '}', undefined].includes(toks[pos]?.v) || (typeof v === 'string' && toks[pos]?.t === 'id')) env[toks[k].v] = v;
      }
    }
    // Table entries: `input: <expr>` … `want: []string{…}` or `want: nil`, before the next `input:`.
    for (let k = 0; k + 1 < toks.length; k++) {
      if (!(toks[k].v === 'input' && toks[k + 1].v === ':')) continue;
      pos = k + 2;
      const text = parseExpr();
      let want;
      for (let j = pos; j + 1 < toks.length && !(toks[j].v === 'input' && toks[j + 1].v === ':'); j++) {
        if (toks[j].v === 'want' && toks[j + 1].v === ':') {
          const w = toks[j + 2];
          if (w?.v === 'nil') want = false;
          else if (w?.v === '[]' && toks[j + 3]?.v === 'string' && toks[j + 4]?.v === '{') want = toks[j + 5]?.v !== '}';
          break;
        }
      }
      if (want === undefined) continue; // not a pattern table (a result struct, a validation test)
      if (typeof text !== 'string' || text.trim() === '') { skipped++; continue; }
      out.push({ detector, text, positive: want });
    }
  }
  return { samples: out, skipped };
}

/**
 * Every sample as its own file: { suite, group, path, text, positive }. Paths are relative; `group` is the
 * suite's own rule or plugin. Files are named so the scanners see the language the sample is written in.
 */
export function publicSecretSamples(mirror) {
  const samples = [];
  const formExt = (form) =>
    /^ini/.test(form) ? 'ini' : /^json/.test(form) ? 'json' : /^xml/.test(form) ? 'xml' : /^yaml/.test(form) ? 'yaml'
      : /^C#/.test(form) ? 'cs' : /^go/.test(form) ? 'go' : /^java/.test(form) ? 'java' : /^kotlin/.test(form) ? 'kt'
      : /^php/.test(form) ? 'php' : /^python/.test(form) ? 'py' : /^make/.test(form) ? 'mk' : /^logstash/.test(form) ? 'conf' : 'txt';
  let skipped = 0;
  for (const entry of gitleaksSamples(mirror)) {
    skipped += entry.skipped;
    entry.positives.forEach((s, k) => samples.push({ suite: 'gitleaks', group: entry.rule, path: `gitleaks/${entry.rule}/tp-${k}.${formExt(s.form)}`, text: s.text, positive: true }));
    entry.negatives.forEach((s, k) => samples.push({ suite: 'gitleaks', group: entry.rule, path: `gitleaks/${entry.rule}/fp-${k}.${formExt(s.form)}`, text: s.text, positive: false }));
  }
  const counters = {};
  for (const s of detectSecretsSamples(mirror)) {
    const key = `${s.test}`;
    const k = (counters[key] = (counters[key] ?? 0) + 1);
    samples.push({ suite: 'detect-secrets', group: s.plugin, path: `detect-secrets/${s.plugin}/${s.test}-${k}.${s.ext ?? 'txt'}`, text: s.text, positive: s.positive });
  }
  const truffle = trufflehogSamples(mirror);
  const perDetector = {};
  for (const s of truffle.samples) {
    const k = (perDetector[s.detector] = (perDetector[s.detector] ?? 0) + 1);
    samples.push({ suite: 'trufflehog', group: s.detector, path: `trufflehog/${s.detector}/${s.positive ? 'tp' : 'fp'}-${k}.txt`, text: s.text, positive: s.positive });
  }
  return { samples, skipped: { gitleaks: skipped, trufflehog: truffle.skipped } };
}
