import { defineAstRule, qualifiedName, type TSESTree } from '../../engine/ast';
import { methodName, propertiesOf } from '../../engine/patterns';
import { CALL_ARGS, member, seq, SKIP } from '../prefilter';

const FLAGS = [['httpOnly', 'true'], ['secure', 'true'], ['sameSite', "'lax'"]] as const;

export default defineAstRule({
  meta: {
    id: 'cookie-insecure',
    title: 'Cookie without Secure, HttpOnly or SameSite',
    description: 'A cookie without `Secure` travels over plaintext HTTP, without `HttpOnly` it is readable by injected script, and without `SameSite` it rides along on cross-site requests.',
    recommendation: "Set `httpOnly: true, secure: true, sameSite: 'lax'` (or 'strict') on every session or auth cookie.",
    category: 'session',
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-614', 'CWE-1004', 'CWE-1275'],
    owasp: ['A05:2021', 'A07:2021'],
    fixable: true,
  },
  keywords: ['cookie'],
  prefilter: [new RegExp([
    // res.cookie(…), res['cookie'](…)
    seq(...member('res|response|reply', 'cookie'), String.raw`(?:<|${CALL_ARGS})`),
    // a `cookie` key (an identifier, computed or not) whose value is an object
    String.raw`\bcookie${SKIP}(?:\]${SKIP})?:${SKIP}[({]`,
  ].join('|'))],
  create(context) {
    const checkOptions = (options: TSESTree.ObjectExpression, where: TSESTree.Node) => {
      const props = propertiesOf(options);
      for (const [flag] of FLAGS) {
        const p = props.get(flag);
        if (p && p.value.type === 'Literal' && (p.value.value === false || p.value.value === 'none' && flag === 'sameSite' && !props.has('secure'))) {
          context.report({
            node: p,
            message: `\`${flag}: ${context.quote(p.value)}\` weakens this cookie; set ${flag === 'sameSite' ? "sameSite: 'lax'" : `${flag}: true`} instead.`,
            fix: { title: `Set ${flag}`, edits: [{ start: p.value.range[0], end: p.value.range[1], newText: flag === 'sameSite' ? "'lax'" : 'true' }] },
          });
        }
      }
      const missing = FLAGS.filter(([flag]) => !props.has(flag));
      if (missing.length === 0 || options.properties.some((p) => p.type === 'SpreadElement')) return;
      const insertAt = options.properties.length > 0 ? options.properties[options.properties.length - 1]!.range[1] : options.range[0] + 1;
      const text = missing.map(([flag, value]) => `${flag}: ${value}`).join(', ');
      context.report({
        node: where,
        message: `This cookie is set without ${missing.map(([f]) => f).join(', ')}; add ${text}.`,
        fix: { title: `Add ${missing.map(([f]) => f).join(', ')}`, edits: [{ start: insertAt, end: insertAt, newText: options.properties.length > 0 ? `, ${text}` : ` ${text} ` }] },
      });
    };
    return {
      CallExpression(node) {
        // Express res.cookie(name, value, options)
        const method = methodName(node);
        const receiver = node.callee.type === 'MemberExpression' ? qualifiedName(node.callee.object) : undefined;
        if (method !== 'cookie' || !receiver || !/^(?:res|response|reply)$/.test(receiver)) return;
        if (node.arguments.length < 2) return;
        const options = node.arguments[2];
        if (!options) {
          const at = node.arguments[1]!.range[1];
          context.report({
            node,
            message: "This cookie is set without httpOnly, secure or sameSite; pass { httpOnly: true, secure: true, sameSite: 'lax' }.",
            fix: { title: 'Add httpOnly, secure and sameSite', edits: [{ start: at, end: at, newText: ", { httpOnly: true, secure: true, sameSite: 'lax' }" }] },
          });
          return;
        }
        if (options.type === 'ObjectExpression') checkOptions(options, node);
      },
      Property(node) {
        // express-session / cookie-session: session({ cookie: { secure: false } })
        if (node.key.type !== 'Identifier' || node.key.name !== 'cookie' || node.value.type !== 'ObjectExpression') return;
        const call = node.parent?.parent;
        if (call?.type !== 'CallExpression' || !/^(?:session|expressSession|cookieSession)$/.test(qualifiedName(call.callee) ?? '')) return;
        const props = propertiesOf(node.value);
        for (const flag of ['secure', 'httpOnly'] as const) {
          const p = props.get(flag);
          if (p && p.value.type === 'Literal' && p.value.value === false) {
            context.report({
              node: p,
              message: `The session cookie has \`${flag}: false\`; set ${flag}: true.`,
              fix: { title: `Set ${flag}: true`, edits: [{ start: p.value.range[0], end: p.value.range[1], newText: 'true' }] },
            });
          }
        }
      },
    };
  },
});
