import type { Finding, RuleMeta, Suppression, SuppressedFinding } from './types';
import type { LineIndex } from './lines';
import type { ScopeMap } from './lexer';
import { fingerprint } from './secrets';

/** Markers other secret scanners use; they silence credential rules on their own line, under the team's policy. */
export const THIRD_PARTY_MARKERS = ['gitleaks:allow', 'pragma: allowlist secret', 'secretlint-disable-line', 'trufflehog:ignore'];

export const WARDEN_MARKER = 'warden-ignore';
/** Every marker a suppression can start with, Warden's own first (all lower case: keywords of `KeywordIndex`). */
export const SUPPRESSION_MARKERS: readonly string[] = [WARDEN_MARKER, ...THIRD_PARTY_MARKERS];
/** The marker, its rule ids, and the rest of the line (the reason, the date), parsed by `parseTail`. */
const DIRECTIVE = /warden-ignore[ \t]+([A-Za-z0-9_.\/-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_.\/-]+)*)([^\n\r]*)/g;
/** `until <something date-like>` at the end of the reason; whether it is a real date is checked after. */
const UNTIL = /(?:^|[ \t;,(])until[ \t]+(\d[\d-]*)[ \t)]*$/;
/** `until <date>` written before the reason: `warden-ignore x until 2027-01-01 -- why`. */
const UNTIL_FIRST = /^until[ \t]+(\S+)[ \t]*(?:--[ \t]*(.*))?$/;

const RECOMMENDATION = 'Write `warden-ignore <rule-id> -- <why this is safe>`, optionally ending with `until YYYY-MM-DD`.';
const meta = (id: string, title: string, description: string, severity: RuleMeta['severity']): RuleMeta => ({
  id, title, description, severity, recommendation: RECOMMENDATION,
  category: 'suppression', confidence: 'high', cwe: [], owasp: [], fixable: false,
});

export const SUPPRESSION_RULES: RuleMeta[] = [
  meta('warden-suppression-reason', 'Suppression without a reason',
    'A suppression (warden-ignore, or another scanner\'s marker such as gitleaks:allow) must say why the finding is safe; without a reason it does not suppress anything.', 'warning'),
  meta('warden-suppression-invalid', 'Malformed suppression',
    'The suppression cannot be read as written (an `until` date that does not exist, or `until` before the reason), so it does not suppress anything.', 'warning'),
  meta('warden-suppression-missing-until', 'Suppression without an expiry date',
    'The team ruleset sets `maxDays`, so every suppression must end with `until YYYY-MM-DD`; without one it does not suppress anything.', 'warning'),
  meta('warden-suppression-too-long', 'Suppression beyond the team\'s limit',
    'The suppression\'s `until` date is further ahead than the team ruleset\'s `maxDays` allows, so it does not suppress anything.', 'warning'),
  meta('warden-suppression-expired', 'Expired suppression',
    'The suppression\'s `until` date has passed, so the finding it covered is reported again.', 'warning'),
  meta('warden-suppression-unused', 'Unused suppression',
    'The suppression matches no finding: the code was fixed or the rule id is wrong. Remove it.', 'info'),
  meta('warden-suppression-forbidden', 'Suppression not allowed by the team ruleset',
    'The team ruleset does not allow this rule to be suppressed (it is listed under `suppressions.forbid`, or, for other scanners\' markers, under `required`); fix the finding instead.', 'warning'),
];

export interface SuppressionPolicy {
  /** Rule ids that may not be suppressed. */
  forbid: ReadonlySet<string>;
  /** Rule ids the team marked required: only a `warden-ignore` with a reason may suppress them, never another scanner's marker. */
  required?: ReadonlySet<string>;
  /** Longest allowed `until` distance in days from today, if any. */
  maxDays?: number;
  /** Whether third-party markers (gitleaks:allow…) count. */
  honourThirdParty: boolean;
}

/**
 * Which suppressions concern an analysis that runs only some categories of rules (`RulesetConfig.categories`):
 * a `warden-ignore` naming at least one rule for which `rule` answers true, and other scanners' markers
 * when the credential rules run. The rest are left alone: not applied, not checked, not listed.
 */
export interface SuppressionScope {
  rule: (ruleId: string) => boolean;
  credentials: boolean;
}

const WHOLE_SCAN: SuppressionScope = { rule: () => true, credentials: true };

export const DEFAULT_POLICY: SuppressionPolicy = { forbid: new Set(), honourThirdParty: true };

interface Problem {
  ruleId: string;
  message: string;
}

interface Candidate extends Suppression {
  /** Why it does not apply (reason, date, policy); empty when it applies. */
  problems: Problem[];
  used: boolean;
  /** The lines this suppression covers. */
  lines: [number, number];
  /** Third-party markers: problems already reported (each once), keyed by text. */
  reported?: Set<string>;
}

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  suppressions: Suppression[];
}

/**
 * Reads what follows a marker (and its rule ids): `-- <reason> [until YYYY-MM-DD]`. Checks the
 * reason, the order, the date and the team's expiry policy, the same for every kind of marker.
 */
function parseTail(tail: string, subject: string, example: string, policy: SuppressionPolicy, today: string): { reason: string; until?: string; problems: Problem[] } {
  const rest = withoutCommentEnd(tail);
  const problems: Problem[] = [];
  const first = UNTIL_FIRST.exec(rest);
  if (first) {
    return {
      reason: (first[2] ?? '').trim(),
      until: first[1],
      problems: [{
        ruleId: 'warden-suppression-invalid',
        message: `${subject} puts \`until\` before the reason, so it does not apply. Write the reason first: \`${example} -- <reason> until ${isRealDate(first[1]!) ? first[1] : 'YYYY-MM-DD'}\`.`,
      }],
    };
  }
  let reason = rest.startsWith('--') ? rest.slice(2).trim() : '';
  let until: string | undefined;
  const u = UNTIL.exec(reason);
  if (u) {
    until = u[1];
    reason = reason.slice(0, u.index).trim();
  }
  if (reason.length === 0) {
    problems.push({ ruleId: 'warden-suppression-reason', message: `${subject} has no reason, so it does not apply. Add one after \`--\`: \`${example} -- <reason>\`.` });
  } else if (until !== undefined && !isRealDate(until)) {
    problems.push({ ruleId: 'warden-suppression-invalid', message: `${subject} ends with \`until ${until}\`, which is not a date, so it does not apply. Write \`until YYYY-MM-DD\` with a real date.` });
  } else if (until !== undefined && until < today) {
    problems.push({ ruleId: 'warden-suppression-expired', message: `${subject} expired on ${until}; the finding is reported again.` });
  } else if (until !== undefined && policy.maxDays !== undefined && daysBetween(today, until) > policy.maxDays) {
    problems.push({ ruleId: 'warden-suppression-too-long', message: `${subject} runs until ${until}, beyond the team's limit of ${policy.maxDays} days (${addDays(today, policy.maxDays)}), so it does not apply.` });
  } else if (until === undefined && policy.maxDays !== undefined) {
    problems.push({ ruleId: 'warden-suppression-missing-until', message: `${subject} has no expiry date, and the team ruleset caps suppressions at ${policy.maxDays} days, so it does not apply. End it with \`until YYYY-MM-DD\`, no later than ${addDays(today, policy.maxDays)}.` });
  }
  return { reason, until, problems };
}

/** `YYYY-MM-DD` naming a day that exists (no month 13, no 31 April). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/**
 * Finds suppressions and applies them. A `warden-ignore` covers its own line and the next one; another
 * scanner's marker covers credential rules on its own line. Only markers in comments count (in a file
 * type without comments, anywhere but a string). Every marker needs a reason and obeys the team's
 * policy (expiry, `forbid`, and for other scanners' markers `required`); one that cannot apply is
 * reported with why, as is a `warden-ignore` that matches nothing.
 */
export function applySuppressions(
  findings: Finding[],
  text: string,
  lines: LineIndex,
  scopes: () => ScopeMap,
  hasComments: boolean,
  isCredentialRule: (ruleId: string) => boolean,
  policy: SuppressionPolicy,
  today: string,
  scope: SuppressionScope = WHOLE_SCAN,
): SuppressionOutcome {
  const candidates: Candidate[] = [];
  const problems: Finding[] = [];
  const inComment = (offset: number) => {
    const scope = scopes().scopeAt(offset);
    return hasComments ? scope === 'comment' : scope !== 'string';
  };

  if (text.includes(WARDEN_MARKER)) {
    DIRECTIVE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE.exec(text)) !== null) {
      if (!inComment(m.index)) continue;
      const ruleIds = m[1]!.split(',').map((s) => s.trim());
      if (!ruleIds.some(scope.rule)) continue;
      const line = lines.lineAt(m.index);
      const subject = `Suppression of ${ruleIds.join(', ')}`;
      const { reason, until, problems: found } = parseTail(m[2] ?? '', subject, `warden-ignore ${ruleIds.join(', ')}`, policy, today);
      if (found.length === 0) {
        const forbidden = ruleIds.filter((id) => policy.forbid.has(id));
        if (forbidden.length > 0) {
          found.push({ ruleId: 'warden-suppression-forbidden', message: `The team ruleset does not allow suppressing ${forbidden.join(', ')}; fix the finding instead.` });
        }
      }
      const start = m.index;
      const end = m.index + m[0].length;
      for (const p of found) problems.push(problemFinding(p.ruleId, p.message, start, end));
      candidates.push({ ruleIds, reason, until, start, end, line, marker: WARDEN_MARKER, problems: found, used: false, lines: [line, line + 1] });
    }
  }

  if (policy.honourThirdParty && scope.credentials) {
    for (const marker of THIRD_PARTY_MARKERS) {
      let i = text.indexOf(marker);
      while (i >= 0) {
        const at = i;
        i = text.indexOf(marker, at + marker.length);
        if (!inComment(at)) continue;
        const line = lines.lineAt(at);
        const tail = text.slice(at + marker.length, Math.max(at + marker.length, lines.lineEnd(line)));
        const parsed = parseTail(tail.trimStart(), `The ${marker} marker`, marker, policy, today);
        candidates.push({
          ruleIds: ['credentials'], reason: parsed.reason, until: parsed.until, start: at, end: at + marker.length, line, marker,
          problems: parsed.problems, used: false, lines: [line, line], reported: new Set(),
        });
      }
    }
  }

  if (candidates.length === 0) return { findings: [...findings, ...problems], suppressed: [], suppressions: [] };

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const line = lines.lineAt(finding.start);
    const covering = candidates.filter((c) => line >= c.lines[0] && line <= c.lines[1]);
    const own = covering.find((c) => c.marker === WARDEN_MARKER && c.problems.length === 0 && c.ruleIds.includes(finding.ruleId));
    let match: Candidate | undefined = own;
    if (!match && isCredentialRule(finding.ruleId)) {
      // Other scanners' markers: the same policy, checked for the finding they would silence.
      for (const c of covering) {
        if (c.marker === WARDEN_MARKER) continue;
        const refusal = c.problems[0] ?? thirdPartyRefusal(c.marker, finding.ruleId, policy);
        if (!refusal) {
          match = c;
          break;
        }
        if (!c.reported!.has(refusal.message)) {
          c.reported!.add(refusal.message);
          problems.push(problemFinding(refusal.ruleId, refusal.message, c.start, c.end));
        }
      }
    }
    if (match) {
      match.used = true;
      suppressed.push({ finding, suppression: stripCandidate(match) });
    } else {
      kept.push(finding);
    }
  }
  for (const c of candidates) {
    if (c.problems.length === 0 && !c.used && c.marker === WARDEN_MARKER) {
      problems.push(problemFinding('warden-suppression-unused',
        `Suppression of ${c.ruleIds.join(', ')} matches no finding on this or the next line; remove it.`, c.start, c.end));
    }
  }
  return { findings: [...kept, ...problems], suppressed, suppressions: candidates.map(stripCandidate) };
}

/** Why another scanner's marker may not silence `ruleId` under the team's policy, if it may not. */
function thirdPartyRefusal(marker: string, ruleId: string, policy: SuppressionPolicy): Problem | undefined {
  if (policy.forbid.has(ruleId)) {
    return { ruleId: 'warden-suppression-forbidden', message: `The team ruleset does not allow suppressing ${ruleId}, so ${marker} does not apply; fix the finding instead.` };
  }
  if (policy.required?.has(ruleId)) {
    return {
      ruleId: 'warden-suppression-forbidden',
      message: `The team ruleset marks ${ruleId} required, so another scanner's ${marker} does not silence it; fix the finding, or write \`warden-ignore ${ruleId} -- <reason>\`.`,
    };
  }
  return undefined;
}

function stripCandidate(c: Candidate): Suppression {
  return { ruleIds: c.ruleIds, reason: c.reason, until: c.until, start: c.start, end: c.end, line: c.line, marker: c.marker };
}

function problemFinding(ruleId: string, message: string, start: number, end: number): Finding {
  const m = SUPPRESSION_RULES.find((r) => r.id === ruleId)!;
  return {
    ruleId, severity: m.severity, confidence: 'high', message, start, end, cwe: [], owasp: [],
    suggestions: [], fingerprint: fingerprint(ruleId, message),
  };
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000);
}

/**
 * The reason without a block comment's closing `*\/` or `-->`. Done by hand: a regex with `\s*` on both
 * sides of the closer is quadratic on a long run of spaces.
 */
function withoutCommentEnd(reason: string): string {
  let r = reason.trimEnd();
  if (r.endsWith('*/')) r = r.slice(0, -2);
  else if (r.endsWith('-->')) r = r.slice(0, -3);
  return r.trim();
}
