/**
 * The engine's vocabulary. Nothing here knows about VS Code or LSP: offsets are UTF-16 code-unit
 * indexes into the analysed text, exactly what `String.prototype.slice` uses.
 */

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium' | 'low';
/** Where in a file a text rule may match. */
export type Scope = 'code' | 'string' | 'comment';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** Replace `text.slice(start, end)` with `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A change to a file other than the analysed one (e.g. appending `NAME=` to `.env.example`). */
export interface FileEdit {
  /** Path relative to the analysed file's directory. */
  relativePath: string;
  /** Text appended to the file, which is created when missing. Never contains a secret. */
  append: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  fileEdits?: FileEdit[];
}

/** What a rule claims about itself; the metadata is the rule's documentation. */
export interface RuleMeta {
  id: string;
  /** One line, shown in lists and SARIF `shortDescription`. */
  title: string;
  /** What is wrong and why, shown in hovers and SARIF `fullDescription`. */
  description: string;
  /** The secure alternative, in one sentence. */
  recommendation: string;
  category: RuleCategory;
  severity: Severity;
  confidence: Confidence;
  /** e.g. `CWE-798` */
  cwe: string[];
  /** OWASP Top 10 2021 ids, e.g. `A02:2021` */
  owasp: string[];
  /** Whether the rule offers a mechanical fix for (some of) its findings. */
  fixable: boolean;
}

export type RuleCategory =
  | 'credentials'
  | 'transport'
  | 'crypto'
  | 'randomness'
  | 'injection'
  | 'deserialization'
  | 'privilege'
  | 'logging'
  | 'session'
  | 'test-data'
  | 'suppression'
  | 'custom';

export interface FindingSecret {
  /** See `maskSecret`: a token's type prefix at most, and a length range. */
  masked: string;
  kind: string;
  /**
   * Offsets of the secret value, for the engine's fingerprint; rules set it when the value is
   * narrower than the reported range. The engine removes it from the findings it returns.
   */
  at?: readonly [number, number];
}

/** Another place in the same file that explains a finding: where its data comes from, where its text is built. */
export interface RelatedLocation {
  start: number;
  end: number;
  message: string;
}

/** A place for a related location, `[start, end]` (absent: none), and what it says. */
export type RelatedPlace = readonly [readonly [number, number] | undefined, string];

/**
 * Related locations from places that may be absent, in the order given: each kept only when it is on
 * another line than the finding (`sink`, an offset) and than every place kept before it (the editor
 * already shows that line).
 */
export function placesElsewhere(text: string, sink: number, places: readonly (RelatedPlace | undefined)[]): RelatedLocation[] | undefined {
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const lines = new Set([lineStart(sink)]);
  const out: RelatedLocation[] = [];
  for (const place of places) {
    if (!place) continue;
    const [range, message] = place;
    if (!range || lines.has(lineStart(range[0]))) continue;
    lines.add(lineStart(range[0]));
    out.push({ start: range[0], end: range[1], message });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * A flow finding's related locations: where the request data enters and where the text that carries it
 * is built, each only when it is on another line than the sink (`[start, end]` offsets), and the text's
 * place only when it is not the source's line too; then `more` places a rule adds, the same way. Shared by
 * the tree-sitter and the JS/TS rules so both say the same.
 */
export function flowLocations(text: string, sink: number, source?: readonly [number, number], built?: readonly [number, number], fromRequest = true, more: readonly (RelatedPlace | undefined)[] = []): RelatedLocation[] | undefined {
  return placesElsewhere(text, sink, [[source, REQUEST_ENTERS], [built, fromRequest ? 'The text is built here with it.' : 'The text is built here.'], ...more]);
}

/** The message of a related location where request data enters. */
const REQUEST_ENTERS = 'Request data enters here.';

export interface Finding {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  /** Never contains a secret value: secrets appear only in `secret.masked`. */
  message: string;
  start: number;
  end: number;
  cwe: string[];
  owasp: string[];
  /** The preferred, safe mechanical fix. */
  fix?: Fix;
  /** Alternatives a person should choose between. */
  suggestions: Fix[];
  /** Present when the finding is a credential. */
  secret?: FindingSecret;
  /** Other places in the file that the finding's message refers to, in the order the data flows. */
  related?: RelatedLocation[];
  /**
   * Stable across runs, machines and unrelated edits or moves. For a credential it never allows
   * testing a guess of the secret (see `secretFingerprint`); otherwise a hash of rule id and matched code.
   */
  fingerprint: string;
}

export interface Suppression {
  /** Rule ids this comment names; `*` is not allowed. */
  ruleIds: string[];
  reason: string;
  /** ISO date `YYYY-MM-DD` after which the suppression no longer applies. */
  until?: string;
  /** Offsets of the comment marker, for reporting. */
  start: number;
  end: number;
  /** 0-based line of the comment. */
  line: number;
  /** Which marker it was: `warden-ignore` or a third-party marker. */
  marker: string;
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}

export interface AnalysisResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  suppressions: Suppression[];
  /** Set when the file was not analysed; the reason is meant for people. */
  skipped?: string;
  /** Set when the JS/TS parser failed; text rules still ran. */
  parseError?: string;
  /** Rules that threw on this file; the other rules still ran. */
  ruleErrors: { ruleId: string; error: string }[];
  /** Rules the per-file time budget left out (or AST rules whose walk it cut short), with a reason for people. */
  notRun?: {
    ruleIds: string[];
    reason: string;
    /** `budget`: the time budget ran out; `limited`: only credential rules ran (file too big, binary or minified). */
    cause?: 'budget' | 'limited';
  };
  /** Set when the whole analysis (rules and the passes after them) took longer than the time budget. */
  budgetExceeded?: true;
  language: string;
}
