// Random, well-formed fake credentials for tests, rule examples and the labelled corpus.
// Every value comes from a seeded PRNG: the output is reproducible and never a real secret.
// Formats (and checksums, where a format has one) follow the issuers' public descriptions.

/** mulberry32: a small, fast, seedable PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const B64URL = ALNUM + '-_';

export function str(r, alphabet, n) {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[r.int(alphabet.length)];
  return out;
}

// GitHub's token checksum is the engine's own (tokens must pass the check the rules apply): run `npm run build` first.
import { crc32, base62 } from '../../out/server/src/engine/validators.js';

export { crc32, base62 };

/** A GitHub token with a valid CRC32 checksum (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`). */
export function githubToken(r, prefix) {
  const body = str(r, ALNUM, 30);
  return `${prefix}_${body}${base62(crc32(body), 6)}`;
}

/** The same shape with a wrong checksum: a look-alike a scanner must not report. */
export function githubTokenBadChecksum(r, prefix) {
  const body = str(r, ALNUM, 30);
  const good = base62(crc32(body), 6);
  let bad = str(r, ALNUM, 6);
  if (bad === good) bad = bad.split('').reverse().join('') + '';
  return `${prefix}_${body}${bad}`;
}

const b64 = (s) => Buffer.from(s).toString('base64');
const b64url = (s) => Buffer.from(s).toString('base64url');

export function jwt(r) {
  const header = b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: str(r, DIGITS, 8), name: r.pick(['ana', 'li', 'joe', 'svc-build']), iat: 1700000000 + r.int(9e7), scope: r.pick(['admin', 'read write', 'deploy']) }));
  return `${header}.${payload}.${str(r, B64URL, 43)}`;
}

export function pemBody(r, lines, width = 64) {
  const out = [];
  for (let i = 0; i < lines; i++) out.push(str(r, B64, width));
  return out;
}

/** How real DER / OpenSSH bodies begin, per PEM label (ASN.1 SEQUENCE headers, the OpenSSH magic). */
const PEM_PREFIX = {
  'RSA PRIVATE KEY': 'MIIEowIBAAKCAQEA', 'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
  'EC PRIVATE KEY': 'MHcCAQEEI', 'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB',
  'ENCRYPTED PRIVATE KEY': 'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI', 'DSA PRIVATE KEY': 'MIIBuwIBAAKBgQ',
  'PUBLIC KEY': 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', CERTIFICATE: 'MIIDdzCCAl+gAwIBAgIE',
};

/** A PEM block with a realistic shape: a real-looking header, 64-character lines, a shorter padded last line. */
export function pem(r, label, lines = 6, sep = '\n') {
  const body = ((PEM_PREFIX[label] ?? 'MII') + str(r, B64, 64 * lines)).slice(0, 64 * lines);
  const rows = [];
  for (let i = 0; i < body.length; i += 64) rows.push(body.slice(i, i + 64));
  rows.push(`${str(r, B64, 20 + r.int(40))}${r.pick(['', '=', '=='])}`);
  return [`-----BEGIN ${label}-----`, ...rows, `-----END ${label}-----`].join(sep);
}

/** Base32 alphabet of AWS key ids. */
const AWS32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/**
 * One generator per structured token kind: `kind` names the Warden rule expected to find it.
 * `name` is a realistic variable name for it (used by the corpus generator).
 */
export const TOKEN_KINDS = [
  { kind: 'aws-access-key-id', name: 'AWS_ACCESS_KEY_ID', gen: (r) => r.pick(['AKIA', 'ASIA']) + str(r, AWS32, 16) },
  { kind: 'aws-secret-access-key', name: 'aws_secret_access_key', gen: (r) => str(r, B64, 40), needsName: true },
  { kind: 'aws-session-token', name: 'aws_session_token', gen: (r) => 'IQoJb3JpZ2luX2Vj' + str(r, B64, 300), needsName: true },
  { kind: 'gcp-api-key', name: 'GOOGLE_API_KEY', gen: (r) => 'AIza' + str(r, B64URL, 35) },
  { kind: 'gcp-oauth-client-secret', name: 'GOOGLE_CLIENT_SECRET', gen: (r) => 'GOCSPX-' + str(r, B64URL, 28) },
  { kind: 'azure-storage-key', name: 'AZURE_STORAGE_CONNECTION_STRING', gen: (r) => `DefaultEndpointsProtocol=https;AccountName=st${str(r, LOWER + DIGITS, 10)};AccountKey=${str(r, B64, 86)}==;EndpointSuffix=core.windows.net` },
  { kind: 'azure-shared-access-key', name: 'SERVICEBUS_CONNECTION', gen: (r) => `Endpoint=sb://ns-${str(r, LOWER, 8)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${str(r, B64, 43)}=` },
  { kind: 'azure-sas-token', name: 'BLOB_SAS_URL', gen: (r) => `https://st${str(r, LOWER, 8)}.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2027-01-01T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=${str(r, ALNUM, 40)}%3D` },
  { kind: 'azure-ad-client-secret', name: 'AZURE_CLIENT_SECRET', gen: (r) => `${str(r, ALNUM, 3)}${r.int(10)}Q~${str(r, ALNUM + '_-.', 34)}` },
  { kind: 'github-token', name: 'GITHUB_TOKEN', gen: (r) => githubToken(r, r.pick(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])) },
  { kind: 'github-fine-grained-token', name: 'GH_PAT', gen: (r) => `github_pat_11${str(r, UPPER + DIGITS, 20)}_${str(r, ALNUM, 59)}` },
  // A trigger token is 40 hex characters (GitLab: SecureRandom.hex(20)), the others 20 (Devise.friendly_token).
  // The trigger token's 40 spell the 20 drawn characters' codes in hex, so every later sample draws as before.
  { kind: 'gitlab-token', name: 'GITLAB_TOKEN', gen: (r) => {
    const prefix = r.pick(['glpat-', 'gldt-', 'glrt-', 'glcbt-', 'glptt-']);
    const body = str(r, ALNUM + '_-', 20);
    return prefix === 'glptt-' ? prefix + [...body].map((c) => c.charCodeAt(0).toString(16)).join('') : prefix + body;
  } },
  { kind: 'bitbucket-app-password', name: 'BITBUCKET_APP_PASSWORD', gen: (r) => 'ATBB' + str(r, ALNUM, 32) + str(r, HEX.toUpperCase(), 8) },
  { kind: 'stripe-secret-key', name: 'STRIPE_SECRET_KEY', gen: (r) => r.pick(['sk_live_', 'rk_live_']) + str(r, ALNUM, r.pick([24, 34, 99])) },
  { kind: 'stripe-webhook-secret', name: 'STRIPE_WEBHOOK_SECRET', gen: (r) => 'whsec_' + str(r, ALNUM, 32) },
  { kind: 'square-token', name: 'SQUARE_ACCESS_TOKEN', gen: (r) => r.pick(['EAAA' + str(r, B64URL, 60), 'sq0atp-' + str(r, B64URL, 22), 'sq0csp-' + str(r, B64URL, 43)]) },
  { kind: 'braintree-access-token', name: 'BRAINTREE_ACCESS_TOKEN', gen: (r) => `access_token$production$${str(r, LOWER + DIGITS, 16)}$${str(r, HEX, 32)}` },
  { kind: 'slack-token', name: 'SLACK_BOT_TOKEN', gen: (r) => r.pick(['xoxb', 'xoxp', 'xoxa', 'xoxr']) + `-${str(r, DIGITS, 12)}-${str(r, DIGITS, 12)}-${str(r, ALNUM, 24)}` },
  { kind: 'slack-app-token', name: 'SLACK_APP_TOKEN', gen: (r) => `xapp-1-A${str(r, UPPER + DIGITS, 10)}-${str(r, DIGITS, 13)}-${str(r, HEX, 64)}` },
  { kind: 'slack-webhook-url', name: 'SLACK_WEBHOOK_URL', gen: (r) => `https://hooks.slack.com/services/T${str(r, UPPER + DIGITS, 10)}/B${str(r, UPPER + DIGITS, 10)}/${str(r, ALNUM, 24)}` },
  { kind: 'twilio-api-key', name: 'TWILIO_API_KEY', gen: (r) => 'SK' + str(r, HEX, 32) },
  { kind: 'twilio-auth-token', name: 'TWILIO_AUTH_TOKEN', gen: (r) => str(r, HEX, 32), needsName: true },
  { kind: 'sendgrid-api-key', name: 'SENDGRID_API_KEY', gen: (r) => `SG.${str(r, B64URL, 22)}.${str(r, B64URL, 43)}` },
  { kind: 'mailgun-api-key', name: 'MAILGUN_API_KEY', gen: (r) => r.pick([`key-${str(r, HEX, 32)}`, `${str(r, HEX, 32)}-${str(r, HEX, 8)}-${str(r, HEX, 8)}`]) },
  { kind: 'mailchimp-api-key', name: 'MAILCHIMP_API_KEY', gen: (r) => `${str(r, HEX, 32)}-us${1 + r.int(20)}` },
  { kind: 'brevo-api-key', name: 'BREVO_API_KEY', gen: (r) => `xkeysib-${str(r, HEX, 64)}-${str(r, ALNUM, 16)}` },
  { kind: 'discord-bot-token', name: 'DISCORD_BOT_TOKEN', gen: (r) => `${b64(str(r, DIGITS.slice(1), 1) + str(r, DIGITS, 17)).replace(/=+$/, '')}.${str(r, B64URL, 6)}.${str(r, B64URL, 38)}` },
  { kind: 'discord-webhook-url', name: 'DISCORD_WEBHOOK_URL', gen: (r) => `https://discord.com/api/webhooks/${str(r, DIGITS, 19)}/${str(r, B64URL, 68)}` },
  { kind: 'telegram-bot-token', name: 'TELEGRAM_BOT_TOKEN', gen: (r) => `${1 + r.int(9)}${str(r, DIGITS, 9)}:AA${str(r, B64URL, 33)}` },
  { kind: 'teams-webhook-url', name: 'TEAMS_WEBHOOK_URL', gen: (r) => `https://contoso${str(r, LOWER, 4)}.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${str(r, HEX, 32)}/${uuid(r)}` },
  { kind: 'openai-api-key', name: 'OPENAI_API_KEY', gen: (r) => r.pick([`sk-${str(r, ALNUM, 20)}T3BlbkFJ${str(r, ALNUM, 20)}`, `sk-proj-${str(r, B64URL, 74)}T3BlbkFJ${str(r, B64URL, 74)}`]) },
  { kind: 'anthropic-api-key', name: 'ANTHROPIC_API_KEY', gen: (r) => `sk-ant-${r.pick(['api03', 'admin01'])}-${str(r, B64URL, 93)}AA` },
  { kind: 'huggingface-token', name: 'HF_TOKEN', gen: (r) => 'hf_' + str(r, UPPER + LOWER, 34) },
  { kind: 'groq-api-key', name: 'GROQ_API_KEY', gen: (r) => 'gsk_' + str(r, ALNUM, 52) },
  { kind: 'replicate-api-token', name: 'REPLICATE_API_TOKEN', gen: (r) => 'r8_' + str(r, ALNUM, 37) },
  { kind: 'npm-access-token', name: 'NPM_TOKEN', gen: (r) => 'npm_' + str(r, ALNUM, 36) },
  { kind: 'pypi-upload-token', name: 'PYPI_TOKEN', gen: (r) => 'pypi-AgEIcHlwaS5vcmc' + str(r, B64URL, 70) },
  { kind: 'nuget-api-key', name: 'NUGET_API_KEY', gen: (r) => 'oy2' + str(r, LOWER + DIGITS, 43) },
  { kind: 'docker-hub-token', name: 'DOCKERHUB_TOKEN', gen: (r) => 'dckr_pat_' + str(r, B64URL, 27) },
  { kind: 'rubygems-api-key', name: 'GEM_HOST_API_KEY', gen: (r) => 'rubygems_' + str(r, HEX, 48) },
  { kind: 'pulumi-access-token', name: 'PULUMI_ACCESS_TOKEN', gen: (r) => 'pul-' + str(r, HEX, 40) },
  { kind: 'terraform-cloud-token', name: 'TFE_TOKEN', gen: (r) => `${str(r, ALNUM, 14)}.atlasv1.${str(r, ALNUM, 67)}` },
  { kind: 'shopify-token', name: 'SHOPIFY_ACCESS_TOKEN', gen: (r) => r.pick(['shpat_', 'shpca_', 'shppa_', 'shpss_']) + str(r, HEX, 32) },
  { kind: 'atlassian-api-token', name: 'JIRA_API_TOKEN', gen: (r) => 'ATATT3xFfGF0' + str(r, B64URL, 171) + '=' + str(r, HEX.toUpperCase(), 8) },
  { kind: 'datadog-api-key', name: 'DD_API_KEY', gen: (r) => str(r, HEX, 32), needsName: true },
  { kind: 'new-relic-key', name: 'NEW_RELIC_API_KEY', gen: (r) => r.pick(['NRAK-' + str(r, UPPER + DIGITS, 27), 'NRJS-' + str(r, HEX, 19), str(r, HEX, 36) + 'NRAL']) },
  { kind: 'sentry-token', name: 'SENTRY_AUTH_TOKEN', gen: (r) => r.pick(['sntryu_' + str(r, HEX, 64), 'sntrys_eyJpYXQiOjE3' + str(r, B64, 120) + '_' + str(r, B64URL, 43)]) },
  { kind: 'heroku-api-key', name: 'HEROKU_API_KEY', gen: (r) => r.pick(['HRKU-' + str(r, B64URL, 60), uuid(r)]), needsName: true },
  { kind: 'digitalocean-token', name: 'DIGITALOCEAN_TOKEN', gen: (r) => r.pick(['dop_v1_', 'doo_v1_', 'dor_v1_']) + str(r, HEX, 64) },
  { kind: 'firebase-cloud-messaging-key', name: 'FCM_SERVER_KEY', gen: (r) => `AAAA${str(r, B64URL, 7)}:APA91b${str(r, B64URL, 134)}` },
  { kind: 'okta-api-token', name: 'OKTA_API_TOKEN', gen: (r) => '00' + str(r, B64URL, 40), needsName: true },
  { kind: 'linear-api-key', name: 'LINEAR_API_KEY', gen: (r) => 'lin_api_' + str(r, ALNUM, 40) },
  { kind: 'postman-api-key', name: 'POSTMAN_API_KEY', gen: (r) => `PMAK-${str(r, HEX, 24)}-${str(r, HEX, 34)}` },
  { kind: 'grafana-token', name: 'GRAFANA_TOKEN', gen: (r) => r.pick([`glsa_${str(r, ALNUM, 32)}_${str(r, HEX, 8)}`, `glc_${b64(JSON.stringify({ o: str(r, DIGITS, 6), n: 'stack-' + str(r, LOWER, 6), k: str(r, ALNUM, 24) })).replace(/=+$/, '')}`]) },
  { kind: 'dropbox-token', name: 'DROPBOX_TOKEN', gen: (r) => 'sl.' + str(r, B64URL, 138) },
  { kind: 'age-secret-key', name: 'SOPS_AGE_KEY', gen: (r) => 'AGE-SECRET-KEY-1' + str(r, BECH32, 58).toUpperCase() },
  { kind: 'vault-token', name: 'VAULT_TOKEN', gen: (r) => 'hvs.' + str(r, B64URL, 92) },
  { kind: 'doppler-token', name: 'DOPPLER_TOKEN', gen: (r) => `dp.${r.pick(['pt', 'st', 'sa', 'ct'])}.${str(r, ALNUM, 43)}` },
  { kind: 'mapbox-secret-token', name: 'MAPBOX_SECRET_TOKEN', gen: (r) => `sk.eyJ1Ijoi${str(r, B64URL, 30)}.${str(r, B64URL, 22)}` },
  { kind: 'airtable-token', name: 'AIRTABLE_TOKEN', gen: (r) => `pat${str(r, ALNUM, 14)}.${str(r, HEX, 64)}` },
  { kind: 'notion-token', name: 'NOTION_TOKEN', gen: (r) => r.pick([`secret_${str(r, ALNUM, 43)}`, `ntn_${str(r, DIGITS, 11)}${str(r, ALNUM, 35)}`]) },
  { kind: 'planetscale-token', name: 'PLANETSCALE_TOKEN', gen: (r) => r.pick(['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_']) + str(r, B64URL, 43) },
  { kind: 'supabase-token', name: 'SUPABASE_ACCESS_TOKEN', gen: (r) => r.pick(['sbp_' + str(r, HEX, 40), 'sb_secret_' + str(r, B64URL, 31)]) },
  { kind: 'flyio-token', name: 'FLY_API_TOKEN', gen: (r) => 'FlyV1 fm2_' + str(r, B64URL, 120) },
  { kind: 'figma-token', name: 'FIGMA_TOKEN', gen: (r) => 'figd_' + str(r, B64URL, 40) },
  { kind: 'jwt', name: 'ACCESS_TOKEN', gen: (r) => jwt(r) },
];

export function uuid(r) {
  const h = str(r, HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${r.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20)}`;
}
