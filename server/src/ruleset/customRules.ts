import { analyze } from '../engine/engine';
import { compileRuleset } from '../engine/ruleset';
import { re2, re2jsMatcher, UnsupportedPatternError } from '../engine/re2Matcher';
import type { RuleExample, TextRuleSpec } from '../engine/textRules';
import { VALIDATOR_NAMES } from '../engine/validators';

/** Fills the optional fields of a custom rule as written in a ruleset. */
export function normaliseCustomRule(raw: Record<string, unknown>): TextRuleSpec {
  const message = String(raw.message);
  return {
    title: String(raw.id),
    description: message,
    recommendation: message,
    category: 'custom',
    severity: 'warning',
    confidence: 'high',
    cwe: [],
    owasp: [],
    keywords: [],
    ...(raw as Partial<TextRuleSpec>),
    id: String(raw.id),
    message,
    pattern: String(raw.pattern),
    examples: raw.examples as TextRuleSpec['examples'],
  };
}

/** Names people write for a language, and the VS Code language id Warden matches on. */
const LANGUAGE_ALIASES: Record<string, string> = {
  js: 'javascript', node: 'javascript', jsx: 'javascriptreact', ts: 'typescript', tsx: 'typescriptreact', py: 'python',
  python3: 'python', yml: 'yaml', sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript',
  cs: 'csharp', 'c#': 'csharp', rb: 'ruby', golang: 'go', kt: 'kotlin', tf: 'terraform', hcl: 'terraform',
  docker: 'dockerfile', env: 'dotenv', md: 'markdown', txt: 'plaintext', text: 'plaintext', ps1: 'powershell',
};

const EXT: Record<string, string> = {
  javascript: 'example.js', javascriptreact: 'example.jsx', typescript: 'example.ts', typescriptreact: 'example.tsx',
  python: 'example.py', java: 'Example.java', go: 'example.go', csharp: 'example.cs', php: 'example.php', ruby: 'example.rb',
  shellscript: 'example.sh', dockerfile: 'Dockerfile', yaml: 'example.yaml', json: 'example.json', terraform: 'example.tf',
  properties: 'example.properties', ini: 'example.ini', xml: 'example.xml', dotenv: '.env', plaintext: 'example.txt',
};

function exampleInput(rule: TextRuleSpec, e: RuleExample): { text: string; path: string } {
  const path = (typeof e === 'string' ? undefined : e.path) ?? EXT[rule.languages?.[0] ?? 'plaintext'] ?? 'example.txt';
  return { text: typeof e === 'string' ? e : e.text, path };
}

function groupExists(pattern: string, flags: string | undefined, key: number | string): boolean {
  const RE2JS = re2();
  const re = RE2JS.compile(pattern, flags?.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  return typeof key === 'number' ? Number.isInteger(key) && key >= 0 && key <= re.groupCount() : key in re.namedGroups();
}

/**
 * Compiles a custom rule on RE2 and runs its own examples. Returns where and what the first problem
 * is, with the fix in the message; undefined when the rule is sound.
 */
export function checkCustomRule(rule: TextRuleSpec): { path: (string | number)[]; message: string } | undefined {
  try {
    re2jsMatcher(rule.pattern, rule.flags);
  } catch (error) {
    const detail = error instanceof UnsupportedPatternError ? error.message : String(error);
    return { path: ['pattern'], message: `the pattern cannot be used: ${detail}` };
  }
  for (const key of ['languages', 'excludeLanguages'] as const) {
    for (const [i, language] of (rule[key] ?? []).entries()) {
      const meant = LANGUAGE_ALIASES[language.toLowerCase()];
      if (meant) return { path: [key, i], message: `"${language}" is not a language id; use "${meant}" (VS Code's language ids)` };
    }
  }
  for (const [i, name] of (rule.validators ?? []).entries()) {
    if (!VALIDATOR_NAMES.includes(name)) return { path: ['validators', i], message: `unknown validator "${name}"; use one of ${VALIDATOR_NAMES.join(', ')}` };
  }
  for (const key of ['secretGroup', 'reportGroup'] as const) {
    const group = rule[key];
    if (group !== undefined && !groupExists(rule.pattern, rule.flags, group)) {
      return { path: [key], message: `the pattern has no capture group ${JSON.stringify(group)}; add the group or remove ${key}` };
    }
  }
  if (rule.fix?.group !== undefined && !groupExists(rule.pattern, rule.flags, rule.fix.group)) {
    return { path: ['fix', 'group'], message: `the pattern has no capture group ${JSON.stringify(rule.fix.group)}` };
  }
  const ruleset = compileRuleset({ preset: 'strict', customRules: [rule] }, { astRules: [], textRules: [] });
  const findingsOf = (e: RuleExample) => analyze(exampleInput(rule, e), ruleset, { maxFileSize: 1024 * 1024 }).findings.filter((f) => f.ruleId === rule.id);
  for (const [i, e] of rule.examples.match.entries()) {
    if (findingsOf(e).length === 0) {
      const text = typeof e === 'string' ? e : e.text;
      return {
        path: ['examples', 'match', i],
        message: `the rule does not flag its own example ${JSON.stringify(truncate(text))}${keywordHint(rule, text)}; fix the pattern${rule.languages ? ', languages' : ''} or the example`,
      };
    }
  }
  for (const [i, e] of rule.examples.noMatch.entries()) {
    if (findingsOf(e).length > 0) {
      const text = typeof e === 'string' ? e : e.text;
      return { path: ['examples', 'noMatch', i], message: `the rule flags ${JSON.stringify(truncate(text))}, which it must not; narrow the pattern or fix the example` };
    }
  }
  return undefined;
}

function keywordHint(rule: TextRuleSpec, text: string): string {
  if (rule.keywords.length === 0) return '';
  const lower = text.toLowerCase();
  return rule.keywords.some((k) => lower.includes(k.toLowerCase())) ? '' : ' (it contains none of the keywords)';
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
