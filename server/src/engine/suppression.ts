import type { Finding, RuleMeta, Suppression, SuppressedFinding } from './types';
import type { LineIndex } from './lines';
import type { ScopeMap } from './lexer';
import { fingerprint } from './secrets';

/** Markers other secret scanners use; they silence credential rules on their own line. */
export const THIRD_PARTY_MARKERS = ['gitleaks:allow', 'pragma: allowlist secret', 'secretlint-disable-line', 'trufflehog:ignore'];

const WARDEN_MARKER = 'warden-ignore';
const DIRECTIVE = /warden-ignore[ \t]+([A-Za-z0-9_.\/-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_.\/-]+)*)(?:[ \t]+--[ \t]*([^\n\r]*))?/g;
const UNTIL = /(?:^|[ \t;,(])until[ \t]+(\d{4}-\d{2}-\d{2})[ \t)]*$/;

const meta = (id: string, title: string, description: string, severity: RuleMeta['severity']): RuleMeta => ({
  id, title, description, severity,
  recommendation: 'Write `warden-ignore <rule-id> -- <why this is safe>`, optionally ending with `until YYYY-MM-DD`.',
  category: 'suppression', confidence: 'high', cwe: [], owasp: [], fixable: false,
});

export const SUPPRESSION_RULES: RuleMeta[] = [
  meta('warden-suppression-reason', 'Suppression without a reason',
    'A warden-ignore comment must say why the finding is safe; without a reason it does not suppress anything.', 'warning'),
  meta('warden-suppression-expired', 'Expired suppression',
    'The suppression\'s `until` date has passed, so the finding it covered is reported again.', 'warning'),
  meta('warden-suppression-unused', 'Unused suppression',
    'The suppression matches no finding: the code was fixed or the rule id is wrong. Remove it.', 'info'),
  meta('warden-suppression-forbidden', 'Suppression not allowed by the team ruleset',
    'The team ruleset does not allow this rule to be suppressed; fix the finding instead.', 'warning'),
];

export interface SuppressionPolicy {
  /** Rule ids that may not be suppressed. */
  forbid: ReadonlySet<string>;
  /** Longest allowed `until` distance in days from today, if any. */
  maxDays?: number;
  /** Whether third-party markers (gitleaks:allow…) count. */
  honourThirdParty: boolean;
}

export const DEFAULT_POLICY: SuppressionPolicy = { forbid: new Set(), honourThirdParty: true };

interface Candidate extends Suppression {
  valid: boolean;
  used: boolean;
  /** The lines this suppression covers. */
  lines: [number, number];
}

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  suppressions: Suppression[];
}

/**
 * Finds suppression comments and applies them. A `warden-ignore` covers its own line and the next one.
 * It needs a reason; an expired, forbidden or unused one is itself reported.
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
): SuppressionOutcome {
  const candidates: Candidate[] = [];
  const problems: Finding[] = [];
  const inComment = (offset: number) => !hasComments || scopes().scopeAt(offset) === 'comment';

  if (text.includes(WARDEN_MARKER)) {
    DIRECTIVE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE.exec(text)) !== null) {
      if (!inComment(m.index)) continue;
      const line = lines.lineAt(m.index);
      const ruleIds = m[1]!.split(',').map((s) => s.trim());
      let reason = withoutCommentEnd(m[2] ?? '');
      let until: string | undefined;
      const u = UNTIL.exec(reason);
      if (u) {
        until = u[1];
        reason = reason.slice(0, u.index).trim();
      }
      const start = m.index;
      const end = m.index + m[0].length;
      const candidate: Candidate = { ruleIds, reason, until, start, end, line, marker: WARDEN_MARKER, valid: true, used: false, lines: [line, line + 1] };
      const problem = (ruleId: string, message: string) => {
        candidate.valid = false;
        problems.push(problemFinding(ruleId, message, start, end));
      };
      if (reason.length === 0) {
        problem('warden-suppression-reason', `Suppression of ${ruleIds.join(', ')} has no reason, so it does not apply. Add one after \`--\`.`);
      } else if (until && until < today) {
        problem('warden-suppression-expired', `Suppression of ${ruleIds.join(', ')} expired on ${until}; the finding is reported again.`);
      } else if (until && policy.maxDays !== undefined && daysBetween(today, until) > policy.maxDays) {
        problem('warden-suppression-expired', `Suppression of ${ruleIds.join(', ')} runs until ${until}, beyond the team's limit of ${policy.maxDays} days.`);
      } else if (!until && policy.maxDays !== undefined) {
        problem('warden-suppression-expired', `The team ruleset caps suppressions at ${policy.maxDays} days; end this one with \`until YYYY-MM-DD\` no later than ${addDays(today, policy.maxDays)}.`);
      } else {
        const forbidden = ruleIds.filter((id) => policy.forbid.has(id));
        if (forbidden.length > 0) {
          problem('warden-suppression-forbidden', `The team ruleset does not allow suppressing ${forbidden.join(', ')}; fix the finding instead.`);
        }
      }
      candidates.push(candidate);
    }
  }

  if (policy.honourThirdParty) {
    for (const marker of THIRD_PARTY_MARKERS) {
      let i = text.indexOf(marker);
      while (i >= 0) {
        const line = lines.lineAt(i);
        candidates.push({
          ruleIds: ['credentials'], reason: `marked with ${marker}`, start: i, end: i + marker.length, line, marker,
          valid: true, used: false, lines: [line, line],
        });
        i = text.indexOf(marker, i + marker.length);
      }
    }
  }

  if (candidates.length === 0) return { findings: [...findings, ...problems], suppressed: [], suppressions: [] };

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const line = lines.lineAt(finding.start);
    const match = candidates.find(
      (c) =>
        c.valid &&
        line >= c.lines[0] &&
        line <= c.lines[1] &&
        (c.marker === WARDEN_MARKER ? c.ruleIds.includes(finding.ruleId) : isCredentialRule(finding.ruleId)),
    );
    if (match) {
      match.used = true;
      suppressed.push({ finding, suppression: stripCandidate(match) });
    } else {
      kept.push(finding);
    }
  }
  for (const c of candidates) {
    if (c.valid && !c.used && c.marker === WARDEN_MARKER) {
      problems.push(problemFinding('warden-suppression-unused',
        `Suppression of ${c.ruleIds.join(', ')} matches no finding on this or the next line; remove it.`, c.start, c.end));
    }
  }
  return { findings: [...kept, ...problems], suppressed, suppressions: candidates.map(stripCandidate) };
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
