import { defineAstRule, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName, propertyKey } from '../../engine/patterns';
import { CALL_ARGS, GAP, name, propertySource, seq, SKIP } from '../prefilter';

/** Hosts where plaintext is expected: loopback, private ranges, examples and XML namespaces. */
export const LOCAL_OR_DOC_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|[^/:]*\.(?:local|localhost|test|example|invalid|internal)|(?:[^/:]*\.)?example\.(?:com|org|net)|www\.w3\.org|schemas\.[^/:]+|json-schema\.org|xmlns\.[^/:]+|purl\.org|ns\.adobe\.com)(?::\d+)?$/i;

const REQUEST_CALLS = /^(?:fetch|axios|got|request|superagent|needle|ky|\$fetch|http\.(?:get|request)|https?\.(?:get|request)|axios\.(?:get|post|put|patch|delete|head|options|request|create)|got\.(?:get|post|put|patch|delete|stream)|request\.(?:get|post|put|patch|delete)|superagent\.(?:get|post|put|patch|delete)|undici\.(?:request|fetch|stream)|\w+\.(?:get|post|put|patch|delete)|WebSocket|EventSource|io|connect)$/;
const URL_KEYS = new Set(['url', 'baseURL', 'baseUrl', 'uri', 'endpoint', 'apiUrl', 'apiURL', 'serverUrl', 'webhookUrl', 'callbackUrl', 'origin', 'target', 'host', 'proxy']);

/** Hosts of LOCAL_OR_DOC_HOST a prefilter can rule out exactly: loopback, example and reserved names. */
const LOCAL_TEXT = String.raw`(?:localhost|127\.0\.0\.1|0\.0\.0\.0|[\w.-]*\.(?:local|localhost|test|example|invalid|internal)|(?:[\w-]+\.)?example\.(?:com|org|net)|www\.w3\.org)(?::\d+)?`;

/**
 * A literal quoted with `q` starting with a plaintext scheme and a host that has a dot (or an escape)
 * and is not plainly local. In a template, the host ends at `${`.
 */
function plaintextLiteral(q: string): string {
  const end = q === '`' ? String.raw`\`|\$\{` : q;
  const host = q === '`' ? String.raw`[^/?#\s.\\\`$]*(?:[.\\]|\$(?!\{))` : String.raw`[^/?#\s.\\${q}]*[.\\]`;
  return String.raw`${q}(?:http|ws|ftp|telnet):\/\/(?!${LOCAL_TEXT}(?:[/?#\s]|${end}))${host}`;
}
const PLAINTEXT_LITERAL = String.raw`(?:${[`'`, `"`, '`'].map(plaintextLiteral).join('|')})`;
/** The last name of a callee REQUEST_CALLS accepts, or of `new WebSocket/EventSource/Request`. */
const CALLEE = String.raw`\$?fetch|axios|got|request|superagent|needle|ky|get|post|put|patch|delete|head|options|create|stream|WebSocket|EventSource|Request|io|connect`;

function insecureUrl(value: string): { scheme: string; secure: string } | undefined {
  const m = /^(http|ws|ftp|telnet):\/\/([^/?#\s]+)/i.exec(value);
  if (!m) return undefined;
  const host = m[2]!.replace(/^[^@]*@/, '');
  if (LOCAL_OR_DOC_HOST.test(host) || host.includes('${') || !host.includes('.')) return undefined;
  const scheme = m[1]!.toLowerCase();
  const secure = scheme === 'http' ? 'https' : scheme === 'ws' ? 'wss' : scheme === 'ftp' ? 'sftp' : 'ssh';
  return { scheme, secure };
}

export default defineAstRule({
  meta: {
    id: 'plaintext-http-url',
    title: 'Plaintext http://, ws://, ftp:// or telnet:// endpoint',
    description: 'Requests to a remote host over a plaintext protocol can be read and changed by anyone on the network path, including tokens and cookies they carry.',
    recommendation: 'Use https:// (or wss://, sftp://) for every non-local endpoint.',
    category: 'transport',
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-319'],
    owasp: ['A02:2021'],
    fixable: true,
  },
  keywords: ['http://', 'ws://', 'ftp://', 'telnet://'],
  prefilter: [new RegExp([
    // fetch('http://…'), axios.get<T>(('http://…')), new WebSocket(`ws://…`)
    seq(name(CALLEE), String.raw`(?:<[^()]*>${GAP})?${CALL_ARGS}${SKIP}(?:\(${SKIP})*${PLAINTEXT_LITERAL}`),
    // { url: 'http://…' }, { url: ('http://…') }
    propertySource([...URL_KEYS].join('|'), String.raw`(?:\(${SKIP})*${PLAINTEXT_LITERAL}`),
  ].join('|'), 'i')],
  scope: 'unit',
  create(context) {
    const check = (node: TSESTree.Node) => {
      const literal = node.type === 'TemplateLiteral' ? node.quasis[0] : node;
      const value = node.type === 'TemplateLiteral' ? node.quasis[0]?.value.cooked : staticString(node);
      if (!literal || typeof value !== 'string') return;
      const bad = insecureUrl(value);
      if (!bad) return;
      const start = literal.start + 1;
      const fixable = bad.scheme === 'http' || bad.scheme === 'ws';
      context.report({
        node: [start, start + bad.scheme.length + 3 + (/^[a-z]+:\/\/([^/?#\s`'"]+)/i.exec(value)?.[1]?.length ?? 0)],
        message: `Plaintext ${bad.scheme}:// endpoint; use ${bad.secure}:// so the traffic is encrypted in transit.`,
        fix: fixable ? { title: `Use ${bad.secure}://`, edits: [{ start, end: start + bad.scheme.length, newText: bad.secure }] } : undefined,
      });
    };
    const arg0 = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const a = node.arguments[0];
      if (a && (a.type === 'Literal' || a.type === 'TemplateLiteral')) check(a);
    };
    return {
      CallExpression(node) {
        const name = qualifiedName(node.callee) ?? methodName(node);
        if (name && REQUEST_CALLS.test(name)) arg0(node);
      },
      NewExpression(node) {
        const name = qualifiedName(node.callee);
        if (name === 'WebSocket' || name === 'EventSource' || name === 'Request') arg0(node);
      },
      Property(node) {
        const key = propertyKey(node);
        if (key && URL_KEYS.has(key) && (node.value.type === 'Literal' || node.value.type === 'TemplateLiteral')) check(node.value);
      },
    };
  },
});
