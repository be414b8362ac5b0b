import { defineAstRule, qualifiedName, staticString, type TSESTree } from '../../engine/ast';
import { methodName, optionsUse } from '../../engine/patterns';
import { placesElsewhere, type RelatedLocation } from '../../engine/types';
import { GAP, propertySource, seq } from '../prefilter';

/** `0` or `false`: a libcurl verification option switched off. */
function isOff(node: TSESTree.Node): boolean {
  return node.type === 'Literal' && (node.value === 0 || node.value === false);
}

/**
 * MongoDB driver options (and their connection-string forms) that switch verification off, with the value
 * that does and the one that restores it. `tlsInsecure` turns off both checks.
 */
const MONGO_OFF: Record<string, { off: boolean; what: string }> = {
  tlsAllowInvalidCertificates: { off: true, what: 'certificate' },
  tlsAllowInvalidHostnames: { off: true, what: 'host name' },
  tlsInsecure: { off: true, what: 'certificate and host name' },
  sslValidate: { off: false, what: 'certificate' },
};
const MONGO_URI_OFF = /[?&](tlsAllowInvalidCertificates|tlsAllowInvalidHostnames|tlsInsecure)=true\b|[?&](sslValidate)=false\b/;

/** No value: nothing, `undefined`, `null` or `void 0`, which `checkServerIdentity` reads as "no error". */
function isNothing(n: TSESTree.Node | null | undefined): boolean {
  return !n || (n.type === 'Identifier' && n.name === 'undefined') || (n.type === 'Literal' && n.value === null) || (n.type === 'UnaryExpression' && n.operator === 'void');
}

type FunctionLike = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
const isFunction = (n: TSESTree.Node | undefined): n is FunctionLike => n?.type === 'ArrowFunctionExpression' || n?.type === 'FunctionExpression';

/** The statements a function runs unconditionally (an expression body counts as one). */
function topStatements(fn: FunctionLike): TSESTree.Node[] {
  return fn.body.type === 'BlockStatement' ? fn.body.body.map((st) => (st.type === 'ExpressionStatement' ? st.expression : st)) : [fn.body];
}

/** `cb(value)` as a statement of `fn` run whatever happens, where `cb` is `fn`'s parameter at `index`. */
function callsBackWith(fn: FunctionLike, index: number, value: unknown): TSESTree.CallExpression | undefined {
  const param = fn.params[index];
  if (param?.type !== 'Identifier') return undefined;
  return topStatements(fn).find((n): n is TSESTree.CallExpression => n.type === 'CallExpression' && n.callee.type === 'Identifier'
    && n.callee.name === param.name && n.arguments.length === 1 && n.arguments[0]!.type === 'Literal' && n.arguments[0]!.value === value);
}

export default defineAstRule({
  meta: {
    id: 'tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    description: 'Turning off certificate verification lets anyone on the network read and change the traffic, credentials included.',
    recommendation: 'Keep verification on; trust a private CA by passing it as `ca`, never by switching checks off.',
    category: 'transport',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    owasp: ['A02:2021', 'A07:2021'],
    fixable: true,
  },
  keywords: ['rejectunauthorized', 'strictssl', 'node_tls_reject_unauthorized', 'checkserveridentity', 'ssl_verifypeer', 'ssl_verifyhost', 'disabletlscerts', 'tlsallowinvalid', 'tlsinsecure', 'sslvalidate', 'ignore-certificate-errors', 'setcertificateverifyproc', 'certificate-error'],
  // `rejectUnauthorized: false` / `strictSSL: false` (the literal, maybe in parentheses), the same
  // assigned to a member (`agent.options.rejectUnauthorized = false`), or the other names
  prefilter: [new RegExp(`${propertySource('rejectUnauthorized|strictSSL', String.raw`(?:false\b|\()`)}|${seq(String.raw`\b(?:rejectUnauthorized|strictSSL)['"\`]?${GAP}(?:\]${GAP})?=(?![=>])`, String.raw`(?:false\b|\()`)}|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity|SSL_VERIFY(?:PEER|HOST)|disableTLSCerts|tlsAllowInvalid(?:Certificates|Hostnames)|tlsInsecure|sslValidate|ignore-certificate-errors|setCertificateVerifyProc|certificate-error`)],
  scope: 'unit',
  create(context) {
    /** For a setting in an options object: the call that uses the options, or the connection's settings (`optionsUse`). */
    const usedBy = (property: TSESTree.Property, at: TSESTree.Node): RelatedLocation[] | undefined => placesElsewhere(context.text, at.start, [optionsUse(property)]);
    const reportFalse = (node: TSESTree.Node, what: string, related?: RelatedLocation[]) =>
      context.report({
        node,
        related,
        message: `${what} disables TLS certificate verification; remove it and trust a private CA with the \`ca\` option instead.`,
        fix: { title: 'Turn certificate verification back on', edits: [{ start: node.start, end: node.end, newText: 'true' }] },
      });

    const reportCurlOption = (node: TSESTree.Node, option: string, related?: RelatedLocation[]) =>
      context.report({
        node,
        related,
        message: `libcurl's \`${option}\` set to ${context.source(node)} turns off ${option === 'SSL_VERIFYPEER' ? 'certificate' : 'host name'} verification; remove it and trust a private CA with the \`CAINFO\` option instead.`,
        fix: { title: 'Turn verification back on', edits: [{ start: node.start, end: node.end, newText: option === 'SSL_VERIFYHOST' ? '2' : (node.type === 'Literal' && typeof node.value === 'boolean' ? 'true' : '1') }] },
      });

    /** A MongoDB connection string (its text in parts, around any `${…}`) that turns verification off. */
    const checkMongoUri = (node: TSESTree.Node, parts: string[]) => {
      if (!/^mongodb(?:\+srv)?:\/\//.test(parts[0]!)) return;
      const m = parts.map((part) => MONGO_URI_OFF.exec(part)).find((x) => x);
      if (!m) return;
      const option = (m[1] ?? m[2])!;
      context.report({ node, message: `\`${option}\` in this connection string turns off the MongoDB driver's ${MONGO_OFF[option]!.what} verification; remove it and trust a private CA with \`tlsCAFile\` instead.` });
    };
    return {
      Property(node) {
        const key = !node.computed && node.key.type === 'Identifier' ? node.key.name : staticString(node.key);
        if (key === 'rejectUnauthorized' && node.value.type === 'Literal' && node.value.value === false) {
          reportFalse(node.value, '`rejectUnauthorized: false`', usedBy(node, node.value));
        }
        if (key === 'strictSSL' && node.value.type === 'Literal' && node.value.value === false) {
          reportFalse(node.value, '`strictSSL: false`', usedBy(node, node.value));
        }
        // libcurl's options through node-curl / node-libcurl: curl(url, { SSL_VERIFYPEER: 0 })
        if ((key === 'SSL_VERIFYPEER' || key === 'SSL_VERIFYHOST') && isOff(node.value)) {
          reportCurlOption(node.value, key, usedBy(node, node.value));
        }
        // MongoClient(uri, { tlsAllowInvalidCertificates: true }), mongoose.connect(uri, { sslValidate: false })
        const mongo = key !== undefined && Object.hasOwn(MONGO_OFF, key) ? MONGO_OFF[key]! : undefined;
        if (mongo && node.value.type === 'Literal' && node.value.value === mongo.off) {
          context.report({
            node: node.value,
            related: usedBy(node, node.value),
            message: `\`${key}: ${mongo.off}\` turns off the MongoDB driver's ${mongo.what} verification; remove it and trust a private CA with \`tlsCAFile\` instead.`,
            fix: { title: 'Turn verification back on', edits: [{ start: node.value.start, end: node.value.end, newText: String(!mongo.off) }] },
          });
        }
        // tls.connect({ checkServerIdentity: () => undefined }), new https.Agent({ checkServerIdentity() {} })
        if (key === 'checkServerIdentity' && isFunction(node.value)) {
          const statements = topStatements(node.value);
          const returnsNothing = node.value.body.type === 'BlockStatement'
            ? statements.length === 0 || (statements.length === 1 && statements[0]!.type === 'ReturnStatement' && isNothing((statements[0] as TSESTree.ReturnStatement).argument))
            : isNothing(node.value.body);
          if (returnsNothing) {
            context.report({ node, related: usedBy(node, node), message: 'A `checkServerIdentity` that accepts every certificate disables hostname verification; remove it.' });
          }
        }
        // spawn(cmd, { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })
        if (key === 'NODE_TLS_REJECT_UNAUTHORIZED') {
          const value = staticString(node.value) ?? (node.value.type === 'Literal' ? String(node.value.value) : undefined);
          if (value === '0') {
            context.report({ node, related: usedBy(node, node), message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks for every connection of that process; remove it.' });
          }
        }
      },
      CallExpression(node) {
        // superagent: request.get(url).disableTLSCerts()
        if (methodName(node) === 'disableTLSCerts' && node.callee.type === 'MemberExpression' && node.arguments.length === 0) {
          context.report({ node: node.callee.property, message: '`disableTLSCerts()` turns off certificate verification for this request; remove it and trust a private CA with `.ca(cert)` instead.' });
          return;
        }
        const method = methodName(node);
        // Electron: app.commandLine.appendSwitch('ignore-certificate-errors')
        if (method === 'appendSwitch' && staticString(node.arguments[0]) === 'ignore-certificate-errors') {
          context.report({ node: node.arguments[0]!, message: "Chromium's `ignore-certificate-errors` switch accepts every certificate in every window of the app; remove it and trust a private CA in the system store instead." });
          return;
        }
        // Electron: session.setCertificateVerifyProc((request, callback) => callback(0))
        if (method === 'setCertificateVerifyProc' && isFunction(node.arguments[0])) {
          const accept = callsBackWith(node.arguments[0], 1, 0);
          if (accept) context.report({ node: accept, message: 'A certificate verifier that answers `0` for every request accepts any certificate in this session; decide per host, and answer `-3` to keep Chromium\'s own verdict.' });
          return;
        }
        // Electron: app.on('certificate-error', (event, webContents, url, error, certificate, callback) => { event.preventDefault(); callback(true); })
        if (method === 'on' && staticString(node.arguments[0]) === 'certificate-error' && isFunction(node.arguments[1])) {
          const accept = callsBackWith(node.arguments[1], 5, true);
          if (accept) context.report({ node: accept, message: 'This `certificate-error` handler trusts every certificate Chromium rejected, whatever the host or the error; remove it, or accept only a known certificate fingerprint.' });
          return;
        }
        // node-libcurl: curl.setOpt('SSL_VERIFYPEER', false), curl.setOpt(Curl.option.SSL_VERIFYHOST, 0)
        if (method !== 'setOpt') return;
        const [option, value] = node.arguments;
        const name = staticString(option) ?? (option?.type === 'MemberExpression' && !option.computed && option.property.type === 'Identifier' ? option.property.name : undefined);
        if ((name === 'SSL_VERIFYPEER' || name === 'SSL_VERIFYHOST') && value && isOff(value)) reportCurlOption(value, name);
      },
      AssignmentExpression(node) {
        // https.globalAgent.options.rejectUnauthorized = false
        const left = node.left;
        const member = left.type === 'MemberExpression' ? (!left.computed && left.property.type === 'Identifier' ? left.property.name : staticString(left.property)) : undefined;
        if ((member === 'rejectUnauthorized' || member === 'strictSSL') && node.operator === '=' && node.right.type === 'Literal' && node.right.value === false) {
          reportFalse(node.right, `\`${member} = false\``);
          return;
        }
        const target = qualifiedName(node.left);
        if (target !== 'process.env.NODE_TLS_REJECT_UNAUTHORIZED') return;
        const value = staticString(node.right) ?? (node.right.type === 'Literal' ? String(node.right.value) : undefined);
        if (value === '0') {
          context.report({
            node,
            message: 'Setting NODE_TLS_REJECT_UNAUTHORIZED to 0 disables certificate checks for every connection in the process; delete this line.',
          });
        }
      },
      // 'mongodb://db.internal/app?tls=true&tlsAllowInvalidCertificates=true', also as a template
      Literal(node) {
        if (typeof node.value === 'string') checkMongoUri(node, [node.value]);
      },
      TemplateLiteral(node) {
        checkMongoUri(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw));
      },
    };
  },
});
