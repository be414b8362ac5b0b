import { shannonEntropy } from './secrets';
import { PATTERN_VALIDATORS } from './patternValidators';

/**
 * Named checks a text rule can require of its secret (or whole match). Rules are data; these are the
 * only code they may call, and they never execute anything from the analysed file.
 */
export interface ValidatorContext {
  text: string;
  start: number;
  end: number;
}

export type Validator = (value: string, ctx: ValidatorContext) => boolean;

const PLACEHOLDER_WORDS =
  /^(?:changeme|change_me|password|passwd|secret|token|example|sample|dummy|test|testing|placeholder|redacted|none|null|undefined|todo|fixme|your[-_ ]?\w*|my[-_]?\w*|xxx+|\*+|\.\.\.+|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|%[sd]|\$\w+|\$\{[^}]*\}|\{\{[^}]*\}\}|(?:insert|enter|put|replace)[-_ ]?\w*)$/i;

/** True for values people write instead of a secret: `changeme`, `xxxx`, `<your-key>`, `${VAR}`… */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}|%\(\w+\)s|<[a-z_-]+>/i.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // one repeated character
  if (/x{4,}|\*{4,}|\.{3}/i.test(v)) return true;
  if (/example|placeholder|changeme|dummy|redacted|your[_-]?(?:api|secret|token|key|password)/i.test(v)) return true;
  return isSequential(v) || hasSequentialRun(v, 10);
}

/**
 * True when the value holds a run of `min` neighbouring letters of the alphabet, whatever their case
 * (`…klmnopqrstuvwx…`, `AIzaSyabcdefghijklmnop…`): a hand-made stand-in. A random token over 62 symbols
 * holds a given run of 10 with odds of about one in 10^16 per position, so real keys are not caught.
 * Digit runs are left alone: `…-1234567890AB` stand-ins are what the public suites count as secrets.
 */
export function hasSequentialRun(value: string, min: number): boolean {
  const v = value.toLowerCase();
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    const c = v.charCodeAt(i);
    run = c === v.charCodeAt(i - 1) + 1 && c > 97 && c <= 122 ? run + 1 : 1;
    if (run >= min) return true;
  }
  return false;
}

/** `abcdef`, `123456`, `qwerty`: runs of neighbouring characters. */
export function isSequential(value: string): boolean {
  const v = value.toLowerCase();
  if (v.length < 4) return false;
  if ('0123456789abcdefghijklmnopqrstuvwxyz'.includes(v) || 'qwertyuiopasdfghjklzxcvbnm'.includes(v)) return true;
  if ('9876543210'.includes(v)) return true;
  return false;
}

/** Luhn checksum, for card numbers. */
export function luhn(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(value: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < value.length; i++) crc = CRC_TABLE[(crc ^ value.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let out = '';
  let v = n;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/**
 * GitHub's modern tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) end in a 6-character base62 CRC32 of
 * the 30 characters before it; a string that fails the check is not a real token.
 */
export function githubChecksum(token: string): boolean {
  const m = /^gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})$/.exec(token);
  if (!m) return false;
  return base62(crc32(m[1]!), 6) === m[2];
}

// ---- generic secrets ------------------------------------------------------------------------------

/** Values that point somewhere else instead of holding a secret: env lookups, templates, vault references. */
const REFERENCE =
  /^(?:\$[{(A-Za-z_]|%(?:[sdif]$|\(\w+\)s|\w+%$)|@[A-Za-z_][\w.]*(?:\(|$)|&[\w-]+$|![A-Z]\w*|\*[A-Za-z_][\w-]*$|<[^>]*>$|\{|\[|#\{|(?:process\.env|os\.environ|os\.getenv|getenv|env|ENV|System\.getenv|Environment\.|config|settings|secrets?|vault|ref\+|op|awssm|azurekeyvault|gcpsm|sm|ssm|file|keyring|keychain)[.:([]|arn:aws:(?:secretsmanager|ssm|kms)|projects\/[^/]+\/secrets\/)/;
/** Prefixes and shapes owned by the structured-token rules; the generic rules leave these to them. */
const STRUCTURED =
  /^(?:gh[pousr]_|github_pat_|gl(?:pat|dt|rt|cbt|ptt|soat|ft|imt|agent|oas)-|glsa_|glc_|(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$|AIza|GOCSPX-|[sr]k_(?:live|test)_|pk_(?:live|test)_|whsec_|sq0|EAAA|xox[abposre][.-]|xapp-|SK[0-9a-f]{32}$|SG\.|key-[0-9a-f]{32}$|xkeysib-|sk-|hf_|api_org_|gsk_|r8_|npm_|pypi-|oy2[a-z0-9]{43}$|dckr_|rubygems_|pul-|shp(?:at|ca|pa|ss)_|ATATT3|ATBB|ATCTT3|NRAK-|NRJS-|NRII-|sntry[us]_|HRKU-|do[por]_v1_|lin_api_|pplx-|PMAK-|sl\.|AGE-SECRET-KEY-|hv[sb]\.|dp\.|[sp]k\.eyJ|pat[A-Za-z0-9]{14}\.|secret_[A-Za-z0-9]{43}$|ntn_|pscale_|sbp_|sb_secret_|(?:FlyV1 )?fm[12]|figd_|sq[upa]_[a-f0-9]{40}$|eyJ|-----BEGIN|LTAI|access_token\$|dapi[0-9a-f]{8}|[a-z][a-z0-9+.-]{1,20}:\/\/)|[A-Za-z0-9_~.-]{3}\dQ~|[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.|T3BlbkFJ|\.atlasv1\.|:APA91b|^\d{8,10}:AA|[a-f0-9]{32}-us\d{1,2}$|NRAL$/;
/** Names whose value is not the secret itself, though the name mentions one. */
const NOT_SECRET_NAME =
  /(?:name|names|file|filename|path|dir|url|uri|endpoint|host|header|type|kind|field|label|length|len|size|count|ttl|expir\w*|timeout|env|var|prefix|suffix|format|_?id|ids|policy|mode|enabled|required|method|algorithm|alg|store|provider|location|arn|ref|version|hint|regex|pattern|message|msg|text|title|placeholder|description|desc|param|parameter|attribute|column|query|route|template|key_?id|cookie_?name|storage_?key|cache_?key|event|scope|scopes|audience|issuer|source|mount|selector|class|style|icon|color)$|^(?:csrf|xsrf)|csrf|xsrf|public|publishable|page_?token|next_?token|pagination|continuation|tokeniz|max_?tokens|tokens?_?(?:count|limit|usage|budget)|hash|digest|salt_?rounds|regex|reset|forgot|confirm|strength|policy|min_?length|validation|lookup/i;
const WORDS_ONLY = /^(?:[a-z]+(?:[ _.:\/-][a-z]+)*|[A-Z]+(?:[ _.:\/-][A-Z]+)*|[A-Za-z][a-z]+(?:[A-Z][a-z]+)+|(?:[A-Za-z][a-z]*[ _.:\/-])+[A-Za-z][a-z]*)$/;
const KEYWORD_VALUES = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|bearer|basic|token|required|optional|string|number|boolean|integer|text|hidden|secret|password|hunter2|default|auto|env|disabled|enabled|hs256|hs384|hs512|rs256|es256|sha1|sha256|sha512|md5|aes-?\d+(?:-\w+)?)$/i;

/** The key a generic rule matched (`DB_PASSWORD`, `apiKey`, `spring.datasource.password`), from the whole match. */
export function matchedName(ctx: ValidatorContext): string {
  // Patterns start at the keyword (fast to scan for); the name may begin before it (`csrfToken`, `DB_PASSWORD`).
  let from = ctx.start;
  while (from > 0 && ctx.start - from < 60 && /[A-Za-z0-9_.$-]/.test(ctx.text[from - 1]!)) from--;
  if (from !== ctx.start) return matchedName({ ...ctx, start: from });
  // An XML element (`<apiSecret>…</apiSecret>`) is named by its tag: read on, the value's own `=` padding
  // would be taken for the assignment and part of the value for its name.
  const element = /^<([A-Za-z_][\w.:-]{0,60})>/.exec(ctx.text.slice(ctx.start, Math.min(ctx.end, ctx.start + 64)));
  if (element) return element[1]!;
  const m = /([A-Za-z0-9_.$:-]*[A-Za-z0-9_])["'\]]{0,2}(?:[ \t]*:[ \t]*[A-Za-z][\w.<>[\]|?]{0,30})?[ \t]*(?::=|=>|\?=|\+=|=|:|,|[ \t])/.exec(
    ctx.text.slice(ctx.start, Math.min(ctx.end, ctx.start + 200)).replace(/^[ \t]*(?:export|ENV|ARG|define\(|-|(?:key|name)=)?[ \t]*["'<]?/i, ''),
  );
  return (m?.[1] ?? '').replace(/^\$/, '');
}

function characterClasses(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
}

/** True for strings that hold a value of their own rather than a reference, a name or a placeholder. */
function isLiteralValue(value: string): boolean {
  if (isPlaceholder(value) || isDocumentedExample(value)) return false;
  if (REFERENCE.test(value) || /\$\{|\{\{|#\{|<%|%\(|\$\(/.test(value)) return false;
  if (/^(?:ENC\(.*\)|ENC\[[A-Z0-9_]+,.*\]|\[encrypted\]|\{cipher\}|vault:v\d+:)/.test(value)) return false; // encrypted (jasypt, sops, Spring Cloud Config, Vault transit)
  if (KEYWORD_VALUES.test(value) || WORDS_ONLY.test(value)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false; // a constant's or variable's name
  if (/^(?:~|\.{1,2})?\/[a-z0-9._@-]*(?:\/[a-z0-9._@-]*)*$|^[A-Za-z]:\\|\.(?:pem|key|json|ya?ml|txt|p12|pfx|jks|crt|cer|env|properties|conf|ini|xml|js|ts|py)$/.test(value)) return false; // a path
  const decoded = decodeBase64(value);
  if (decoded !== undefined && value.length >= 8 && /^[\x20-\x7e]+$/.test(decoded) && isPlaceholder(decoded)) return false; // base64 of `changeme`
  if (/^(?:[a-z][\w+.-]*:)?\/\//i.test(value)) return false; // a URL: credentials in URLs have their own rules
  if (/^\d+(?:\.\d+)*[smhd]?$/.test(value) && !/^\d{24,64}$/.test(value)) return false; // numbers, versions, durations (24+ digits: see randomDigits)
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return false; // a wallet or contract address is public
  if (/^(.{1,4})\1{2,}$/.test(value)) return false; // abcabcabc
  // `],pattern:` in `keywords:["accesskey="],pattern:"…"`: the code between two string literals, read as a
  // quoted value when a string's closing quote was taken for an opening one (minified rule data, Warden's own bundle).
  if (/^[\])}]\s*,\s*[A-Za-z_$][\w$]*\s*:$/.test(value)) return false;
  if (sqlCondition(value)) return false;
  return true;
}

/** One comparison of a column with a bind parameter: `user_id=?`, `owner_id = $1`, `name LIKE :q`, `id IN (?)`. */
const BOUND_COMPARISON = /^[A-Za-z_][\w.]*\s*(?:=|!=|<>|<=|>=|<|>|\s(?:not\s+)?(?:like|in)\s)\s*(?:\(\s*)?(?:\?|\$\d+|:[A-Za-z_]\w*)(?:\s*\))?$/i;

/**
 * An SQL condition made only of columns compared with bind parameters (`user_id=?`, `owner_id = ? AND
 * revoked = ?`): the text of a query that a table named `api_key` or `tokens` is searched with, not a
 * credential. A random token never has this shape.
 */
function sqlCondition(value: string): boolean {
  return value.split(/\s+(?:and|or)\s+/i).every((part) => BOUND_COMPARISON.test(part.trim()));
}

/** `ACCESS_TOKEN_WITH_AUTH_SCHEME`, `msal:acquireTokenStart`, `sha256` → lower-case words; digits stay with their letters. */
function nameWords(s: string): string[] {
  return s
    .replace(/([a-z0-9])(?=[A-Z])|([A-Z])(?=[A-Z][a-z])/g, '$1$2 ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const SPELLED = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/**
 * True when the value spells out its own name: an enum member, event name or constant whose value is
 * a label (`ACQUIRE_TOKEN_START: "msal:acquireTokenStart"`, `FLOW_PASSWORD_REQUIRED = "FlowPasswordRequired"`).
 * At least two of the name's words, and half of the value's, come back in the value, and every other
 * word of the value is plain letters: a real secret shares no words with its name, and
 * `db_password_2024` for DB_PASSWORD keeps its digits, so it is still reported.
 */
export function valueEchoesName(value: string, name: string): boolean {
  const names = new Set(nameWords(name));
  const words = new Set(nameWords(value));
  let shared = 0;
  for (const w of words) {
    // A numeral the name spells out is the same word (`OnePassword: "1Password"`, a product's name).
    if (names.has(w) || names.has(SPELLED[Number(w)] ?? '')) shared++;
    else if (!/^[a-z]+$/.test(w)) return false;
  }
  return shared >= 2 && shared * 2 >= words.size;
}

/**
 * A key and value given as two string arguments (`System.setProperty("API_TOKEN", "…")`, `os.Setenv(…)`)
 * count only as the first two arguments of a call that is not PHP's `define` (its own rule reports those):
 * the same two strings in a list (`["--password", "--passwd"]`) are words, not a setting.
 */
function pairNotInCall(ctx: ValidatorContext): boolean {
  const m = /^[A-Za-z0-9_.-]*["']\s*,/.exec(ctx.text.slice(ctx.start, Math.min(ctx.end, ctx.start + 120)));
  if (!m) return false;
  let i = ctx.start;
  while (i > 0 && ctx.start - i < 60 && /[A-Za-z0-9_.$-]/.test(ctx.text[i - 1]!)) i--;
  const before = ctx.text.slice(Math.max(0, i - 40), i);
  return !/[A-Za-z_$][\w$.]*[ \t]*\([ \t]*["']$/.test(before) || /(?:^|[^\w$.])define[ \t]*\([ \t]*["']$/i.test(before);
}

/**
 * Names that keyword-anchored structured rules (AWS secret key, Twilio, PayPal) report themselves. Datadog,
 * Okta and Heroku names are not among them: their rules know one value layout (a 32/40-hex key, `00…`, a
 * UUID) in a few assignment forms, and a random value under `datadog_token` in any other form or layout is
 * still a secret; when both report the same value, the engine keeps one finding.
 */
const CLAIMED_NAME = /aws[_.-]?secret|secret[_.-]?access[_.-]?key|twilio|paypal/i;

/**
 * Names that say the value does not work (`nonMatchingToken`, `invalid_password`, `wrongSecret`,
 * `fakeApiKey`): test inputs written to fail, not credentials. Case-sensitive so that the word ends at a
 * separator or a capital (`badge_token` and `fakeroot` are not caught).
 */
const NOT_WORKING_NAME =
  /^(?:(?:[Nn]on|[Nn]ot)[_-]?(?:[Mm]atching|[Vv]alid)|[Ii]nvalid|[Ww]rong|[Bb]ad|[Ff]ake|[Bb]ogus|[Mm]alformed|[Ii]ncorrect)(?:[_.-]|[A-Z])|^(?:NON_?MATCHING|NOT_?VALID|INVALID|WRONG|BAD|FAKE|BOGUS|MALFORMED|INCORRECT)[_.-]/;

/** Scores a literal assigned to a secret-like name: entropy and character mix, after the filters. */
export function looksLikeSecret(value: string, ctx?: ValidatorContext): boolean {
  if (value.length < 8 || !isLiteralValue(value) || STRUCTURED.test(value)) return false;
  if (ctx) {
    const name = matchedName(ctx);
    if (NOT_SECRET_NAME.test(name) || NOT_WORKING_NAME.test(name) || CLAIMED_NAME.test(name) || valueEchoesName(value, name) || pairNotInCall(ctx)) return false;
  }
  const entropy = shannonEntropy(value);
  const classes = characterClasses(value);
  const random = classes < 2 ? (value.length >= 20 && entropy >= 3.5) || randomDigits(value, entropy) : entropy >= Math.min(3.0, Math.log2(value.length) - 0.2);
  return random && !(ctx && inCatalogOrEnum(ctx));
}

/**
 * Whether the match is in a message catalog or an enum body: asked last by the scorers, only for a value
 * that passed every other test, since the catalog test reads the whole file (once per file).
 */
function inCatalogOrEnum(ctx: ValidatorContext): boolean {
  return inMessageCatalog(ctx) || inEnumBody(ctx);
}

/**
 * 24 to 64 random digits: one character class, so the per-character entropy can never reach 3.5, yet
 * 24 random digits carry about 80 bits, as much as a 14-character mixed token. No identifier in common
 * use is that long (snowflake ids 17–19 digits, card numbers up to 19, timestamps up to 19); long runs of
 * one digit (`1000000000000000000000000`, amounts in wei) and numbers past 64 digits (2^256 − 1) are left out.
 */
function randomDigits(value: string, entropy: number): boolean {
  return /^\d{24,64}$/.test(value) && entropy >= 3.0 && !/(\d)\1{3}/.test(value) && !isSequential(value);
}

/** Names ending in `key` or `auth` whose value is an identifier, a lookup key or a public key, not a credential. */
const NOT_SECRET_KEY_NAME =
  /(?:primary|foreign|sort|partition|range|cache|storage|query|i18n|translation|locale|route|idempotency|hot|shortcut|unique|lookup|index|row|column|object|bucket|file|ssh|gpg|pgp|pub|public|publishable|site|list|item|group|composite|meta|event|message|state|redis|dedupe|license_?plate)[_.-]?(?:key|auth)\d?$/i;

/** Names generic-secret already takes (`apiKey`, `client_secret`): left to it, so one literal gives one finding. */
const GENERIC_SECRET_NAME = /secret|token|(?:api|access|private|auth|signing|encryption|master|app|license)[_.-]?key|credential|creds|passphrase/i;

/** True when a few short runs make up most of the value (`abcd1234abcd1234…`): a made-up value, not a random one. */
export function isRepetitive(value: string): boolean {
  if (value.length < 12) return false;
  const grams = new Set<string>();
  for (let i = 0; i + 4 <= value.length; i++) grams.add(value.slice(i, i + 4));
  return grams.size < 0.6 * (value.length - 3);
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** 16+ characters with letters and digits interleaved (three changes or more), not a repetition: a random token, not `SalesResults-1.2`. */
function randomToken(value: string): boolean {
  if (value.length < 16 || !/\d/.test(value) || !/[A-Za-z]/.test(value) || isRepetitive(value)) return false;
  return (value.match(/[A-Za-z](?=\d)|\d(?=[A-Za-z])/g) ?? []).length >= 3;
}

/**
 * A literal under a name that only ends in `key` or `auth` (`censysKey`, `braintree_key`, `beeboleAuth`):
 * the name says less than `secret` or `api_key`, so the value must say more. At least 16 characters with
 * letters and digits interleaved (a random token, not `SalesResults-1.2`), not a repetition, and a
 * secret by the generic scoring.
 */
export function looksLikeKeyedSecret(value: string, ctx: ValidatorContext): boolean {
  if (!randomToken(value) || isUuid(value)) return false; // a UUID names something
  const name = matchedName(ctx);
  if (NOT_SECRET_KEY_NAME.test(name) || GENERIC_SECRET_NAME.test(name)) return false;
  return !inKubernetesSecret(ctx) && looksLikeSecret(value, ctx);
}

/** Jenkins writes stored credentials (`credentials.xml`, job configs) with these plugins' classes. */
const JENKINS_CREDENTIALS = /com\.cloudbees\.plugins\.credentials|org\.jenkinsci\.plugins\.plaincredentials|com\.cloudbees\.jenkins\.plugins\.sshcredentials/;

/** Scores a literal assigned to a password-like name: weaker passwords count too, names, templates and runs of punctuation (`****`, `,.:-!`) do not. */
export function looksLikePassword(value: string, ctx?: ValidatorContext): boolean {
  if (value.length < 6 || !/[A-Za-z0-9]/.test(value) || !isLiteralValue(value) || STRUCTURED.test(value)) return false;
  if (ctx) {
    const name = matchedName(ctx);
    if (NOT_SECRET_NAME.test(name) || NOT_WORKING_NAME.test(name) || valueEchoesName(value, name) || pairNotInCall(ctx)) return false;
  }
  if (/^(?:password|passw0rd|p@ssw0rd|p@ssword|admin|administrator|root|toor|guest|letmein|welcome|secret|qwerty|abc123|test123|password1|12345678?)$/i.test(value)) return false;
  const classes = characterClasses(value);
  return (classes >= 2 || (value.length >= 10 && shannonEntropy(value) >= 3)) && !(ctx && inCatalogOrEnum(ctx));
}

/**
 * A short or guessable literal under a credential's own name (`password = '1234'`, `secret = 'asdf'`,
 * `api_key = 'abc123'`), which `looksLikePassword`/`looksLikeSecret` leave out because it is neither long
 * nor random: still a hardcoded credential, and a weak one. What is left out are values that are not a
 * credential at all: placeholders and templates, keywords (`'hidden'`, `'string'`), names of fields,
 * constants and columns (`'user_password'`, `'PASSWORD_FIELD'`, `'hashedPassword'`), paths, routes,
 * selectors, flags and URLs, versions and durations, words in other scripts (UI labels), message catalogs
 * and enums, names that say the value is not a working one, and the second operand of a `?:`.
 */
export function weakCredential(value: string, ctx: ValidatorContext): boolean {
  const v = value;
  if (v.length > 64 || !/[A-Za-z0-9]/.test(v) || /[^\x20-\x7e]/.test(v)) return false;
  if (PLACEHOLDER_WORDS.test(v) || KEYWORD_VALUES.test(v) || /^(.)\1*$/.test(v) || /x{4,}|\*{3,}|\.{3}/i.test(v)) return false;
  if (REFERENCE.test(v) || /\$\{|\{\{|#\{|<%|%\(|\$\(|%[sd]/.test(v)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+$|^[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(v)) return false; // a name
  if (/pass(?:word|wd)?|pwd|secret|api_?key|hash|salt/i.test(v)) return false; // a field or column that holds one
  if (/[/\\:#@?&=<>]|^[.\-[(]/.test(v) || /^\d+(?:\.\d+)+$|^\d+[smhd]$/.test(v)) return false;
  if (/\?[ \t]*$/.test(ctx.text.slice(Math.max(0, ctx.start - 8), ctx.start))) return false;
  const name = matchedName(ctx);
  return !NOT_SECRET_NAME.test(name) && !NOT_WORKING_NAME.test(name) && !valueEchoesName(v, name) && !pairNotInCall(ctx) && !inCatalogOrEnum(ctx);
}

/** Passwords inside URLs and connection strings: not a template, not a well-known local default. */
export function urlPassword(value: string, ctx?: ValidatorContext): boolean {
  let v = value;
  try {
    v = decodeURIComponent(value);
  } catch {
    // keep the raw value
  }
  if (v.length < 3 || isPlaceholder(v) || /\$\{|\{\{|^\$|^%|^\{|^<|^:/.test(v)) return false;
  if (/^(?:pass|password|passwd|pwd|psw|pw|pword|secret|postgres|mysql|root|admin|guest|user|username|test|dev|demo|local|sa|example|changeme|default|redis|mongo|rabbitmq)$/i.test(v)) return false;
  if (ctx) {
    const user = /:\/\/([^:/@\s]*):/.exec(ctx.text.slice(ctx.start, ctx.end))?.[1];
    if (user && user.toLowerCase() === v.toLowerCase()) return false; // postgres:postgres@, guest:guest@
  }
  return true;
}

function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) return undefined;
  const out = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(out) ? undefined : out;
}

function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const text = decodeBase64(segment);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A signed JWT: the header is JSON naming a real algorithm, the payload is a JSON object, the signature random. */
export function isSignedJwt(token: string): boolean {
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) return false;
  const header = decodeJsonSegment(h);
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  if (!decodeJsonSegment(p)) return false;
  if (isDocumentedExample(token) || /^(.)\1+$/.test(sig) || shannonEntropy(sig) < 3) return false;
  return true;
}

/**
 * A Grafana API key as Grafana issues it (`eyJrIjoi…`): base64 of a JSON object whose `k` is the key
 * (then its name `n` and its `id`). A value that starts so but does not decode to that object is no key
 * Grafana issued (`grafana-key-bad-layout`).
 */
export function isIssuedGrafanaKey(value: string): boolean {
  const k = decodeJsonSegment(value.replace(/=+$/, ''))?.k;
  return typeof k === 'string' && k.length >= 16;
}

/** Docker `auths` entries: base64 of `user:password` with a real password, or an identity token. */
function basicAuthB64(value: string): boolean {
  const decoded = decodeBase64(value);
  if (decoded === undefined) return !isPlaceholder(value) && value.length >= 20 && shannonEntropy(value) >= 3.5;
  const colon = decoded.indexOf(':');
  if (colon < 0) return !isPlaceholder(decoded) && decoded.length >= 20;
  return looksLikePassword(decoded.slice(colon + 1)) || /^[A-Za-z0-9_-]{20,}$/.test(decoded.slice(colon + 1));
}

/** A value under `data:` (base64) or `stringData:` of a YAML document whose kind is Secret. */
function kubernetesSecretData(value: string, ctx: ValidatorContext): boolean {
  const { text, start } = ctx;
  const docStart = Math.max(text.lastIndexOf('\n---', start), 0);
  let docEnd = text.indexOf('\n---', start);
  if (docEnd < 0) docEnd = text.length;
  if (!KUBERNETES_SECRET_KIND.test(text.slice(docStart, docEnd))) return false;
  // The parent key: the nearest line above with less indentation.
  let lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // A block scalar (`password: |` and the value on the next line): the key is on the line above.
  const above = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : -1;
  if (above >= 0 && /^[ \t]*(?:-[ \t]+)?[A-Za-z0-9_.-]+:[ \t]+[|>][-+]?[ \t]*\r?$/.test(text.slice(above, lineStart - 1))) lineStart = above;
  // The key's own indentation (a list item's `- ` counts as indentation).
  const indent = /^[ \t]*(?:-[ \t]+)?/.exec(text.slice(lineStart, lineStart + 200))![0].length;
  let parent: string | undefined;
  for (let end = lineStart - 1; end > docStart; ) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(s, end);
    const ind = /^[ \t]*/.exec(line)![0].length;
    if (line.trim().length > 0 && !line.trim().startsWith('#') && ind < indent) {
      parent = line.trim();
      break;
    }
    end = s - 1;
  }
  const key = /^[ \t]*(?:-[ \t]+)?([A-Za-z0-9_.-]+):/.exec(text.slice(lineStart, lineStart + 200))?.[1] ?? '';
  if (/(?:^|[_.-])(?:user(?:name)?|login|host(?:name)?|port|database|db|db_?name|url|endpoint|region|email|namespace)$/i.test(key)) return false;
  if (parent === 'data:' || parent === '- data:') {
    let decoded = decodeBase64(value);
    if (decoded === undefined) return false;
    // Encoded twice (a value base64-encoded before it was put under data:): judge what is inside.
    const twice = decoded.trim().length >= 8 ? decodeBase64(decoded.trim()) : undefined;
    if (twice !== undefined && /^[\x20-\x7e]+$/.test(twice)) decoded = twice;
    if (key === '.dockerconfigjson' || key === '.dockercfg') return /"auth"\s*:\s*"[^"]{8,}"/.test(decoded);
    return looksLikePassword(decoded.trim()) || looksLikeSecret(decoded.trim());
  }
  if (parent === 'stringData:' || parent === '- stringData:') return looksLikePassword(value) || looksLikeSecret(value);
  return false;
}

/**
 * `kind: Secret` in any case, at the top of a manifest or nested (a list item under `items:`, Helm values,
 * `manifests:`), the value quoted or not.
 */
const KUBERNETES_SECRET_KIND = /^[ \t]*(?:-[ \t]+)?kind[ \t]*:[ \t]*["']?secret["']?[ \t]*(?:#.*)?\r?$/im;
/**
 * The part of KUBERNETES_SECRET_KIND that every match holds, searched first: without the line-start
 * anchor V8 finds `kind` quickly, where the whole pattern is tried at every line (over outline's 28
 * translation catalogs: 7.9 → 0.7 ms on Node 24, 7.9 → 4.0 ms on Node 20).
 */
const KIND_SECRET = /kind[ \t]*:[ \t]*["']?secret/i;

/** Whether the file holds a Secret manifest; asked once per match, so the answer for the last text is kept. */
let lastKindText: string | undefined;
let lastKindAnswer = false;
function inKubernetesSecret(ctx: ValidatorContext): boolean {
  if (ctx.text !== lastKindText) {
    lastKindText = ctx.text;
    lastKindAnswer = KIND_SECRET.test(ctx.text) && KUBERNETES_SECRET_KIND.test(ctx.text);
  }
  return lastKindAnswer;
}

/**
 * A message catalog (translations, UI strings: `"password": "Passwort"`, `"Credentials": "Zugangsdaten"`)
 * is prose, not configuration: its values are words shown to people. Recognised by its content, not
 * its path: at least 8 key–value lines, and at least 60% of their values are text (two words, with or
 * without punctuation between them, or letters outside ASCII). A configuration file with a few descriptions stays below that.
 */
/**
 * A JSON pair on one line, its value captured: `/^[ \t]*"[^"\n]{1,300}"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.)*)"(?:[ \t]*,)?[ \t]*\r?$/`
 * on the line cut out (the key's group was a second substring a line, for nothing). After the closing quote,
 * `(?:[ \t]*,)?[ \t]*` is `[ \t]*,?[ \t]*` (the same lines, the same value) written so that a run of blanks is not
 * split between two stars: that form tried every split of it, quadratic (a 40,000-blank line, about 7 s). Read in
 * one pass by hand instead, it cost about half on Node 24 (Maglev) but more on Node 20, where that code runs in the
 * interpreter for most of a scan (docs/engineering.md).
 *
 * Asked in place, of the line that starts at `lastIndex` of the whole text: sticky (`y`) for the `^`, and ending
 * before the line's `\n` (or the text's end) for the `$`. No part of it matches a `\n`, so it reads the same line.
 * It is only tested (`exec`'s result was most of what the catalog test allocated) and it stops where the value
 * ends, the rest in a lookahead: the value is the text from after the line's third quote (the key holds none) to
 * `lastIndex`. The value's characters are read one way only (a backslash only with the next character), so it ends
 * at its first unescaped quote whichever form asks.
 */
const CATALOG_JSON_PAIR_AT = /[ \t]*"[^"\n]{1,300}"[ \t]*:[ \t]*"(?:[^"\\\n]|\\.)*(?="(?:[ \t]*,)?[ \t]*\r?(?:\n|$))/y;

/** The value `inMessageCatalog` reads on one line (no `\n` in it): of a JSON pair, else of a `key: value` line. */
export function catalogValueOfLine(line: string): string | undefined {
  return catalogValueAt(line, 0, line.length);
}

/** `catalogValueOfLine` of the line of `text` from `start` to `end` (its `\n` or the text's end), read in place. */
function catalogValueAt(text: string, start: number, end: number): string | undefined {
  CATALOG_JSON_PAIR_AT.lastIndex = start;
  if (!CATALOG_JSON_PAIR_AT.test(text)) return keyValueAt(text, start, end);
  const open = text.indexOf('"', text.indexOf('"', text.indexOf('"', start) + 1) + 1) + 1;
  return text.slice(open, CATALOG_JSON_PAIR_AT.lastIndex);
}

const isBlank = (c: number) => c === 32 || c === 9;
const isKeyChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;

/**
 * The value of a `key: value` or `key = value` line (no `\n` in it), quoted or not, or undefined when the line is
 * not one: what `/^[ \t]*([\w.-]{1,100})[ \t]*[:=][ \t]*(["']?)([^\n]*?)\2[ \t]*\r?$/` captures as its third
 * group, read in one pass. The value runs from the first non-blank after the separator to the trailing blanks
 * (and a final `\r`); when it opens with a quote and ends with the same one, they are taken off. As a regex the
 * lazy value tried the trailing blanks at every character: quadratic on a long run of blanks (`k: "` and
 * 40,000 blanks, about 4 s). A test compares the two on generated lines.
 */
export function keyValueOfLine(line: string): string | undefined {
  return keyValueAt(line, 0, line.length);
}

/** `keyValueOfLine` of the line of `line` from `from` to `n` (its `\n` or the text's end), read in place. */
function keyValueAt(line: string, from: number, n: number): string | undefined {
  let i = from;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  const key = i;
  while (i < n && isKeyChar(line.charCodeAt(i))) i++;
  if (i === key || i - key > 100) return undefined;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  if (i === n || (line[i] !== ':' && line[i] !== '=')) return undefined;
  i++;
  while (i < n && isBlank(line.charCodeAt(i))) i++;
  let end = n;
  if (end > i && line.charCodeAt(end - 1) === 13) end--;
  while (end > i && isBlank(line.charCodeAt(end - 1))) end--;
  const quote = line[i];
  if ((quote === '"' || quote === "'") && end - 1 > i && line[end - 1] === quote) return line.slice(i + 1, end - 1);
  return line.slice(i, end);
}
/**
 * Whether a catalog's value is prose: two words (a word may end in `.`, `:` or `,`, the next may open with a
 * bracket or quote: `Max. Wert`, `Wert (optional)`), or letters outside ASCII. That is
 * `/\p{L}\p{P}?[ \t]+[\p{Ps}\p{Pi}]?\p{L}|[^\x00-\x7f]/u`, asked as two expressions without the `u` flag, about half
 * the cost: a value with a unit outside ASCII is prose by the second alternative, and in one without, those
 * Unicode classes hold only their ASCII members (letters; `!"#%&'()*,-./:;?@[\]_{}`; `([{`, no initial quote).
 * A test checks each class on every ASCII character and the two on generated values.
 */
export function isProse(value: string): boolean {
  return ASCII_PROSE.test(value) || NON_ASCII.test(value);
}

const ASCII_PROSE = /[A-Za-z][!-#%-*,-/:;?@[-\]_{}]?[ \t]+[([{]?[A-Za-z]/;
const NON_ASCII = /[^\x00-\x7f]/;
let lastCatalogText: string | undefined;
let lastCatalogAnswer = false;
export function inMessageCatalog(ctx: Pick<ValidatorContext, 'text'>): boolean {
  if (ctx.text === lastCatalogText) return lastCatalogAnswer;
  lastCatalogText = ctx.text;
  lastCatalogAnswer = catalogLines(ctx.text, CATALOG_LINES, true);
  return lastCatalogAnswer;
}

/** The lines of a text `inMessageCatalog` reads at most (those after are not counted). */
const CATALOG_LINES = 200_000;

/**
 * `inMessageCatalog`'s count over the first `limit` lines of `text` (those of `text.split('\n', limit)`), each
 * read in place: at least 8 key–value pairs, 60% of them prose. With `early`, it stops when the lines left cannot
 * change the answer, each at most one more pair, prose or not (`catalogDecided`): a catalog is often known before
 * its end. Cutting the text into lines first (`split`) cost about a third of the test on outline's catalogs and
 * left a string per line for the collector.
 */
function catalogLines(text: string, limit: number, early: boolean): boolean {
  let lines = limit;
  if (early) {
    lines = 1;
    for (let nl = text.indexOf('\n'); nl >= 0 && lines < limit; nl = text.indexOf('\n', nl + 1)) lines++;
  }
  let pairs = 0;
  let prose = 0;
  let start = 0;
  for (let i = 0; i < lines; i++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const value = catalogValueAt(text, start, end);
    if (value !== undefined && value !== '') {
      pairs++;
      if (isProse(value)) prose++;
      const answer = early ? catalogDecided(pairs, prose, lines - 1 - i) : undefined;
      if (answer !== undefined) return answer;
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return pairs >= 8 && prose >= pairs * 0.6;
}

/**
 * `inMessageCatalog`'s answer (`pairs >= 8 && prose >= pairs * 0.6` over the whole text) when it is already
 * certain after some lines, with `pairs` and `prose` counted so far and `left` lines to go; undefined when it
 * is not. Each line left adds at most one pair, and one prose value with it. In integers (`5 * prose` against
 * `3 * pairs`) with a margin of one, so that the floating-point `pairs * 0.6` cannot disagree:
 * - true when, even if every line left is a pair of no prose, prose stays at least 3/5 of the pairs (and
 *   there are 8 already);
 * - false when, even if every line left is a pair of prose, it stays under 3/5 (more lines of no prose only
 *   lower the share further).
 */
export function catalogDecided(pairs: number, prose: number, left: number): boolean | undefined {
  if (pairs >= 8 && 5 * prose >= 3 * (pairs + left) + 1) return true;
  if (5 * (prose + left) <= 3 * (pairs + left) - 1) return false;
  return undefined;
}

/**
 * Whether `text` is known to be a message catalog: `inMessageCatalog` has already answered yes for it (its
 * last answer is kept). Never reads the text: false when the question was not asked yet.
 */
export function knownMessageCatalog(text: string): boolean {
  return lastCatalogAnswer && text === lastCatalogText;
}

/**
 * Whether the JSON `text` is a message catalog, asked before a rule that cannot report in one runs
 * (`runTextRule`), so that on a catalog no such rule reads it: `inMessageCatalog`, but only when the text's
 * first `CATALOG_PROBE_LINES` lines are a catalog by the same count; false otherwise (then the rules run, and
 * the catalog test is asked as before, for a value that passed every other test). A JSON file that starts
 * as configuration (`package-lock.json`) is so never read whole for this. One text's probe is kept.
 */
export function jsonMessageCatalog(text: string): boolean {
  if (text === lastCatalogText) return lastCatalogAnswer;
  if (text !== lastProbeText) {
    lastProbeText = text;
    lastProbeAnswer = catalogLines(text, CATALOG_PROBE_LINES, false);
  }
  return lastProbeAnswer && inMessageCatalog({ text });
}

const CATALOG_PROBE_LINES = 64;
let lastProbeText: string | undefined;
let lastProbeAnswer = false;

/**
 * A member of an `enum` (TypeScript, C#, Java, Kotlin, Swift, Rust): enums list identifiers and codes
 * that name things (`OnePassword = "bada5566-…"`, a passkey provider's AAGUID), never credentials.
 * Enum bodies hold no braces, so the nearest `{` before the match opens the enum when one does.
 */
export function inEnumBody(ctx: ValidatorContext): boolean {
  const before = ctx.text.slice(Math.max(0, ctx.start - 50_000), ctx.start);
  const open = before.lastIndexOf('{');
  if (open < 0 || before.lastIndexOf('}') > open) return false;
  return /\benum[ \t]+(?:class[ \t]+)?[\w$]+(?:[ \t]*:[ \t]*[\w.<>]+)?[ \t\r\n]*$/.test(before.slice(Math.max(0, open - 200), open));
}

/** AWS, jwt.io and similar documented example credentials. */
export function isDocumentedExample(value: string): boolean {
  return /EXAMPLE|^AKIAI44QH8DHB|^wJalrXUtnFEMI|SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c|^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq|^123456:ABC-DEF1234ghIkl/i.test(value);
}

/**
 * A Google API key given as a Firebase app's configuration: the value of `apiKey` beside `authDomain`,
 * `messagingSenderId` or a `firebaseapp.com` host (the web `firebaseConfig`), google-services.json's
 * `current_key` beside `mobilesdk_app_id`, GoogleService-Info.plist's `API_KEY` beside `GOOGLE_APP_ID`, or
 * a variable named `…FIREBASE…API_KEY`. Firebase documents these keys as public by design: they identify
 * the project to Firebase services and ship in every copy of the app; access is decided by Security Rules
 * and App Check. The same key under any other name (a Maps or Gemini key) is still reported, and so is a
 * bare key with no such context.
 */
export function isFirebaseAppKey(ctx: ValidatorContext): boolean {
  const before = ctx.text.slice(Math.max(0, ctx.start - 80), ctx.start);
  if (/FIREBASE[A-Z_]{0,20}API_?KEY["']?[ \t]{0,4}[:=][ \t]{0,4}["']?$/i.test(before)) return true;
  if (!/(?:\bapiKey|\bapi_key|"current_key")["']?[ \t]{0,4}(?::|=>?)[ \t]{0,4}["']?$|<key>API_KEY<\/key>\s{0,40}<string>$/.test(before)) return false;
  const around = ctx.text.slice(Math.max(0, ctx.start - 800), Math.min(ctx.text.length, ctx.end + 800));
  return /\bauthDomain\b|\bmessagingSenderId\b|\.firebaseapp\.com|\.firebaseio\.com|"mobilesdk_app_id"|<key>GOOGLE_APP_ID<\/key>/.test(around);
}

/** Config entries: password rules for password-like names, secret scoring for the rest; Kubernetes Secrets have their own rule. */
function configValue(value: string, ctx: ValidatorContext): boolean {
  return !inKubernetesSecret(ctx) && (/pass|pwd/i.test(matchedName(ctx)) ? looksLikePassword(value, ctx) : looksLikeSecret(value, ctx));
}

const VALIDATOR_TABLE = {
  'not-placeholder': (value: string) => !isPlaceholder(value),
  'github-checksum': (value: string) => githubChecksum(value),
  /** Laid out like a classic GitHub token but its checksum fails: made up, redacted or altered; random-looking, not `ghp_aaaa…`. */
  'github-checksum-fails': (value: string) => !githubChecksum(value) && !isPlaceholder(value.slice(4)) && !/(.)\1{5}/.test(value.slice(4)),
  luhn: (value: string) => luhn(value),
  /** AWS documents `AKIAIOSFODNN7EXAMPLE`-style keys; keys that say EXAMPLE are not secrets. */
  'not-documented-example': (value: string) => !isDocumentedExample(value),
  /** A literal assigned to a secret-like name that scores as random (entropy, character mix) after the filters. */
  'generic-secret': (value: string, ctx: ValidatorContext) => !inKubernetesSecret(ctx) && looksLikeSecret(value, ctx),
  /** Config entries: password rules for password-like names, secret scoring for the rest; Kubernetes Secrets have their own rule. */
  'config-value': (value: string, ctx: ValidatorContext) => configValue(value, ctx),
  /**
   * `name = value` pairs in plain text (notes, logs, pasted settings), where prose and half-written examples
   * abound: the config scoring, and the value must also be a random token (16+ characters, letters and
   * digits interleaved), never a word or a short example like `secret123`, nor a UUID (in notes an id far
   * more often than a credential; UUID-shaped credentials such as Heroku keys have rules of their own), nor
   * code (a regex or a call: brackets, `|`, `\\`).
   */
  'text-config-value': (value: string, ctx: ValidatorContext) => randomToken(value) && !isUuid(value) && !/[()|[\]{}<>\\]/.test(value) && configValue(value, ctx),
  /** A literal assigned to a password-like name that is not a placeholder, template or name. */
  'password-value': (value: string, ctx: ValidatorContext) => looksLikePassword(value, ctx),
  /** A literal compared with a password, the literal first (`"…" == password`): the name is the operand after the operator. */
  'password-compared': (value: string, ctx: ValidatorContext) => {
    const name = /(?:={2,3}|!={1,2})[ \t]*\$?([\w.>:-]+)/.exec(ctx.text.slice(ctx.start, ctx.end))?.[1] ?? '';
    return looksLikePassword(value) && !inMessageCatalog(ctx) && !NOT_SECRET_NAME.test(name) && !NOT_WORKING_NAME.test(name) && !valueEchoesName(value, name);
  },
  /** A short or guessable literal under a password's, secret's or API key's own name (see `weakCredential`). */
  'weak-credential': (value: string, ctx: ValidatorContext) => weakCredential(value, ctx),
  /** A password given in a fixed slot (`curl -u user:…`), where no name precedes it to judge: the value alone. */
  'password-literal': (value: string) => looksLikePassword(value),
  /** The password part of a URL or connection string. */
  'url-password': (value: string, ctx: ValidatorContext) => urlPassword(value, ctx),
  /** A secret in a fixed slot (a curl header value), where no name precedes it to judge: the value alone. */
  'secret-literal': (value: string) => looksLikeSecret(value),
  /** A JWT with a real algorithm and a random signature. */
  jwt: (value: string) => isSignedJwt(value),
  /** Not a token one of the structured rules already reports. */
  'not-structured': (value: string) => !STRUCTURED.test(value),
  /** A Grafana API key that decodes to the JSON Grafana issues. */
  'grafana-issued-key': (value: string) => isIssuedGrafanaKey(value),
  /** Starts like a Grafana key but is not one Grafana issued: `glc_` without base64 JSON, `eyJrIjoi…` that does not decode. */
  'grafana-key-not-issued': (value: string) => (value.startsWith('glc_') ? !value.startsWith('glc_eyJ') : !isIssuedGrafanaKey(value)),
  /** base64 of `user:password` with a real password. */
  'basic-auth-b64': (value: string) => basicAuthB64(value),
  /** A literal, not a template that fills the value in (`<%= ENV[…] %>`, `${VAR}`, `{{ .Values.x }}`, `%(x)s`). */
  'not-templated': (value: string) => value.trim() !== '' && !/\$\{|\{\{|<%|%\(\w+\)s/.test(value),
  /** A random-looking literal under a name that only ends in `key` or `auth`. */
  'keyed-secret': (value: string, ctx: ValidatorContext) => looksLikeKeyedSecret(value, ctx),
  /** In a Jenkins credentials document, and a value rather than a template or placeholder. */
  'jenkins-credentials': (value: string, ctx: ValidatorContext) =>
    JENKINS_CREDENTIALS.test(ctx.text) && !isPlaceholder(value) && !/\$\{|\{\{/.test(value),
  /** A value under `data:` / `stringData:` of a Kubernetes Secret manifest. */
  'kubernetes-secret-data': (value: string, ctx: ValidatorContext) => kubernetesSecretData(value, ctx),
  /** Not in a message catalog (translations, UI strings), whose values are prose. */
  'not-in-message-catalog': (_value: string, ctx: ValidatorContext) => !inMessageCatalog(ctx),
  /** Not a Firebase app's configuration key, which Firebase documents as a public identifier. */
  'not-firebase-app-key': (_value: string, ctx: ValidatorContext) => !isFirebaseAppKey(ctx),
  ...PATTERN_VALIDATORS,
} satisfies Record<string, Validator>;

export type ValidatorName = keyof typeof VALIDATOR_TABLE;

/**
 * The validators that are false for every value of a message catalog (`inMessageCatalog` of the text):
 * each is a conjunction with the catalog test (`looksLikeSecret` and `looksLikePassword` given the match,
 * `weakCredential`, `password-compared`, `not-in-message-catalog`). A text rule that requires one finds
 * nothing more in a text once the catalog test has answered yes for it (`runTextRule`). A test proves each
 * of them false on a catalog for a value it accepts elsewhere.
 */
export const CATALOG_BOUND: ReadonlySet<ValidatorName> = new Set<ValidatorName>([
  'generic-secret', 'config-value', 'text-config-value', 'password-value', 'password-compared', 'weak-credential', 'keyed-secret', 'not-in-message-catalog',
]);
export const VALIDATORS: Record<ValidatorName, Validator> = VALIDATOR_TABLE;
export const VALIDATOR_NAMES = Object.keys(VALIDATOR_TABLE) as ValidatorName[];
