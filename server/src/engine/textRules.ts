import type { Finding, Fix, RuleMeta, Scope } from './types';
import { shannonEntropy, maskSecret, fingerprint } from './secrets';
import { VALIDATORS, type ValidatorName } from './validators';
import type { ScopeMap } from './lexer';

/** A text rule exactly as written in a rule data file (and in a team ruleset's `customRules`). */
export interface TextRuleSpec extends Omit<RuleMeta, 'fixable'> {
  /** Case-insensitive literals; the pattern runs only on files that contain at least one. */
  keywords: string[];
  /** JavaScript regular expression source. */
  pattern: string;
  /** Extra flags among `i`, `m`, `s`, `u`. */
  flags?: string;
  /** Capture group (number or name) that holds a secret: it is masked and entropy-checked. */
  secretGroup?: number | string;
  /** Capture group whose range is reported; defaults to `secretGroup`, then the whole match. */
  reportGroup?: number | string;
  /** Minimum Shannon entropy (bits per character) of the secret group. */
  entropy?: number;
  /** Named checks the secret (or the whole match) must pass. */
  validators?: ValidatorName[];
  /** Language ids; absent means every language. */
  languages?: string[];
  excludeLanguages?: string[];
  /** Globs on the workspace-relative path. */
  paths?: { include?: string[]; exclude?: string[] };
  /** Where a match may start; absent means anywhere. */
  scope?: Scope[];
  /** `{masked}` is replaced with the masked secret, `{kind}` with the rule title. */
  message: string;
  /** Replace `group` (default the whole match) with `replace`, where `$1`… refer to capture groups. */
  fix?: { title: string; replace: string; group?: number | string };
  /** Offer replacing the string literal holding the secret with an environment lookup. */
  envFix?: boolean;
  examples: { match: RuleExample[]; noMatch: RuleExample[] };
}

export type RuleExample = string | { text: string; path?: string };

export interface Matcher {
  /** Yields every match; `group(k)` returns `[start, end]` of a participating group. */
  matches(text: string): Iterable<MatchView>;
}

export interface MatchView {
  start: number;
  end: number;
  text: string;
  group(key: number | string): [number, number] | undefined;
}

/** Built-in rules run on V8's engine; every pattern is proven free of super-linear backtracking by a test. */
export function v8Matcher(pattern: string, flags = ''): Matcher {
  const regex = new RegExp(pattern, `${flags.replace(/[gdy]/g, '')}gd`);
  return {
    *matches(text: string) {
      regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = regex.exec(text)) !== null) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const match = m;
        yield {
          start: match.index,
          end: match.index + match[0].length,
          text: match[0],
          group(key: number | string) {
            const indices = match.indices!;
            const range = typeof key === 'number' ? indices[key] : indices.groups?.[key];
            return range ? [range[0], range[1]] : undefined;
          },
        };
      }
    },
  };
}

export interface CompiledTextRule {
  kind: 'text';
  meta: RuleMeta;
  spec: TextRuleSpec;
  keywords: string[];
  matcher: Matcher;
}

export function metaOf(spec: TextRuleSpec): RuleMeta {
  return {
    id: spec.id, title: spec.title, description: spec.description, recommendation: spec.recommendation,
    category: spec.category, severity: spec.severity, confidence: spec.confidence,
    cwe: spec.cwe, owasp: spec.owasp, fixable: Boolean(spec.fix || spec.envFix),
  };
}

export function compileTextRule(spec: TextRuleSpec, makeMatcher: (p: string, f?: string) => Matcher = v8Matcher): CompiledTextRule {
  return {
    kind: 'text',
    meta: metaOf(spec),
    spec,
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    matcher: makeMatcher(spec.pattern, spec.flags),
  };
}

/** At most this many findings per rule and file: past it, more of the same helps nobody. */
const MAX_MATCHES_PER_RULE = 200;

export interface TextRuleContext {
  text: string;
  language: string;
  scopes: () => ScopeMap;
  /** Builds the environment-lookup fix for a secret at `[start, end)`, when the language has one. */
  envFix: (start: number, end: number, kind: string) => Fix | undefined;
}

/** Runs one text rule over a whole file. */
export function runTextRule(rule: CompiledTextRule, ctx: TextRuleContext): Finding[] {
  const { spec } = rule;
  const findings: Finding[] = [];
  for (const m of rule.matcher.matches(ctx.text)) {
    if (findings.length >= MAX_MATCHES_PER_RULE) break;
    if (spec.scope && !spec.scope.includes(ctx.scopes().scopeAt(m.start))) continue;

    const secretRange = spec.secretGroup !== undefined ? m.group(spec.secretGroup) : undefined;
    if (spec.secretGroup !== undefined && !secretRange) continue;
    const secret = secretRange ? ctx.text.slice(secretRange[0], secretRange[1]) : undefined;
    const checked = secret ?? m.text;
    if (spec.entropy !== undefined && shannonEntropy(checked) < spec.entropy) continue;
    if (spec.validators?.some((name) => !VALIDATORS[name](checked, { text: ctx.text, start: m.start, end: m.end }))) continue;

    const reportRange = (spec.reportGroup !== undefined ? m.group(spec.reportGroup) : undefined) ?? secretRange ?? [m.start, m.end];
    const masked = secret !== undefined ? maskSecret(secret) : undefined;
    const message = spec.message.replace(/\{masked\}/g, masked ?? '').replace(/\{kind\}/g, spec.title);

    let fix: Fix | undefined;
    if (spec.fix) {
      const target: [number, number] | undefined = spec.fix.group !== undefined ? m.group(spec.fix.group) : [m.start, m.end];
      if (target) {
        const newText = spec.fix.replace.replace(/\$(\d)/g, (_, d: string) => {
          const g = m.group(Number(d));
          return g ? ctx.text.slice(g[0], g[1]) : '';
        });
        fix = { title: spec.fix.title, edits: [{ start: target[0], end: target[1], newText }] };
      }
    } else if (spec.envFix && secretRange) {
      fix = ctx.envFix(secretRange[0], secretRange[1], spec.title);
    }

    findings.push({
      ruleId: spec.id,
      severity: spec.severity,
      confidence: spec.confidence,
      message,
      start: reportRange[0],
      end: reportRange[1],
      cwe: spec.cwe,
      owasp: spec.owasp,
      fix,
      suggestions: [],
      secret: masked !== undefined ? { masked, kind: spec.title } : undefined,
      fingerprint: fingerprint(spec.id, secret ?? m.text),
    });
  }
  return findings;
}

/**
 * One pass over the text that tells which keywords occur, so each rule's pattern runs only on files
 * that can match it.
 */
export class KeywordIndex {
  private readonly regex: RegExp | undefined;
  /** For each keyword, every keyword it contains (itself included): a match of one is a match of all. */
  private readonly implied = new Map<string, string[]>();

  constructor(keywords: Iterable<string>) {
    const unique = [...new Set([...keywords].map((k) => k.toLowerCase()))].sort((a, b) => b.length - a.length);
    for (const k of unique) this.implied.set(k, unique.filter((other) => k.includes(other)));
    this.regex = unique.length > 0 ? new RegExp(unique.map(escapeRegExp).join('|'), 'gi') : undefined;
  }

  /** The lower-cased keywords present in `text`. */
  present(text: string): Set<string> {
    const found = new Set<string>();
    if (!this.regex) return found;
    this.regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = this.regex.exec(text)) !== null) {
      for (const k of this.implied.get(m[0].toLowerCase()) ?? []) found.add(k);
      // Step one character, not past the match, so overlapping keywords are seen too.
      this.regex.lastIndex = m.index + 1;
    }
    return found;
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
