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
  return isSequential(v);
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

const VALIDATOR_TABLE = {
  'not-placeholder': (value: string) => !isPlaceholder(value),
  'github-checksum': (value: string) => githubChecksum(value),
  luhn: (value: string) => luhn(value),
  /** AWS documents `AKIAIOSFODNN7EXAMPLE`-style keys; keys that say EXAMPLE are not secrets. */
  'not-documented-example': (value: string) => !/EXAMPLE|^AKIAI44QH8DHB|^wJalrXUtnFEMI/i.test(value),
} satisfies Record<string, Validator>;

export type ValidatorName = keyof typeof VALIDATOR_TABLE;
export const VALIDATORS: Record<ValidatorName, Validator> = VALIDATOR_TABLE;
export const VALIDATOR_NAMES = Object.keys(VALIDATOR_TABLE) as ValidatorName[];
