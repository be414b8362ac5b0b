// Our own corrections to the public secrets suites' labels, for a second reading of eval-secrets.mjs
// beside the suites' own labels (which stay the headline). Each correction is a test on one sample of
// one suite rule, with the reason written from what the issuer or the standard documents, never from
// the suite itself. Both readings score every scanner on the same samples.
//
// A correction marks a positive as no secret (`not-secret`: a user has nothing to rotate), a negative as a
// secret (`secret`: the issuer's documented layout, whole) or a sample as undecided (`undecided`: the text
// alone cannot say which label is right). Either way the
// second reading leaves the sample out of every scanner's counts: a positive turned negative would
// charge the scanners that report it with a false positive, and that is not what is in question.

import zlib from 'node:zlib';

/** base64url → text, or undefined when it does not decode to printable text. */
function decode(segment) {
  if (!/^[A-Za-z0-9_+/-]+=*$/.test(segment)) return undefined;
  const out = Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(out) ? undefined : out;
}
const json = (text) => {
  try {
    const v = JSON.parse(text ?? '');
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
};
/** The JWTs of a sample whose header is not JSON naming an algorithm, or whose algorithm is `none`. */
const unusableJwt = (text) => {
  const tokens = text.match(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_=-]*/g) ?? [];
  return tokens.length > 0 && tokens.every((t) => {
    const header = json(decode(t.split('.')[0]));
    return !header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none';
  });
};

/** A GitHub token of the documented layout (prefix, 30 random base62 characters, then the CRC32 of those
 * 30 as 6 base62 digits: GitHub's "Behind GitHub's new authentication token formats", 2021). */
const githubTokenWithChecksum = (text) => {
  const m = /(?<![A-Za-z0-9_])gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})(?![A-Za-z0-9_])/.exec(text);
  if (!m) return false;
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = zlib.crc32(m[1]);
  let out = '';
  while (n > 0) { out = digits[n % 62] + out; n = Math.floor(n / 62); }
  return out.padStart(6, '0') === m[2];
};

/** [suite rule ids, label, test on the sample text, reason, suite (gitleaks unless named)] */
export const CORRECTIONS = [
  [['discord-client-id', 'asana-client-id'], 'not-secret', () => true,
    'an OAuth client id is public: RFC 6749 §2.2 ("The client identifier is not a secret"); it appears in every authorize URL'],
  [['age-secret-key'], 'not-secret', (t) => /AGE-SECRET-KEY-1(.)\1{57}/.test(t),
    'one repeated character: age keys are Bech32 (age specification), and a Bech32 checksum (BIP 173) over all-zero data is not all zeros, so no key age made reads so'],
  [['aws-amazon-bedrock-api-key-long-lived'], 'not-secret', (t) => /EXAMPLE/.test(t),
    "AWS's documented example value (EXAMPLEEXAMPLE…), like AKIAIOSFODNN7EXAMPLE"],
  [['anthropic-api-key', 'anthropic-admin-api-key', 'heroku-api-key', 'hubspot-api-key', 'snyk-api-token', 'messagebird-client-id', 'sonar-api-token'], 'not-secret',
    (t) => /1234567890|abc123|fake/i.test(t),
    'a hand-made stand-in: counting digits (1234567890), abc123, the word fake'],
  [['jwt'], 'not-secret', (t) => unusableJwt(t),
    'not a usable JWT: the header does not decode to JSON naming an algorithm (RFC 7519 §7.2 rejects it), or the algorithm is none (RFC 7519 §6: unsigned, anyone can write one)'],
  [['gcp-service-account'], 'not-secret', (t) => !/private_key/.test(t),
    'the `"type": "service_account"` line alone: a service-account key file holds its secret in private_key'],
  [['curl-auth-header'], 'not-secret', (t) => { const b = /Basic ([A-Za-z0-9+/=]+)/.exec(t)?.[1]; const d = b && decode(b); return d !== undefined && /^[^:]*:$/.test(d ?? ''); },
    'HTTP basic credentials with an empty password (RFC 7617: user-id ":" password): a user name only'],
  [['mailchimp-api-key'], 'secret', (t) => /(?<![0-9a-f])[0-9a-f]{32}-us\d{1,2}(?![\w-])/.test(t),
    "Mailchimp's documented API key layout, whole: 32 hex characters and the data-centre suffix -us<N>; a key handed to the SDK is the key"],
  [['gcp-api-key'], 'undecided', (t) => /^AIza[\w-]{35}\s*$/.test(t) && !/abcdefghij/i.test(t),
    'a bare Google API key with nothing around it: as a Firebase app key it is public by design, as a Maps or Gemini key it is a billing credential; the text cannot tell which'],
  [['gitlab_token'], 'secret', (t) => githubTokenWithChecksum(t),
    "a GitHub token of GitHub's documented layout whose CRC32 checksum holds: not a GitLab token, but a credential all the same",
    'detect-secrets'],
];

/** The correction for a sample, or undefined: { label, reason }. */
export function correctionFor(sample) {
  for (const [groups, label, test, reason, suite = 'gitleaks'] of CORRECTIONS) {
    if (sample.suite === suite && groups.includes(sample.group) && (label === 'undecided' || sample.positive === (label === 'not-secret')) && test(sample.text)) return { label, reason };
  }
  return undefined;
}
