import { defineAstRule, type TSESTree } from '../../engine/ast';
import { methodName, moduleBindings, moduleCall, propertiesOf, sinkFlow, type ModuleBindings } from '../../engine/patterns';
import { taintOf } from '../../engine/taint';
import { GAP, REQUEST_TEXT } from '../prefilter';

/** HTTP client packages; a namespace import of one is itself callable (`axios(url)`, `got(url)`). */
const CLIENTS = ['http', 'https', 'axios', 'got', 'needle', 'node-fetch', 'undici', 'superagent', 'request', 'request-promise',
  'request-promise-native', 'urllib', 'bent', 'phin', 'cross-fetch', 'isomorphic-fetch', 'make-fetch-happen', 'ky', 'wreck', '@hapi/wreck'];
/** Methods of those packages that send a request; the URL is their first argument (or `url`/`host` in an options object). */
const SEND = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'fetch', 'stream', 'curl']);
/** needle('get', url), needle.request('get', url), superagent('GET', url): the method comes first. */
const METHOD_FIRST = new Set(['needle', 'superagent']);
/** Options keys that decide where the request goes. */
const TARGET_KEYS = ['url', 'uri', 'host', 'hostname', 'baseURL', 'baseUrl', 'prefixUrl', 'origin'];

/**
 * `https://api.acme.io/users/${id}`, `BASE_URL + req.query.path`: the text before the request data
 * already fixes scheme and host (a literal up to the path, or a value from elsewhere such as
 * configuration), so only the path follows and the host cannot move.
 */
export function fixedHost(node: TSESTree.Node): boolean {
  let head: TSESTree.Node | undefined;
  if (node.type === 'TemplateLiteral') {
    const first = node.quasis[0]?.value.cooked ?? '';
    if (first !== '') return HOST_PREFIX.test(first);
    head = node.expressions[0];
  } else if (node.type === 'BinaryExpression' && node.operator === '+') {
    let left: TSESTree.Node = node;
    while (left.type === 'BinaryExpression' && left.operator === '+') left = left.left;
    head = left;
  }
  if (!head) return false;
  if (head.type === 'Literal') return typeof head.value === 'string' && HOST_PREFIX.test(head.value);
  if (head.type === 'TemplateLiteral') return fixedHost(head) || (head.expressions.length === 0 && HOST_PREFIX.test(head.quasis[0]?.value.cooked ?? ''));
  return taintOf(head) !== 'request';
}
/** A scheme and host followed by the start of a path, query or fragment; or a path on the same host. */
const HOST_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]|^\/(?!\/)/i;

export default defineAstRule({
  meta: {
    id: 'ssrf',
    title: 'Server-side request to a URL taken from the request',
    description: 'When a client chooses the URL or host the server fetches, it can make the server reach what only the server can: cloud metadata endpoints, admin ports, internal services, `file:` URLs.',
    recommendation: 'Map the request value to a known destination, or parse the URL and allow only listed hosts and schemes (resolve the host and refuse private addresses).',
    category: 'injection',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-918'],
    owasp: ['A10:2021'],
    fixable: false,
  },
  keywords: ['http', 'axios', 'got', 'needle', 'fetch', 'undici', 'superagent', 'request', 'urllib', 'bent', 'phin', 'ky', 'wreck'],
  // Request data, and a call `check` is made for: the global `fetch(…)` (or `fetch<T>(…)`, `fetch?.(…)`),
  // `new Request(…)`, or one from a client module, which needs its name as a string (`require('axios')`).
  prefilter: [
    new RegExp(String.raw`(?<![\w$.])fetch${GAP}[(<?]|(?<![\w$.])Request(?![\w$])|['"\`](?:node:)?(?:${CLIENTS.map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})['"\`]`),
    new RegExp(REQUEST_TEXT),
  ],
  scope: 'unit',
  create(context) {
    let clients: ModuleBindings | undefined;
    const report = (node: TSESTree.Node, fn: string) =>
      context.report({ node, message: `\`${fn}\` sends a request to a URL taken from request data, so a client can make the server reach internal addresses; allow only known hosts.`, related: sinkFlow(context.text, node, node, node) });
    const check = (target: TSESTree.Node | undefined, fn: string) => {
      if (!target || target.type === 'SpreadElement') return;
      if (target.type === 'ObjectExpression') {
        const props = propertiesOf(target);
        for (const key of TARGET_KEYS) {
          const p = props.get(key);
          if (p && !fixedHost(p.value) && taintOf(p.value) === 'request') report(p.value, fn);
        }
        return;
      }
      if (!fixedHost(target) && taintOf(target) === 'request') report(target, fn);
    };
    return {
      Program(node) {
        clients = moduleBindings(node, CLIENTS);
      },
      CallExpression(node) {
        const callee = node.callee;
        // fetch(url): the global, or node-fetch/undici/cross-fetch imported as `fetch`
        if (callee.type === 'Identifier' && callee.name === 'fetch' && !clients?.members.has('fetch')) {
          check(node.arguments[0], 'fetch');
          return;
        }
        if (!clients) return;
        // axios(url), got(url), request(url), needle('get', url)
        if (callee.type === 'Identifier' && clients.namespaces.has(callee.name)) {
          check(node.arguments[METHOD_FIRST.has(callee.name) && node.arguments.length > 1 ? 1 : 0], callee.name);
          return;
        }
        const fn = moduleCall(node, clients);
        if (!fn || !SEND.has(fn)) return;
        const name = callee.type === 'MemberExpression' ? `${context.source(callee.object)}.${fn}` : fn;
        const receiver = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' ? callee.object.name : undefined;
        check(node.arguments[fn === 'request' && receiver !== undefined && METHOD_FIRST.has(receiver) ? 1 : 0], name);
      },
      NewExpression(node) {
        // new Request(url) is handed to fetch later; the URL decides where it goes.
        if (methodName(node) === 'Request' && node.callee.type === 'Identifier') check(node.arguments[0], 'new Request');
      },
    };
  },
});
