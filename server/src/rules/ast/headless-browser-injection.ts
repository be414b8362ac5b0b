import { defineAstRule, staticString, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, propertiesOf, sinkFlow, sinkLevel, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { fixedHost } from './ssrf';

/** Headless browsers and HTML-to-PDF/image renderers; a file must load one of them for the rule to look. */
const MODULES = ['puppeteer', 'puppeteer-core', 'puppeteer-extra', 'playwright', 'playwright-core', 'playwright-chromium',
  'playwright-firefox', 'playwright-webkit', '@playwright/test', 'phantom', 'phantomjs-node', 'chrome-remote-interface',
  'wkhtmltopdf', 'wkhtmltoimage', 'html-pdf'];

/** Page methods that load a URL (the first argument). */
const NAVIGATE = new Set(['goto', 'open', 'openUrl']);
/** Page methods whose first argument is HTML the browser renders, fetching what it references. */
const RENDER = new Set(['setContent']);
/** Page methods whose first argument, when a string, is JavaScript run in the page. */
const SCRIPT = new Set(['evaluate', 'evaluateHandle', 'evaluateOnNewDocument', 'addInitScript', 'evaluateJavaScript', 'waitForFunction']);
/** chrome-remote-interface domain calls and the option that carries the URL or the script. */
const CDP: Record<string, string> = { navigate: 'url', evaluate: 'expression', compileScript: 'expression' };

type Kind = 'url' | 'html' | 'script';

export default defineAstRule({
  meta: {
    id: 'headless-browser-injection',
    title: 'Headless browser or PDF renderer driven by request data',
    description: 'A headless browser (Puppeteer, Playwright, PhantomJS, chrome-remote-interface) or an HTML-to-PDF tool (wkhtmltopdf, html-pdf) runs inside your network with the server\'s access. A URL from the request makes it load internal addresses and `file:` URLs; HTML from the request does the same through `<iframe>`, `<img>` and redirects, and shows the result to the client in the screenshot or PDF; a script string from the request runs the client\'s code in the browser.',
    recommendation: 'Load only URLs on an allow-list of hosts (parse the URL, refuse other schemes and private addresses), escape request values into HTML you own, and pass data to `page.evaluate` as arguments of a fixed function instead of building script text.',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-918', 'CWE-94'],
    owasp: ['A10:2021', 'A03:2021'],
    fixable: false,
  },
  keywords: ['puppeteer', 'playwright', 'phantom', 'chrome-remote-interface', 'wkhtmlto', 'html-pdf'],
  scope: 'unit',
  create(context) {
    let bound: ModuleBindings | undefined;
    const report = (node: TSESTree.Node, fn: string, kind: Kind, request: boolean) => {
      const data = request ? 'request data' : 'a value of unknown origin';
      const what = kind === 'url'
        ? `loads a URL taken from ${data}, so a client can make the browser on your server reach internal addresses and \`file:\` URLs; allow only known hosts`
        : kind === 'html'
          ? `renders HTML built from ${data}, whose links, frames and images the renderer fetches from inside your network; escape the values into HTML you own`
          : `runs script text built from ${data} in the browser; use a fixed function and pass the values as its arguments`;
      return `\`${fn}\` ${what}.`;
    };
    const check = (value: TSESTree.Node | undefined, fn: string, kind: Kind) => {
      // CDP(async (client) => …): a callback, not HTML.
      if (!value || value.type === 'SpreadElement' || value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') return;
      if (kind === 'url' && fixedHost(value)) return;
      // Request data is an error; a value of unknown origin (a parameter, a setting) a low-confidence finding.
      const taint = taintOf(value);
      const level = sinkLevel(taint);
      if (level) context.report({ node: value, message: report(value, fn, kind, taint === 'request'), related: sinkFlow(context.text, value, value, taint === 'request' ? value : undefined), ...level });
    };
    return {
      Program(node) {
        const b = moduleBindings(node, MODULES);
        if (b.namespaces.size > 0 || b.members.size > 0) bound = b;
      },
      CallExpression(node) {
        if (!bound) return;
        const args = node.arguments;
        // wkhtmltopdf(urlOrHtml, options), html-pdf's create(html), wkhtmltoimage.generate(urlOrHtml)
        const fromModule = node.callee.type === 'Identifier' && bound.namespaces.has(node.callee.name) ? 'default' : moduleCall(node, bound);
        if (fromModule === 'default' || fromModule === 'create' || fromModule === 'generate') {
          const name = node.callee.type === 'Identifier' ? node.callee.name : context.source(node.callee);
          if (fromModule !== 'create' || staticString(args[0]) === undefined) check(args[0], name, 'html');
          return;
        }
        const method = methodName(node);
        if (!method || node.callee.type !== 'MemberExpression') return;
        const name = `${context.source(node.callee.object)}.${method}`;
        // Page.navigate({ url }), Runtime.evaluate({ expression }) of chrome-remote-interface
        const option = CDP[method];
        if (option && args[0]?.type === 'ObjectExpression') {
          check(propertiesOf(args[0]).get(option)?.value, name, option === 'url' ? 'url' : 'script');
          return;
        }
        if (NAVIGATE.has(method)) check(args[0], name, 'url');
        else if (RENDER.has(method)) check(args[0], name, 'html');
        // phantom: page.property('content', html)
        else if (method === 'property' && staticString(args[0]) === 'content') check(args[1], name, 'html');
        // A function is serialised with its arguments passed as data; only script text is code.
        else if (SCRIPT.has(method) && args[0] && args[0].type !== 'ArrowFunctionExpression' && args[0].type !== 'FunctionExpression') check(args[0], name, 'script');
      },
    };
  },
});
