import type { Validator, ValidatorContext } from './validators';

/**
 * Validators for the insecure-pattern text rules: checks about the rest of the file (absence of a
 * `USER` line, a workflow trigger) and checksums (IBAN) that a pattern alone cannot express.
 */

/** Dockerfile: the matched `FROM` starts the final stage and no `USER` line follows it. */
export function finalStageWithoutUser(value: string, ctx: ValidatorContext): boolean {
  if (/\bscratch\b|:nonroot\b|distroless\/[^\s:]*:nonroot|chainguard\//i.test(value)) return false;
  const rest = ctx.text.slice(ctx.end);
  return !/^[ \t]*(?:FROM|USER)[ \t]/im.test(rest);
}

/** Go: the file imports `math/rand` (or v2), so `rand.` calls are the predictable generator. */
export function importsMathRand(_value: string, ctx: ValidatorContext): boolean {
  return /"math\/rand(?:\/v2)?"/.test(ctx.text) && !/^[ \t]*(?:import[ \t]+)?rand[ \t]+"crypto\/rand"/m.test(ctx.text);
}

/** GitHub Actions: the workflow runs on `pull_request_target`, with the base repository's secrets. */
export function hasPullRequestTarget(_value: string, ctx: ValidatorContext): boolean {
  return /^[ \t]*(?:on:[ \t]*)?(?:-[ \t]*)?pull_request_target\b|\bon:\s*\[[^\]\n]*pull_request_target|\bon:\s*pull_request_target\b/m.test(ctx.text);
}

/**
 * A module-level `DEBUG = True` is Django's debug switch only in a settings module: one that also
 * defines what Django settings files define, or extends a base settings module. Elsewhere it is a
 * script's own flag. Other debug
 * forms (Flask's `app.run(debug=True)`, Rails, PHP, Spring) pass unchanged.
 */
export function djangoDebugInSettings(value: string, ctx: ValidatorContext): boolean {
  if (!/^DEBUG\b/.test(value)) return true;
  // Names only settings modules define, or a settings module that extends a base one (`from .base import *`).
  if (/^(?:INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE|ALLOWED_HOSTS|WSGI_APPLICATION|DATABASES)[ \t]*\+?=/m.test(ctx.text)) return true;
  for (const m of ctx.text.matchAll(/^from[ \t]+([.\w]{1,100})[ \t]+import[ \t]+\*/gm)) {
    if (/settings|base|common/i.test(m[1]!)) return true;
  }
  return false;
}

/** ISO 13616 IBAN: country, check digits, and the mod-97 checksum. */
export function iban(value: string): boolean {
  const v = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(v)) return false;
  const rearranged = v.slice(4) + v.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** Card numbers that payment providers publish for testing; using them in fixtures is the right thing. */
const DOCUMENTED_TEST_CARDS = new Set([
  '4242424242424242', '4000056655665556', '4111111111111111', '4012888888881881', '4222222222222', '5555555555554444',
  '5200828282828210', '5105105105105100', '2223003122003222', '378282246310005', '371449635398431', '378734493671000',
  '6011111111111117', '6011000990139424', '3056930009020004', '36227206271667', '3566002020360505', '6200000000000005',
  '4000000000000002', '4000000000009995', '4000000000000077', '4000002500003155', '4000000000003220', '5454545454545454',
  '4444333322221111', '5425233430109903', '2222420000001113', '4917610000000000', '4988080000000000', '6011601160116611',
]);

export function notDocumentedTestCard(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  return !DOCUMENTED_TEST_CARDS.has(digits) && !/^(\d)\1+$/.test(digits);
}

/** Words that say a number is a card: `card`, `pan`, `cc_num`, `credit`, a card scheme. */
const CARD_WORD = /card|\bpan\b|\bcc[_-]?(?:num|no)|credit|\bvisa\b|master|\bamex\b|maestro|discover/i;

/**
 * A run of digits with no separators, not inside quotes, is a number the code or data computes with
 * (an id, a constant such as 2^52 + 1, a timestamp): a card copied from production arrives as text.
 * It counts only on a line that names a card, or on a line of plain delimited data (a CSV row: no
 * brackets, parentheses, `=` or `:`). Grouped digits (`4556 7375 …`) and quoted ones are judged as before.
 */
export function cardNotBareInteger(value: string, ctx: ValidatorContext): boolean {
  if (/[\s-]/.test(value)) return true;
  if (/['"`]/.test(ctx.text[ctx.start - 1] ?? '') || /['"`]/.test(ctx.text[ctx.end] ?? '')) return true;
  const lineStart = ctx.text.lastIndexOf('\n', ctx.start - 1) + 1;
  const next = ctx.text.indexOf('\n', ctx.end);
  const line = ctx.text.slice(lineStart, next < 0 ? ctx.text.length : next);
  return CARD_WORD.test(line) || !/[()[\]{}=:]/.test(line);
}

/**
 * `noEscape: true` turns escaping off only as a Handlebars compile option; other libraries use the same
 * name for their own things (sequelize's `pgEnumName(…, { noEscape: true })` builds an SQL name). The
 * match counts when the file uses Handlebars; `autoescape: false` passes unchanged.
 */
export function escapeOptionOfTemplateEngine(value: string, ctx: ValidatorContext): boolean {
  if (!/^noEscape/.test(value)) return true;
  return /\bhandlebars\b|\bexpress-hbs\b|\bhbs\b|['"]hbs['"]/i.test(ctx.text);
}

export const PATTERN_VALIDATORS = {
  /** Dockerfile final stage with no `USER` line after its `FROM`. */
  'final-stage-without-user': finalStageWithoutUser,
  /** The Go file imports math/rand. */
  'file-imports-math-rand': importsMathRand,
  /** The workflow is triggered by pull_request_target. */
  'file-has-pull-request-target': hasPullRequestTarget,
  /** `DEBUG = True` counts only in a Django settings module. */
  'django-debug-in-settings': djangoDebugInSettings,
  /** A valid IBAN checksum. */
  iban: (value: string) => iban(value),
  /** Not a card number published by a payment provider for tests. */
  'not-documented-test-card': (value: string) => notDocumentedTestCard(value),
  /** Not an unquoted integer literal on a line that does not name a card. */
  'card-not-bare-integer': cardNotBareInteger,
  /** `noEscape: true` counts only in a file that uses Handlebars. */
  'escape-option-of-template-engine': escapeOptionOfTemplateEngine,
} satisfies Record<string, Validator>;
