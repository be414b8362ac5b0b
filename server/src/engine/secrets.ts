import { createHash, createHmac } from 'node:crypto';

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Type prefixes of issued tokens: fixed by the issuer, the same in every token of the kind, so they
 * say which kind of key leaked and nothing about the key. Anything else (a password, a generic
 * secret) shows no leading characters at all.
 */
const TOKEN_PREFIXES = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'gldt-', 'glrt-', 'glcbt-', 'glptt-', 'glsoat-', 'glft-', 'glimt-',
  'glagent-', 'gloas-', 'glsa_', 'glc_', 'ATBB', 'ATCTT3', 'ATATT3', 'npm_', 'pypi-', 'dckr_pat_', 'dckr_oat_', 'rubygems_', 'PMAK-',
  'lin_api_', 'pplx-', 'figd_', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIza', 'GOCSPX-', 'LTAI', 'dop_v1_', 'dor_v1_', 'doo_v1_', 'HRKU-', 'hvs.',
  'hvb.', 'pul-', 'AGE-SECRET-KEY-1', 'sbp_', 'sb_secret_', 'pscale_tkn_', 'pscale_pw_', 'pscale_oauth_', 'sk_live_', 'rk_live_',
  'whsec_', 'sq0atp-', 'sq0csp-', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxo-', 'xoxs-',
  'xoxe.xoxp-', 'xapp-', 'SG.', 'xkeysib-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-ant-api03-', 'sk-ant-admin01-', 'hf_',
  'api_org_', 'gsk_', 'r8_', 'NRAK-', 'NRJS-', 'NRII-', 'sntryu_', 'sntrys_', 'ntn_', 'fm1_', 'fm2_', 'fm1a_', 'fm1r_', 'fm2a_',
  'fm2r_', 'sk.eyJ', 'eyJ', 'oy2', 'pat', 'dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'squ_', 'sqp_', 'sqa_',
].sort((a, b) => b.length - a.length);

/** At most this much of a prefix is shown (`github_pat_` shows as `github_`): the kind is named beside the mask anyway. */
const MAX_PREFIX_SHOWN = 7;

/** A token's type prefix, when it has one and the token is longer than it. */
export function tokenPrefix(value: string): string {
  const prefix = TOKEN_PREFIXES.find((p) => value.startsWith(p) && value.length >= p.length + 8);
  // `pat` (Airtable) and `oy2` (NuGet) are too short to show on their own: only with their token's shape.
  if (prefix === 'pat' && !/^pat[A-Za-z0-9]{14}\./.test(value)) return '';
  if (prefix === 'oy2' && !/^oy2[a-z0-9]{43}$/.test(value)) return '';
  return (prefix ?? '').slice(0, MAX_PREFIX_SHOWN);
}

/** A length range, never the exact length: with a guessable secret, the length narrows the guesses. */
export function lengthBucket(length: number): string {
  if (length < 8) return 'under 8 chars';
  if (length < 16) return '8–15 chars';
  if (length < 32) return '16–31 chars';
  if (length < 64) return '32–63 chars';
  if (length < 128) return '64–127 chars';
  return '128 chars or more';
}

/**
 * The only form in which a secret may be shown: a token's type prefix (`ghp_`, `AKIA`), if any, and
 * a length range. A password or generic secret shows no character of its own, and no exact length.
 */
export function maskSecret(value: string): string {
  return `${tokenPrefix(value)}******** (${lengthBucket(value.length)})`;
}

/**
 * A short, stable identifier of a finding that holds no secret (an insecure call, a weak setting):
 * a hash of the rule id and the matched code, which is no secret.
 */
export function fingerprint(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 20);
}

/** Shortest fingerprint key accepted (characters): a key must not be guessable either. */
export const MIN_FINGERPRINT_KEY_LENGTH = 32;

/**
 * The fingerprint of a finding that holds a secret. Nobody may test a guess of the secret against
 * it offline, so it is never a plain hash of the secret:
 * - with the workspace's key (`.warden/fingerprint.key`, or one the team supplies): HMAC-SHA-256
 *   of rule id and secret under that key. Stable wherever the key is, changes when the secret does;
 *   without the key it reveals nothing.
 * - without a key: a hash of rule id and the finding's `context` (its line with every secret on it
 *   removed, see `secretContext`). A password never enters it. An issued token that cannot be guessed
 *   (see `unguessable`) is identified by itself alone (rule id and token, as before keys existed), so
 *   the same key anywhere is one finding and another key on the same line a new one.
 */
export function secretFingerprint(ruleId: string, secret: string, context: string, key: string | undefined): string {
  if (key) {
    const hmac = createHmac('sha256', key);
    for (const part of ['warden-secret/2', ruleId, secret]) hmac.update(part).update('\0');
    return hmac.digest('hex').slice(0, 20);
  }
  return unguessable(secret) ? fingerprint(ruleId, secret) : fingerprint('warden-context/2', ruleId, context);
}

/**
 * An issuer's token (a known type prefix, 20 characters or more, at least 3.5 bits of entropy per
 * character: AWS key ids, GitHub and Slack tokens…): machine-made, so a hash of it gives nothing to
 * guess against. Anything a person may have chosen is never treated so.
 */
export function unguessable(value: string): boolean {
  const prefix = tokenPrefix(value);
  return prefix !== '' && prefix !== 'eyJ' && value.length >= 20 && shannonEntropy(value.slice(prefix.length)) >= 3.5;
}

/** Letters and digits mixed, and not a kebab-case name such as a rule id (`pbkdf2-low-iterations`). */
export function looksLikeToken(s: string): boolean {
  return /\d/.test(s) && /[A-Za-z]/.test(s) && !/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(s);
}

/** Characters of the line kept on each side of a secret for its context. */
const CONTEXT_CHARS = 160;

/**
 * Where a secret sits, without it: the text around `[start, end)` on its line(s), at most
 * CONTEXT_CHARS on each side, with every secret range in `secrets` (this one included) and every
 * occurrence of the secret `values` and every other token-like run cut out, and runs of white space made one, so re-indenting or moving
 * the line keeps it.
 */
export function secretContext(
  text: string, start: number, end: number, secrets: readonly (readonly [number, number])[], values: readonly string[] = [],
): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  const from = Math.max(lineStart, start - CONTEXT_CHARS);
  const to = Math.min(lineEnd, end + CONTEXT_CHARS);
  // Cut every secret that overlaps the window, by position: a window edge may split one.
  const cuts = secrets.filter(([s, e]) => s < to && e > from).map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as const);
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = from;
  for (const [s, e] of cuts) {
    if (s > at) out += text.slice(at, s);
    if (e > at) {
      out += '\u0000';
      at = e;
    }
  }
  out += text.slice(at, to);
  // The same values written again on the line (a comment repeating the password) go too.
  for (const value of values) if (value.length >= 4 && out.includes(value)) out = out.split(value).join('\u0000');
  // A token no rule reported (a checksum failed, say) is still a secret: it does not enter either.
  out = out.replace(/[A-Za-z0-9+/_=.-]{16,}/g, (run) => (looksLikeToken(run) ? '\u0000' : run));
  return out.replace(/\s+/g, ' ').trim();
}
