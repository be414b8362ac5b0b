import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { staticString } from '../engine/ast';
import { detectLanguage, isJsx, JS_TS_LANGUAGES } from '../engine/languages';
import { LineIndex } from '../engine/lines';
import { parse } from '../engine/parser';
import { taintOf, type Taint } from '../engine/taint';
import { forEachChild } from '../engine/tree';

/**
 * Which handler renders which template with which values: `res.render('profile', { bio: req.body.bio })`
 * in the project says the `bio` of views/profile.* is request data. Plain data, so it crosses
 * threads; built by the CLI once per scan from the project's JS/TS files and by the language server
 * from the open documents, then handed to `analyze` (`AnalyzeOptions.renders`), which stays pure.
 */
export interface RenderCall {
  /** The view name as written: `profile`, `users/show`, `profile.ejs`. */
  view: string;
  /** Where the call is, for messages: `routes/user.js:14`. */
  at: string;
  /** Where each passed variable comes from (`{ bio: req.body.bio }` → `bio: request`). */
  locals: Record<string, Taint>;
  /** The locals are not an object literal (or spread one in): any variable may be anything. */
  opaque?: true;
}

/** Methods that render a named view: Express/Koa (`render`), Fastify point-of-view (`view`). */
const RENDER_METHODS = new Set(['render', 'view', 'renderFile']);
const MAYBE_RENDERS = /\.(?:render|view|renderFile)\s*\(\s*['"`]/;
/** Properties (Angular components) whose value bypassed the sanitiser: `this.html = this.s.bypassSecurityTrustHtml(x)`. */
const BYPASS = /\bbypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)\s*\(/;

/** The render calls of one JS/TS file; none when it cannot be parsed or renders nothing by name. */
export function renderCallsIn(text: string, path: string): RenderCall[] {
  const language = detectLanguage(path);
  if (!JS_TS_LANGUAGES.has(language) || !MAYBE_RENDERS.test(text)) return [];
  let program: TSESTree.Program;
  try {
    program = parse(text, isJsx(path, language));
  } catch {
    return [];
  }
  const calls: TSESTree.CallExpression[] = [];
  // One iterative walk: parents first (the data-flow answers climb them), then the calls.
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    forEachChild(node, (child) => {
      (child as { parent?: TSESTree.Node }).parent = node;
      stack.push(child);
    });
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed
      && node.callee.property.type === 'Identifier' && RENDER_METHODS.has(node.callee.property.name)) calls.push(node);
  }
  const lines = new LineIndex(text);
  const out: RenderCall[] = [];
  for (const call of calls.sort((a, b) => a.range[0] - b.range[0])) {
    const view = staticString(call.arguments[0]);
    if (view === undefined || view.length === 0 || view.length > 200) continue;
    const at = `${path}:${lines.lineAt(call.range[0]) + 1}`;
    const data = call.arguments[1];
    const locals: Record<string, Taint> = {};
    let opaque = false;
    if (data === undefined || data.type === 'ArrowFunctionExpression' || data.type === 'FunctionExpression') {
      // no locals (a callback): the template sees res.locals / app.locals only
    } else if (data.type === 'ObjectExpression') {
      for (const p of data.properties) {
        if (p.type !== 'Property') {
          opaque = true;
          continue;
        }
        const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : staticString(p.key);
        if (key === undefined) opaque = true;
        else if (key === '__proto__') continue;
        else locals[key] = taintOf(p.value as TSESTree.Node);
      }
    } else {
      opaque = true;
    }
    out.push({ view, at, locals, ...(opaque ? { opaque: true as const } : {}) });
  }
  return out;
}

/**
 * Angular: the component properties a `.component.ts` file fills with `bypassSecurityTrust*`, keyed
 * by the component's template path (`x.component.html` beside it).
 */
export function bypassedPropertiesIn(text: string, path: string): { template: string; properties: string[] } | undefined {
  if (!/\.component\.ts$/i.test(path) || !BYPASS.test(text)) return undefined;
  const properties = new Set<string>();
  for (const m of text.matchAll(/\b(?:this\.)?([A-Za-z_$][\w$]*)\s*(?::\s*[\w<>[\]|. ]+)?=\s*(?:this\.)?[\w$.]*\.bypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)\s*\(/g)) properties.add(m[1]!);
  // Getters and pipes returning a bypassed value: `get html() { return this.s.bypassSecurityTrustHtml(…) }`.
  for (const m of text.matchAll(/\bget\s+([A-Za-z_$][\w$]*)\s*\(\s*\)[^{]*\{[^}]{0,400}?bypassSecurityTrust/g)) properties.add(m[1]!);
  return properties.size > 0 ? { template: path.replace(/\.ts$/i, '.html'), properties: [...properties].sort() } : undefined;
}

/** The project's render facts for template rules: render calls and Angular bypassed properties. */
export interface RenderFacts {
  calls: RenderCall[];
  /** Template path → component properties holding bypassed values. */
  bypassed?: Record<string, string[]>;
}

const TEMPLATE_EXTENSIONS = /\.(?:ejs|hbs|handlebars|mustache|pug|jade|njk|nunjucks|jinja2?|j2|twig|html?|erb|eta|liquid)$/i;

function withoutExtension(path: string): string {
  let p = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  while (TEMPLATE_EXTENSIONS.test(p)) p = p.replace(TEMPLATE_EXTENSIONS, '');
  return p;
}

/** The render calls that may render the template at `templatePath` (by view name, any views folder). */
export function callsFor(facts: RenderFacts, templatePath: string): RenderCall[] {
  const template = withoutExtension(templatePath);
  return facts.calls.filter((c) => {
    const view = withoutExtension(c.view);
    return view.length > 0 && (template === view || template.endsWith(`/${view}`));
  });
}

/** The facts relevant to one template, for handing to `analyze` (small, plain data). */
export function factsFor(facts: RenderFacts, templatePath: string): RenderFacts {
  const calls = callsFor(facts, templatePath);
  const key = templatePath.replace(/\\/g, '/');
  const bypassed = facts.bypassed?.[key];
  return { calls, ...(bypassed ? { bypassed: { [key]: bypassed } } : {}) };
}

/** Collects the facts of many JS/TS files (the CLI's walk, the editor's open documents). */
export function collectRenderFacts(files: Iterable<{ path: string; text: string }>): RenderFacts {
  const calls: RenderCall[] = [];
  const bypassed: Record<string, string[]> = {};
  for (const f of files) {
    calls.push(...renderCallsIn(f.text, f.path));
    const b = bypassedPropertiesIn(f.text, f.path);
    if (b) bypassed[b.template] = b.properties;
  }
  return { calls, bypassed };
}

const ORDER: Record<Taint, number> = { constant: 0, unknown: 1, request: 2 };

export interface Traced {
  taint: Taint;
  /** The variable and call that decided it: `bio` from `routes/user.js:14`. */
  variable?: string;
  at?: string;
}

/**
 * Where the values an expression writes come from, over every call that renders the template: the
 * worst origin of its variables. A variable a call does not pass comes from `res.locals`,
 * `app.locals` or a helper: unknown. Undefined when no call in the project renders the template.
 */
export function traceVariables(variables: readonly string[], calls: readonly RenderCall[]): Traced | undefined {
  if (calls.length === 0) return undefined;
  let result: Traced = { taint: 'constant', at: calls[0]!.at };
  if (variables.length === 0) return { taint: 'unknown' };
  for (const call of calls) {
    for (const v of variables) {
      const t: Taint = Object.prototype.hasOwnProperty.call(call.locals, v) ? call.locals[v]! : 'unknown';
      if (ORDER[t] > ORDER[result.taint] || (t === 'request' && result.variable === undefined)) {
        result = { taint: t, variable: v, at: call.at };
      }
      if (call.opaque && t !== 'request' && ORDER.unknown > ORDER[result.taint]) result = { taint: 'unknown', variable: v, at: call.at };
    }
  }
  return result;
}
