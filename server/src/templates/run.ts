import type { Finding, Severity } from '../engine/types';
import { fingerprint } from '../engine/secrets';
import { printable } from '../engine/printable';
import { isGrammarLoaded, parseTree } from '../treesitter/runtime';
import type { RenderFacts } from './renderIndex';
import type { TemplateContext, TemplateRule } from './rule';
import { templateSites, usesEmbeddedTemplate, type TemplateEngine, type TemplateSite } from './sites';

export interface TemplateRuleInstance {
  rule: TemplateRule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

export interface TemplateRun {
  findings: Finding[];
  parseError?: string;
  ruleErrors: { ruleId: string; error: string }[];
}

/** Reads the template's sites once (EJS/ERB through the embedded_template grammar) and runs the rules on them. */
export function runTemplateRules(
  text: string, path: string, language: string, engine: TemplateEngine, rules: TemplateRuleInstance[], renders?: RenderFacts,
): TemplateRun {
  const findings: Finding[] = [];
  const ruleErrors: TemplateRun['ruleErrors'] = [];
  if (rules.length === 0) return { findings, ruleErrors };
  let sites: TemplateSite[];
  try {
    // A .html file's EJS parts are read when the grammar is there (prepareAnalysis loads it for .html);
    // an .ejs or .erb file without it is a parse error that says why.
    const embedded = usesEmbeddedTemplate(engine, text) && (engine !== 'html' || isGrammarLoaded('ejs'));
    sites = templateSites(text, engine, embedded ? parseTree(text, engine === 'html' ? 'ejs' : language).root : undefined);
  } catch (error) {
    return { findings, ruleErrors, parseError: error instanceof Error ? error.message : String(error) };
  }
  for (const { rule, severity, options } of rules) {
    const meta = rule.meta;
    const context: TemplateContext = {
      path, text, engine, sites, renders, options,
      report(r) {
        findings.push({
          ruleId: meta.id,
          severity: r.severity ?? severity,
          confidence: r.confidence ?? meta.confidence,
          message: printable(r.message),
          start: r.start,
          end: r.end,
          cwe: meta.cwe,
          owasp: meta.owasp,
          fix: r.fix,
          suggestions: [],
          fingerprint: fingerprint(meta.id, text.slice(r.start, r.end).replace(/\s+/g, ' ')),
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
