#!/usr/bin/env node
// A second labelled suite for Python and Go, written by others: the example files of Bandit
// (PyCQA/bandit `examples/`, with the issue counts its functional tests expect per file) and the code
// samples of gosec (securego/gosec `testutils/g*_samples.go`, each with the issue count its rule tests
// expect). Both are read from `fetch` mirrors at pinned commits and extracted at run time; only this
// script and its mapping of their test ids onto Warden's rule classes are committed.
//
// Scoring is by counts, because neither suite publishes the line of each expected issue: for each file
// (Bandit) or sample (gosec) mapped to a Warden class, with `expected` issues and `found` Warden findings
// of that class (strict preset), TP += min(found, expected), FN += expected - TP, FP += found - TP.
// A sample expecting 0 is a negative: every finding of its class there is a false positive.
//
//   npm run build && node scripts/eval-bandit-gosec.mjs [--suites bandit,gosec] [--misses CLASS|all] [--fps CLASS|all] [--json out.json]
//
// Missing mirrors are skipped with a message (run the fetch tool for PyCQA/bandit and securego/gosec).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIRRORS, archive, mirror } from './lib/mirrors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const { analyze } = require('../out/server/src/engine/engine.js');
const { compileRuleset } = require('../out/server/src/engine/ruleset.js');
const { BUILTIN_CATALOG } = require('../out/server/src/rules/index.js');
const { loadAllGrammars } = require('../out/server/src/treesitter/runtime.js');

const BANDIT = { repo: 'PyCQA/bandit', commit: '92080542688902ad1eb6af74cf16939fad767d29' };
const GOSEC = { repo: 'securego/gosec', commit: '45b083a0cb42119d61b1e0e364d8c62c68f6f5cd' };

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = opt('--json') ?? join(root, 'bench-results', 'bandit-gosec-eval.json');
const suites = new Set((opt('--suites') ?? 'bandit,gosec').split(','));
const showMisses = opt('--misses');
const showFps = opt('--fps');

const credentialRules = BUILTIN_CATALOG.textRules.filter((r) => r.category === 'credentials').map((r) => r.id);
/** Warden's rule classes: the rule ids whose findings count for the class. */
const CLASSES = {
  sql: ['tainted-sql'],
  command: ['tainted-command'],
  code: ['tainted-code'],
  path: ['tainted-path'],
  ssrf: ['tainted-ssrf'],
  redirect: ['tainted-redirect'],
  html: ['tainted-html', 'template-autoescape-disabled'],
  deserialization: ['tainted-deserialization'],
  tls: ['tls-verify-off', 'insecure-tls-protocol'],
  cookie: ['cookie-flags-off'],
  debug: ['debug-mode-on'],
  xxe: ['xxe-enabled'],
  'weak-random': ['weak-random-secret'],
  'weak-hash': ['python-weak-hash', 'weak-hash-call'],
  'weak-cipher': ['weak-cipher-text', 'ecb-mode-text'],
  'static-iv': ['static-iv-text', 'static-iv'],
  'weak-key': ['rsa-small-key-text'],
  permissions: ['chmod-world-writable'],
  'ssh-host-key': ['ssh-host-key-unverified'],
  'temp-file': ['insecure-temp-file'],
  secrets: credentialRules,
};

/**
 * Bandit example file → Warden class. `severities` narrows Bandit's expected count to those levels where
 * the file also holds an unrelated low-severity finding of an import blocklist (`import pickle`, B403;
 * `import xml…`, B405–B411), which is a different check from the call it is about.
 */
const BANDIT_MAP = {
  'eval.py': { cls: 'code' },
  'exec.py': { cls: 'code' },
  'mark_safe.py': { cls: 'html' },
  'mark_safe_insecure.py': { cls: 'html' },
  'mark_safe_secure.py': { cls: 'html' },
  'markupsafe_markup_xss.py': { cls: 'html' },
  'markupsafe_markup_xss_extend_markup_names.py': { cls: 'html' },
  'markupsafe_markup_xss_allowed_calls.py': { cls: 'html' },
  'jinja2_templating.py': { cls: 'html' },
  'mako_templating.py': { cls: 'html' },
  'hardcoded-passwords.py': { cls: 'secrets' },
  'os-chmod.py': { cls: 'permissions' },
  'os-exec.py': { cls: 'command' },
  'os-popen.py': { cls: 'command' },
  'os-spawn.py': { cls: 'command' },
  'os-startfile.py': { cls: 'command' },
  'os_system.py': { cls: 'command' },
  'popen_wrappers.py': { cls: 'command' },
  'subprocess_shell.py': { cls: 'command' },
  'paramiko_injection.py': { cls: 'command' },
  'wildcard-injection.py': { cls: 'command' },
  'pickle_deserialize.py': { cls: 'deserialization', severities: ['MEDIUM', 'HIGH'] },
  'dill.py': { cls: 'deserialization', severities: ['MEDIUM', 'HIGH'] },
  'shelve_open.py': { cls: 'deserialization', severities: ['MEDIUM', 'HIGH'] },
  'jsonpickle.py': { cls: 'deserialization' },
  'pandas_read_pickle.py': { cls: 'deserialization', severities: ['MEDIUM', 'HIGH'] },
  'yaml_load.py': { cls: 'deserialization' },
  'pytorch_load.py': { cls: 'deserialization' },
  'sql_statements.py': { cls: 'sql' },
  'django_sql_injection_extra.py': { cls: 'sql' },
  'django_sql_injection_raw.py': { cls: 'sql' },
  'urlopen.py': { cls: 'ssrf' },
  'random_module.py': { cls: 'weak-random' },
  'requests-ssl-verify-disabled.py': { cls: 'tls' },
  'unverified_context.py': { cls: 'tls' },
  'ssl-insecure-version.py': { cls: 'tls' },
  'xml_etree_celementtree.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_etree_elementtree.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_expatbuilder.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_expatreader.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_minidom.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_pulldom.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_sax.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'xml_xmlrpc.py': { cls: 'xxe', severities: ['MEDIUM', 'HIGH'] },
  'flask_debug.py': { cls: 'debug' },
  'crypto-md5.py': { cls: 'weak-hash' },
  'hashlib_new_insecure_functions.py': { cls: 'weak-hash' },
  'ciphers.py': { cls: 'weak-cipher' },
  'cipher-modes.py': { cls: 'weak-cipher' },
  'weak_cryptographic_key_sizes.py': { cls: 'weak-key' },
  'tarfile_extractall.py': { cls: 'path' },
  'no_host_key_verification.py': { cls: 'ssh-host-key' },
  'mktemp.py': { cls: 'temp-file' },
  // Files Bandit expects nothing in: every finding of any class there is a false positive.
  'okay.py': { cls: '*' },
  'init-py-test/subdirectory-okay.py': { cls: '*' },
  'pycryptodome.py': { cls: '*' },
  'trojansource_latin1.py': { cls: '*' },
};
/** Bandit checks with no Warden class (by file), reported as not covered. */
const BANDIT_NOT_COVERED = {
  'binding.py': 'B104 bind to all interfaces',
  'hardcoded-tmp.py': 'B108 hard-coded temporary directory',
  'telnetlib.py': 'B312/B401 telnet', 'ftplib.py': 'B321/B402 FTP',
  'imports.py': 'B4xx import blocklists', 'imports-aliases.py': 'B4xx import blocklists', 'imports-from.py': 'B4xx import blocklists',
  'imports-function.py': 'B4xx import blocklists', 'imports-with-importlib.py': 'B4xx import blocklists',
  'requests-missing-timeout.py': 'B113 request without timeout',
  'httpoxy_cgihandler.py': 'B412 httpoxy', 'assert.py': 'B101 assert',
  'partial_path_process.py': 'B607 partial executable path',
  'try_except_continue.py': 'B112', 'try_except_pass.py': 'B110',
  'pycrypto.py': 'B413 pycrypto import', 'pyghmi.py': 'B415 IPMI', 'snmp.py': 'B508/B509 SNMP',
  'trojansource.py': 'B613 bidirectional characters', 'skip.py': '#nosec handling', 'nosec.py': '#nosec handling', 'huggingface_unsafe_download.py': 'B615 unpinned model download',
};

/**
 * Bandit labels the rule says Warden should not report, left out of the judged figure and listed
 * (the raw figure is printed beside it): `constant`, a constant reaching the sink (silent by the rule for
 * data flow); `audit`, a label outside Warden's class (every use of a module or primitive whatever it
 * handles). Keyed by Bandit's check and the shape of the flagged line, never by file or line number: each
 * line of a mapped example file of class `cls` that matches `line` (and not `unless`) stands for one label
 * of `check` (`severity`: of that level only, for files scored on some levels). Checked against Bandit's own
 * output at the pinned commit (`bandit -f json examples/`): no line is left out more often than Bandit labels it.
 */
const STR = String.raw`(?:'[^'\n]*'|"[^"\n]*")`;
/** A literal: a string or a list of strings, maybe formatted with literals (`'ls %s' % ('x',)`, `'{}'.format('x')`). */
const LIT = String.raw`(?:${STR}|\[(?:\s*${STR}\s*,?)*\s*\]?)(?:\s*%\s*(?:\(\s*${STR}\s*,?\s*\)|${STR})|\.format\(\s*${STR}\s*\))?`;
const BANDIT_JUDGED = [
  { cls: 'command', check: 'B404', kind: 'audit', line: /^\s*(?:import\s+subprocess\b|from\s+subprocess\s+import\b)/, reason: 'import of subprocess (import blocklist)' },
  { cls: 'command', check: 'B602/B604/B605/B601/B606', kind: 'constant', line: new RegExp(String.raw`^\s*(?:print\()?(?:[\w.]+\.)?(?:system|popen\w*|Popen\w*|getoutput|getstatusoutput|startfile|exec_command|spawn\w+|pop|call|check_call|check_output|run)\(\s*(?:\w+\.P_\w+\s*,\s*)?${LIT}\s*(?:,\s*${LIT}\s*)?(?:,\s*shell\s*=\s*True\s*)?\)`), unless: /^\s*(?:subprocess|subp)\.\w+\((?![^\n]*\bshell\s*=\s*True)/, reason: 'command line or program written as literals' },
  { cls: 'command', check: 'B605', kind: 'constant', line: new RegExp(String.raw`^\s*(?:print\()?(\w+)\(\s*${LIT}\s*\)`), own: /^\s*from\s+(?:os|subprocess|commands|popen2)\s+import\s+\w+\s+as\s+NAME\b/m, reason: 'command line written as a literal, to a shell function imported under another name' },
  { cls: 'command', check: 'B602', kind: 'constant', line: /\bshell\s*=\s*(?!True\b|False\b|0\b|None\b|\[\]|\{\})[^)\s]/, unless: /^\s*\w+\s*=/, reason: 'truthy `shell=` with a command held in a variable assigned a literal' },
  { cls: 'command', check: 'B603', kind: 'audit', line: /^\s*(?:subprocess|subp)\.\w+\((?![^\n]*\bshell\s*=\s*(?!False\b|0\b|None\b|\[\]|\{\}))(?=\s*(?:\[|['"]|command\b))/, reason: 'program started without a shell, program fixed by a literal (or a variable assigned one)' },
  { cls: 'command', check: 'B609', kind: 'audit', line: /(?:\.(?:system|popen\d?)\(|shell\s*=\s*True)/, also: /\b(?:chown|chmod|tar|rsync)\b[^'"\n]*\*['"]/, reason: 'wildcard in a constant shell command (argument injection through file names, not data reaching a shell)' },
  { cls: 'code', check: 'B307/B102', kind: 'constant', line: new RegExp(String.raw`^\s*(?:print\()?(?:eval|exec)\(\s*${LIT}\s*\)`), reason: 'code written as a literal' },
  { cls: 'deserialization', check: 'B301/B506', kind: 'constant', line: /\b(?:decode|loads?|read_pickle|restore)\(\s*(\w+)\s*[,)]/, unless: /Safe|Loader\s*=/, own: /^\s*NAME\s*=\s*(?:jsonpickle\.encode|c?[pP]ickle\.dumps|dill\.dumps|yaml\.dump)\(/m, reason: 'bytes this file serialised itself (the argument is assigned from `encode`/`dumps`/`dump`)' },
  { cls: 'deserialization', check: 'B506', kind: 'constant', line: /\byaml\.load\(\s*(['"])[^'"\n]*\1/, unless: /Safe/, reason: 'a YAML document written as a literal' },
  { cls: 'deserialization', check: 'B614', kind: 'audit', line: /\btorch\.load\((?![^\n]*weights_only\s*=\s*(?:True|False))/, reason: '`torch.load` without `weights_only`: loads tensors only since PyTorch 2.6' },
  { cls: 'sql', check: 'B610/B611', kind: 'constant', line: /\.extra\((?=[^\n]*(?:%|\.format\(|dict\(|[=:]\s*\[?[a-z_]\w*\]?[)}]))|\bRawSQL\((?=\s*[a-z_]\w*\s*,|[^\n]*(?:%|\.format\())/, reason: 'Django `extra`/`RawSQL` given literals (or variables assigned literals)' },
  { cls: 'sql', check: 'B608', kind: 'audit', line: /^\s*\w+\s*=\s*(?:"""|["'])[^\n]*(?:%\s*\w|\+\s*\w|\.format\(|\.replace\()|^\s*\w+\s*=\s*"""(?![^\n]*""")|^\s*\w+\(\)\(/, reason: 'SQL text built but not executed here (Warden reports where SQL runs)' },
  { cls: 'ssrf', check: 'B310', kind: 'constant', line: /\burl(?:open|retrieve)\(\s*(['"])/, reason: 'URL written as a literal' },
  { cls: 'ssrf', check: 'B310', kind: 'audit', line: /\b(?:Fancy)?URLopener\(\)/, reason: 'opener constructed, no URL yet (audit of the API)' },
  { cls: 'weak-random', check: 'B311', kind: 'audit', line: /\brandom\.(?!SystemRandom\b)\w+\(/, reason: 'random number not used as a secret (Warden reports `random` for tokens, passwords, keys)' },
  { cls: 'xxe', check: 'B313-B320', kind: 'audit', line: /\b(\w+)(?:\.\w+)*\.(?:fromstring|parse|iterparse|XMLParser|parseString|create_parser|make_parser)\(|\b(\w*[pP]arse\w*)\(/, unlessOwn: /^\s*(?:import\s+defusedxml\S*\s+as\s+NAME\b|from\s+defusedxml\S*\s+import\s+\w+\s+as\s+NAME\b)/m, reason: 'Python 3 stdlib XML parser: no external entities since 3.7.1, expat ≥ 2.4.1 limits entity expansion (docs: XML vulnerabilities table)' },
  { cls: 'xxe', check: 'B405-B411', kind: 'audit', severity: 'LOW', line: /^\s*(?:import\s+xml\.|from\s+xml(?:\.\w+)*\s+import)/, reason: 'import of an XML module (import blocklist)' },
  { cls: 'xxe', check: 'B411', kind: 'audit', line: /^\s*import\s+xmlrpc\b/, reason: 'import of xmlrpc: its parser is expat, safe on Python 3 as above (import blocklist)' },
  { cls: 'weak-hash', check: 'B413', kind: 'audit', line: /^\s*from\s+Crypto\.Hash\s+import\b/, reason: 'pycrypto import (unmaintained-library audit); the weak hash itself is labelled at its `.new()`' },
  { cls: 'weak-hash', check: 'B324', kind: 'audit', line: /\bcrypt\.(?:crypt|mksalt)\([^\n]*METHOD_BLOWFISH/, reason: 'bcrypt (`METHOD_BLOWFISH`) is a password hash, not a weak one' },
  { cls: 'weak-cipher', check: 'B413', kind: 'audit', line: /^\s*from\s+Crypto(?:\.\w+)?\s+import\b/, reason: 'pycrypto import (unmaintained-library audit); the weak cipher itself is labelled at its `.new()`' },
  { cls: 'weak-cipher', check: 'B303', kind: 'audit', line: /\bSHA\.new\(/, reason: 'a hash (SHA-1) label in the cipher file: Warden reports it as `python-weak-hash`, another class' },
  { cls: 'weak-cipher', check: 'B304', kind: 'audit', line: /\balgorithms\.SEED\(/, reason: 'SEED has a 128-bit block and no practical attack: deprecated, not broken' },
  { cls: 'weak-key', check: 'B413', kind: 'audit', line: /^\s*from\s+Crypto(?:\.\w+)?\s+import\b/, reason: 'pycrypto import (unmaintained-library audit)' },
  { cls: 'path', check: 'B202', kind: 'audit', line: /\.extractall\([^\n]*\bmembers\s*=/, reason: 'the code chooses the members (a filtering function, an empty list): no member name from the archive is trusted as such' },
  { cls: 'html', check: 'B701', kind: 'constant', line: /\bautoescape\s*=\s*(\w+)\(\)/, own: /^\s*def\s+NAME\(\):\s*\n\s*return\s+(?:'[^'\n]+'|"[^"\n]+")\s*$/m, reason: 'autoescape set from a local function that returns a non-empty literal (escaping on)' },
  { cls: 'tls', check: 'B502/B503', kind: 'audit', line: /\bSSLv23_METHOD\b/, reason: "pyOpenSSL's `SSLv23_METHOD` negotiates the highest version both sides support (it is `TLS_METHOD`)" },
  { cls: 'tls', check: 'B504', kind: 'audit', line: /\bwrap_socket\(\s*\)/, reason: '`ssl.wrap_socket()` without a version: the default negotiates' },
  { cls: 'permissions', check: 'B103', kind: 'audit', line: /\bos\.chmod\([^\n]*,\s*0o?[0-7]{0,3}[0145]\s*\)/, reason: 'mode not writable by others (group bits only): Warden reports world-writable modes' },
  { cls: 'permissions', check: 'B108', kind: 'audit', line: /(['"])\/tmp\//, reason: 'hard-coded /tmp path (B108, not a permission)' },
  { cls: 'secrets', check: 'B105/B106/B107', kind: 'audit', line: /(?:pass\w*|pwd|secret\w*)['"]?\s*(?:=|==|:)\s*(['"])(?:[A-Za-z_ ]*|\d{0,6})\1/i, reason: 'placeholder value (empty, a word, a short number): Warden reports values that look generated, not words' },
  { cls: 'html', check: 'B702', kind: 'audit', line: /\bTemplate\(\s*(['"])/, reason: 'every Mako template (no autoescape by default) whatever it renders: an audit of the library' },
];

/**
 * gosec rule → Warden class. G402 covers both disabled verification and old protocol versions; G401,
 * G406 and the G50x blocklists weak primitives whatever they protect (Warden's weak-hash text rules
 * report MD5/SHA-1 hashing calls, not imports).
 */
const GOSEC_MAP = {
  G101: 'secrets', G106: 'ssh-host-key', G107: 'ssrf', G111: 'path', G124: 'cookie',
  G201: 'sql', G202: 'sql', G203: 'html', G204: 'command',
  G302: 'permissions', G304: 'path', G305: 'path', G306: 'permissions',
  G401: 'weak-hash', G402: 'tls', G403: 'weak-key', G404: 'weak-random', G405: 'weak-cipher', G406: 'weak-hash', G407: 'static-iv',
  G501: 'weak-hash', G502: 'weak-cipher', G503: 'weak-cipher', G505: 'weak-hash', G506: 'weak-hash', G507: 'weak-hash',
  G701: 'sql', G702: 'command', G703: 'path', G704: 'ssrf', G705: 'html', G708: 'code', G709: 'deserialization', G710: 'redirect',
};
const GOSEC_NOT_COVERED = {
  G102: 'bind to all interfaces', G103: 'unsafe', G104: 'unchecked errors', G108: 'pprof exposed',
  G109: 'integer overflow', G110: 'decompression bomb', G112: 'slowloris', G113: 'request smuggling', G114: 'serve without timeouts',
  G115: 'integer conversion', G116: 'bidirectional characters', G117: 'secret-named struct fields marshalled', G118: 'context propagation',
  G119: 'redirect policy leaking headers', G120: 'unbounded multipart form', G121: 'CrossOriginProtection bypass', G122: 'walk TOCTOU',
  G123: 'TLS resumption bypass', G301: 'mkdir permissions', G303: 'temp file', G307: 'os.Create permissions', G504: 'net/http/cgi import',
  G601: 'range aliasing', G602: 'slice bounds', G706: 'log injection', G707: 'SMTP injection', G408: 'SSH PublicKeyCallback state',
};

/**
 * gosec samples whose expected count we judge wrong, left out of the scores and listed: negatives
 * (expected 0) where request data does reach the SQL text, through a helper's return value, a nested
 * struct field, a map entry, a global or a struct passed through constructors. gosec's own taint
 * analysis does not follow these and pins that with a 0. (G701 sample 10: the whole statement is the
 * request's `input`, kept in a struct inside a struct, `req.Query.SQL`.)
 */
/*
 * G703 sample 6 expects 0 for `os.Open(filepath.Clean(r.URL.Query().Get("file")))`: Clean keeps the
 * `..` at the start of a relative path (`../../etc/passwd`) and any absolute path, as its documentation
 * says, so the request still chooses the file. G703 sample 8 expects 0 for `os.ReadFile(filepath.Abs(os.Getenv("FILE")))`:
 * Abs only joins a relative path to the working directory and cleans it, so the variable still names any
 * file (`../../etc/passwd` becomes `/etc/passwd`); Warden warns (unknown origin).
 */
const GOSEC_JUDGED_WRONG = new Set(['G701 sample 10', 'G701 sample 36', 'G701 sample 44', 'G701 sample 60', 'G701 sample 73', 'G701 sample 74', 'G701 sample 80', 'G701 sample 92', 'G703 sample 6', 'G703 sample 8']);

/**
 * gosec labels left out of the judged figure by what the sample's code is, never by its number (issue #14's
 * rule: request data → error, unknown origin → warning, constants silent; audit labels outside Warden's
 * class are not misses). Each is listed with its reason, and the raw figure (every label) is printed too.
 * `when(text, expected)` reads the sample's Go text.
 */
/**
 * The sample's own functions (other than `main`) that it calls, each call passing only literals or
 * locals assigned a literal: their parameters are constants (issue #14: constants reaching a sink are silent).
 */
function constantCallers(text) {
  const literal = /^(?:"[^"]*"|`[^`]*`|-?\d+|nil|true|false)$/;
  const assigned = (name) => new RegExp(`\\b${name}\\s*:?=\\s*(?:"[^"]*"|\\d+)\\s*$`, 'm').test(text) && !new RegExp(`\\b${name}\\s*:?=\\s*[^"\\d\\s]`).test(text);
  const functions = [...text.matchAll(/^func (\w+)\(/gm)].map((m) => m[1]).filter((f) => f !== 'main');
  return functions.some((f) => {
    const calls = [...text.matchAll(new RegExp(`(?<!func )\\b${f}\\(([^()]*)\\)`, 'g'))];
    return calls.length > 0 && calls.every((c) => c[1].split(',').map((x) => x.trim()).filter(Boolean).every((x) => literal.test(x) || (/^\w+$/.test(x) && assigned(x))));
  });
}

const GOSEC_EXCLUDED = [
  {
    rule: ['G107', 'G204', 'G304'],
    when: (text, expected) => expected > 0 && constantCallers(text),
    reason: 'the value is a parameter every caller in the sample fills with a constant: constants reaching a sink are silent',
  },
  {
    rule: ['G107'],
    when: (text, expected) => expected > 0 && [...text.matchAll(/^var (\w+) string = "[^"]*"$/gm)].some((m) => !new RegExp(`^\\s+${m[1]}\\s*=`, 'm').test(text)),
    reason: 'a package variable set to a constant and never assigned again: a constant',
  },
  {
    rule: ['G107', 'G704'],
    when: (text, expected) => expected > 0 && /os\.Getenv\(|os\.Stdin/.test(text),
    reason: 'the URL is what the program was configured or asked for by whoever runs it (environment, standard input), not a remote party: no server-side request forgery',
  },
  {
    rule: ['G304', 'G703'],
    when: (text, expected) => expected > 0 && /os\.Getenv\(|os\.Args\[/.test(text) && !/\b(?:filepath|path)\.Join\(|"\s*\+\s*\w/.test(text),
    reason: 'the whole path is named by whoever runs the program (environment, command line): its own choice of file; Warden warns when such a name is joined under a directory',
  },
  {
    rule: ['G204'],
    when: (text, expected) => expected > 0 && /\bCommand(?:Context)?\(.*os\.Args\[0\]/.test(text),
    reason: 'the program re-runs itself: os.Args[0] is its own path, set by whoever already runs it',
  },
  {
    rule: ['G201', 'G202', 'G701'],
    when: (text, expected) => expected > 0 && /strconv\.(?:Atoi|ParseInt)\(/.test(text) && /strconv\.(?:Itoa|FormatInt)\(/.test(text),
    reason: 'the value in the SQL is an integer parsed from the request and printed back (`strconv.Atoi` then `Itoa`): digits and a sign only, no SQL can ride in it',
  },
  {
    rule: ['G201', 'G202', 'G701'],
    when: (text, expected) => expected > 0 && /url\.QueryEscape\(/.test(text) && /'"\s*\+\s*\w+\s*\+\s*"'/.test(text),
    reason: "`url.QueryEscape` percent-encodes every quote and backslash: a value put between quotes in the SQL cannot end the literal",
  },
  {
    rule: ['G101'],
    when: (text, expected) => expected > 0 && /"A[KS]IA[A-Z0-9]{9}EXAMPLE"/.test(text),
    reason: "AWS's documentation example key ID (`…EXAMPLE`; its `8` is outside the base-32 alphabet of real key IDs): a placeholder, and a key ID alone signs nothing",
  },
  {
    rule: ['G111'],
    when: (text) => /http\.Dir\("\/"\)/.test(text),
    reason: 'serving the file system root (`http.Dir("/")`) is a configuration check, not data reaching a path (audit label outside tainted-path)',
  },
  {
    rule: 'G404',
    // Warden's class is weak randomness for a secret (a token, key, password, nonce…): gosec flags every math/rand call.
    when: (text) => !/\b(?:token|secret|passw(?:or)?d|key|nonce|salt|otp|session)\w*\s*:?=/i.test(text),
    reason: 'math/rand for a value that is no secret (audit label; Warden reports weak randomness made into a secret)',
  },
  {
    rule: 'G407',
    // gosec tracks which bytes of the IV crypto/rand filled; Warden's class is an IV with no random bytes at all.
    when: (text, expected) => expected > 0 && /\brand\.Read\(|io\.ReadFull\(/.test(text),
    reason: 'IV read from crypto/rand, then one byte overwritten or only a part read: not a constant IV (Warden reports IVs with no random bytes)',
  },
  {
    rule: '*',
    when: (text, expected) => expected === 0 && /#nosec/.test(text),
    reason: "0 only because of gosec's own suppression comment (#nosec): the code is the flaw, Warden has no gosec comments",
  },
];

const ruleset = compileRuleset({ preset: 'strict' }, BUILTIN_CATALOG);
const classOf = new Map(Object.entries(CLASSES).flatMap(([cls, ids]) => ids.map((id) => [id, cls])));
const table = new Map(); // `${suite} ${cls}` → counts
const misses = [];
const fps = [];

function score(suite, cls, label, found, expected) {
  const row = table.get(`${suite} ${cls}`) ?? { tp: 0, fp: 0, fn: 0, samples: 0 };
  const tp = Math.min(found, expected);
  row.tp += tp;
  row.fn += expected - tp;
  row.fp += found - tp;
  row.samples++;
  table.set(`${suite} ${cls}`, row);
  if (suite.endsWith('-raw')) return;
  if (expected > tp) misses.push(`${cls} ${label}: ${tp} of ${expected}`);
  if (found > tp) fps.push(`${cls} ${label}: ${found - tp} extra (expected ${expected})`);
}

/** Warden findings in `text`, counted by class. */
function countByClass(text, path) {
  const out = new Map();
  for (const f of analyze({ text, path }, ruleset, { timeBudgetMs: 60_000 }).findings) {
    const cls = classOf.get(f.ruleId);
    if (cls) out.set(cls, (out.get(cls) ?? 0) + 1);
  }
  return out;
}

/** Bandit's functional tests: example file → expected counts by severity (one `check_example` per test). */
function banditExpectations(source) {
  const out = new Map();
  for (const m of source.matchAll(/def (test_\w+)\(self\):([\s\S]*?)(?=\n    def |$)/g)) {
    const body = m[2];
    const files = [...body.matchAll(/check_example\(\s*"([^"]+)"/g)].map((x) => x[1]);
    const severities = [...body.matchAll(/"SEVERITY":\s*\{([^}]*)\}/g)].map((x) => Object.fromEntries([...x[1].matchAll(/"(\w+)":\s*(\d+)/g)].map((y) => [y[1], Number(y[2])])));
    // Tests that run the same file twice under different flags (nosec, ignore-nosec) are skipped: the
    // plain run is the one a user gets.
    if (files.length === 0 || /ignore_nosec=True|b_mgr\.b_ts|with_test_set/.test(body)) continue;
    files.forEach((f, i) => {
      if (!out.has(f) && severities[i]) out.set(f, severities[i]);
    });
  }
  return out;
}

function evalBandit(dir) {
  const tree = archive(dir, BANDIT.commit, ['examples', 'tests/functional/test_functional.py'], 'bandit');
  const expected = banditExpectations(readFileSync(join(tree, 'tests/functional/test_functional.py'), 'utf8'));
  const notCovered = [];
  const excluded = [];
  let lines = 0;
  for (const [file, sev] of [...expected].sort()) {
    const map = BANDIT_MAP[file];
    if (!map) {
      notCovered.push(`${file} (${BANDIT_NOT_COVERED[file] ?? 'unmapped'})`);
      continue;
    }
    const text = readFileSync(join(tree, 'examples', file), 'utf8');
    lines += text.split('\n').length;
    const found = countByClass(text, `examples/${file}`);
    if (map.cls === '*') {
      for (const [cls, n] of found) {
        score('bandit-raw', cls, file, n, 0);
        score('bandit', cls, file, n, 0);
      }
      continue;
    }
    const want = Object.entries(sev).filter(([k]) => !map.severities || map.severities.includes(k)).reduce((t, [, n]) => t + n, 0);
    // Labels of a severity the file's expected count leaves out (its import blocklist) are not subtracted.
    const left = judgedOut(map.cls, text).filter((x) => !x.severity || !map.severities || map.severities.includes(x.severity));
    if (left.length > want) console.log(`${file}: ${left.length} labels left out but Bandit expects ${want}; the table is wrong`);
    for (const x of left) excluded.push(`${file}:${x.line} ${x.check} ${x.kind}: ${x.reason}`);
    score('bandit-raw', map.cls, file, found.get(map.cls) ?? 0, want);
    score('bandit', map.cls, file, found.get(map.cls) ?? 0, Math.max(0, want - left.length));
  }
  rmSync(tree, { recursive: true, force: true });
  return { files: expected.size, lines, notCovered, excluded };
}

/** The labels of `cls` that BANDIT_JUDGED leaves out in `text`: one per matching line and entry. */
function judgedOut(cls, text) {
  const out = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    for (const j of BANDIT_JUDGED) {
      if (j.cls !== cls) continue;
      const m = j.line.exec(line);
      if (!m || j.unless?.test(line) || (j.also && !j.also.test(line))) continue;
      if (j.own && !new RegExp(j.own.source.replace('NAME', m[1]), j.own.flags).test(text)) continue;
      // A parser taken from defusedxml (`import defusedxml.ElementTree as ET`, or `defusedxml.sax.parse`) is not a label.
      const name = m[1] ?? m[2];
      if (j.unlessOwn && name && (name === 'defusedxml' || new RegExp(j.unlessOwn.source.replaceAll('NAME', name), j.unlessOwn.flags).test(text))) continue;
      out.push({ ...j, line: i + 1 });
    }
  });
  return out;
}

/** gosec's samples: each `[]string{`…`}` of Go sources followed by its expected issue count. */
function gosecSamples(source) {
  const out = [];
  const re = /\[\]string\{\s*((?:`[^`]*`\s*,?\s*)+)\}\s*(?:,\s*(\d+)\s*,|,\s*Errors:\s*(\d+))/g;
  for (const m of source.matchAll(re)) {
    const files = [...m[1].matchAll(/`([^`]*)`/g)].map((x) => x[1]);
    out.push({ files, expected: Number(m[2] ?? m[3]) });
  }
  return out;
}

function evalGosec(dir) {
  const tree = archive(dir, GOSEC.commit, ['testutils'], 'gosec');
  const notCovered = [];
  const judgedWrong = [];
  const excludedLabels = [];
  let samples = 0;
  let lines = 0;
  for (const id of [...new Set([...Object.keys(GOSEC_MAP), ...Object.keys(GOSEC_NOT_COVERED)])].sort()) {
    let source;
    try {
      source = readFileSync(join(tree, 'testutils', `${id.toLowerCase()}_samples.go`), 'utf8');
    } catch {
      continue;
    }
    const list = gosecSamples(source);
    const cls = GOSEC_MAP[id];
    if (!cls) {
      notCovered.push(`${id} ${GOSEC_NOT_COVERED[id]} (${list.length} samples)`);
      continue;
    }
    list.forEach((s, i) => {
      if (GOSEC_JUDGED_WRONG.has(`${id} sample ${i + 1}`)) {
        judgedWrong.push(`${id} sample ${i + 1} (expects ${s.expected})`);
        return;
      }
      const text = s.files.join('\n');
      const excluded = GOSEC_EXCLUDED.find((x) => (x.rule === '*' || x.rule === id || (Array.isArray(x.rule) && x.rule.includes(id))) && x.when(text, s.expected));
      let found = 0;
      if (excluded) {
        for (const f of s.files) found += countByClass(f, `samples/${id}-${i + 1}/file.go`).get(cls) ?? 0;
        excludedLabels.push(`${id} sample ${i + 1} (expects ${s.expected}, Warden ${found}): ${excluded.reason}`);
        score('gosec-raw', cls, `${id} sample ${i + 1}`, found, s.expected);
        return;
      }
      samples++;
      s.files.forEach((text, j) => {
        lines += text.split('\n').length;
        found += countByClass(text, `samples/${id}-${i + 1}/file${j}.go`).get(cls) ?? 0;
      });
      score('gosec', cls, `${id} sample ${i + 1}`, found, s.expected);
      score('gosec-raw', cls, `${id} sample ${i + 1}`, found, s.expected);
    });
  }
  rmSync(tree, { recursive: true, force: true });
  return { samples, lines, notCovered, judgedWrong, excludedLabels };
}

const ratio = (a, b) => (b === 0 ? NaN : a / b);
const f2 = (x) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2));

await loadAllGrammars();
const results = {};
for (const [name, pin, run] of [['bandit', BANDIT, evalBandit], ['gosec', GOSEC, evalGosec]]) {
  if (!suites.has(name)) continue;
  const dir = mirror(pin);
  if (!dir) {
    console.log(`${pin.repo}: not mirrored under ${MIRRORS}, skipped.`);
    continue;
  }
  const t0 = performance.now();
  const r = run(dir);
  console.log(`\n${pin.repo} @ ${pin.commit.slice(0, 12)} (${((performance.now() - t0) / 1000).toFixed(1)} s, ${r.lines} lines); counts per ${name === 'bandit' ? 'example file' : 'sample'}`);
  // Judged figures; with exclusions (gosec), the raw figures over every label beside them.
  const raw = r.excludedLabels !== undefined || r.excluded !== undefined;
  console.log(`class             samples  expected  TP  FN  FP  precision  recall${raw ? '   raw: expected  TP  FP  precision  recall' : ''}`);
  const total = { tp: 0, fp: 0, fn: 0, samples: 0 };
  const rawTotal = { tp: 0, fp: 0, fn: 0, samples: 0 };
  const perClass = {};
  const empty = { tp: 0, fp: 0, fn: 0, samples: 0 };
  const classes = [...new Set([...table.keys()].filter((k) => k.startsWith(`${name} `) || k.startsWith(`${name}-raw `)).map((k) => k.split(' ')[1]))].sort();
  const rawColumns = (row) => (raw ? `        ${String(row.tp + row.fn).padStart(4)} ${String(row.tp).padStart(3)} ${String(row.fp).padStart(3)}  ${f2(ratio(row.tp, row.tp + row.fp)).padStart(9)}  ${f2(ratio(row.tp, row.tp + row.fn)).padStart(6)}` : '');
  for (const cls of classes) {
    const row = table.get(`${name} ${cls}`) ?? empty;
    const rawRow = table.get(`${name}-raw ${cls}`) ?? empty;
    for (const k of Object.keys(total)) total[k] += row[k];
    for (const k of Object.keys(rawTotal)) rawTotal[k] += rawRow[k];
    perClass[cls] = { ...row, precision: ratio(row.tp, row.tp + row.fp), recall: ratio(row.tp, row.tp + row.fn) };
    console.log(`${cls.padEnd(17)} ${String(row.samples).padStart(7)} ${String(row.tp + row.fn).padStart(9)} ${String(row.tp).padStart(3)} ${String(row.fn).padStart(3)} ${String(row.fp).padStart(3)}  ${f2(perClass[cls].precision).padStart(9)}  ${f2(perClass[cls].recall).padStart(6)}${rawColumns(rawRow)}`);
  }
  console.log(`${'all classes'.padEnd(17)} ${String(total.samples).padStart(7)} ${String(total.tp + total.fn).padStart(9)} ${String(total.tp).padStart(3)} ${String(total.fn).padStart(3)} ${String(total.fp).padStart(3)}  ${f2(ratio(total.tp, total.tp + total.fp)).padStart(9)}  ${f2(ratio(total.tp, total.tp + total.fn)).padStart(6)}${rawColumns(rawTotal)}`);
  const excluded = r.excludedLabels ?? r.excluded;
  if (excluded?.length) console.log(`labels excluded from the judged figure (${excluded.length}):\n  ${excluded.join('\n  ')}`);
  console.log(`not covered by Warden: ${r.notCovered.join('; ')}`);
  if (r.judgedWrong?.length) console.log(`labels judged wrong, left out: ${r.judgedWrong.join('; ')}`);
  results[name] = { repo: pin.repo, commit: pin.commit, perClass, total: { ...total, precision: ratio(total.tp, total.tp + total.fp), recall: ratio(total.tp, total.tp + total.fn) }, notCovered: r.notCovered };
  if (raw) Object.assign(results[name], { raw: { ...rawTotal, precision: ratio(rawTotal.tp, rawTotal.tp + rawTotal.fp), recall: ratio(rawTotal.tp, rawTotal.tp + rawTotal.fn) }, excluded });
}
const pick = (list, filter) => list.filter((x) => filter === 'all' || x.startsWith(`${filter} `) || x.includes(` ${filter} `));
if (showMisses) for (const m of pick(misses, showMisses)) console.log(`  miss ${m}`);
if (showFps) for (const m of pick(fps, showFps)) console.log(`  fp   ${m}`);
results.misses = misses;
results.fps = fps;
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
