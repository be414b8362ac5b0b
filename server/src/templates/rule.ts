import type { Confidence, Fix, RuleMeta, Severity } from '../engine/types';
import type { RenderFacts } from './renderIndex';
import type { TemplateEngine, TemplateSite } from './sites';

/**
 * Rules on template files (EJS, ERB, Handlebars, Pug, Jinja2/Nunjucks, Twig, Blade, Razor, Vue,
 * Angular, Svelte, HTML): one file each under `rules/template/`, metadata first. A rule sees the
 * file's unescaped-output sites, read once per analysis (`templates/sites.ts`), and the render facts
 * of the project when the caller has them.
 */
export interface TemplateReport {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  confidence?: Confidence;
  fix?: Fix;
}

export interface TemplateContext {
  readonly path: string;
  readonly text: string;
  readonly engine: TemplateEngine;
  readonly sites: readonly TemplateSite[];
  /** What the project's handlers pass to this template; undefined when the caller has no index. */
  readonly renders?: RenderFacts;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: TemplateReport): void;
}

export interface TemplateRule {
  kind: 'template';
  meta: RuleMeta;
  /** Case-insensitive words one of which must occur in a file for the rule to find anything there. */
  keywords?: readonly string[];
  run(context: TemplateContext): void;
}

export function defineTemplateRule(rule: Omit<TemplateRule, 'kind'>): TemplateRule {
  return { kind: 'template', ...rule };
}
