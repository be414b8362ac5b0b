import { createHash } from 'node:crypto';

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
 * The only form in which a secret may be shown: a short prefix (which names the token type, as in
 * `ghp_` or `AKIA`) and its length. Never the tail, never the whole.
 */
export function maskSecret(value: string): string {
  const shown = value.length >= 16 ? 4 : value.length >= 8 ? 2 : 0;
  return `${value.slice(0, shown)}${'*'.repeat(Math.min(8, Math.max(3, value.length - shown)))} (${value.length} chars)`;
}

/** A short, stable identifier of a finding that reveals nothing of the secret it was made from. */
export function fingerprint(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 20);
}
