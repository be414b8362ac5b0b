import type { Finding, Severity } from '../engine/types';
import { fingerprint } from '../engine/secrets';
import { parseTree, type TreeCache } from '../treesitter/runtime';
import { FileFlow } from './flow';
import type { TreeContext, TreeRule } from './rule';
import { LANGUAGE_SPECS } from '../languages';

export interface TreeRuleInstance {
  rule: TreeRule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

export interface TreeRun {
  findings: Finding[];
  parseError?: string;
  ruleErrors: { ruleId: string; error: string }[];
  stopped?: boolean;
}

/** Whether Warden has tree rules for this language. */
export function hasTreeLanguage(language: string): boolean {
  return Object.prototype.hasOwnProperty.call(LANGUAGE_SPECS, language);
}

/**
 * Parse once with tree-sitter, build the file's flow once, run every tree rule on it. A parse that
 * recovers from syntax errors still runs the rules on the parts it understood (tree-sitter's trees are
 * error-tolerant); a grammar that is not loaded is a parse error with its reason, the text rules ran.
 * `cache` (the document's, in the editor) lets the parse start from the previous version's tree.
 */
export function runTreeRules(text: string, path: string, language: string, rules: TreeRuleInstance[], shouldStop: () => boolean = () => false, cache?: TreeCache): TreeRun {
  const findings: Finding[] = [];
  const ruleErrors: TreeRun['ruleErrors'] = [];
  const spec = LANGUAGE_SPECS[language];
  if (!spec || rules.length === 0) return { findings, ruleErrors };
  let flow: FileFlow;
  try {
    flow = new FileFlow(text, spec, parseTree(text, language, cache).root);
  } catch (error) {
    return { findings, ruleErrors, parseError: error instanceof Error ? error.message : String(error) };
  }
  for (const { rule, severity, options } of rules) {
    if (shouldStop()) return { findings, ruleErrors, stopped: true };
    const meta = rule.meta;
    const context: TreeContext = {
      flow, spec, path, text, options,
      report(r) {
        const [start, end] = 'start' in r.node ? [r.node.start, r.node.end] : r.node;
        findings.push({
          ruleId: meta.id,
          severity: r.severity ?? severity,
          confidence: r.confidence ?? meta.confidence,
          message: r.message,
          start,
          end,
          cwe: meta.cwe,
          owasp: meta.owasp,
          fix: r.fix,
          suggestions: [],
          fingerprint: fingerprint(meta.id, text.slice(start, end).replace(/\s+/g, ' ')),
        });
      },
    };
    try {
      rule.run(context);
    } catch (error) {
      ruleErrors.push({ ruleId: meta.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { findings, ruleErrors };
}
