import { defineAstRule, mentions, qualifiedName, type TSESTree } from '../../engine/ast';
import { spanOf } from '../../engine/tree';
import { hasSpread, methodName, moduleBindings, propertiesOf, type ModuleBindings } from '../../engine/patterns';
import { placesElsewhere } from '../../engine/types';
import { CALL_ARGS, member, seq, SKIP } from '../prefilter';

const FLAGS = [['httpOnly', 'true'], ['secure', 'true'], ['sameSite', "'lax'"]] as const;

/**
 * The object literals a session's options are merged from, last one winning: the literal itself, or the
 * literals of `Object.assign({…}, {…})`; undefined when any piece is not a literal or holds a spread
 * (something unseen may set the cookie).
 */
function optionLiterals(options: TSESTree.Node | undefined): TSESTree.ObjectExpression[] | undefined {
  if (options?.type === 'ObjectExpression') return hasSpread(options) ? undefined : [options];
  if (options?.type !== 'CallExpression' || qualifiedName(options.callee) !== 'Object.assign' || options.arguments.length === 0) return undefined;
  const parts: TSESTree.ObjectExpression[] = [];
  for (const a of options.arguments) {
    if (a.type !== 'ObjectExpression' || hasSpread(a)) return undefined;
    parts.push(a);
  }
  return parts;
}

/** The `session(…)` call whose options hold this object literal, directly or through `Object.assign`. */
function sessionCall(literal: TSESTree.Node): TSESTree.CallExpression | undefined {
  let up = literal.parent;
  if (up?.type === 'CallExpression' && qualifiedName(up.callee) === 'Object.assign') up = up.parent;
  return up?.type === 'CallExpression' ? up : undefined;
}

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
  keywords: ['cookie', 'express-session'],
  prefilter: [new RegExp([
    // express-session, whose cookie is not Secure unless configured
    'express-session',
    // res.cookie(…), res['cookie'](…)
    seq(...member('res|response|reply', 'cookie'), String.raw`(?:<|${CALL_ARGS})`),
    // a `cookie` key (an identifier, computed or not) whose value is an object
    String.raw`\bcookie${SKIP}(?:\]${SKIP})?:${SKIP}[({]`,
  ].join('|'))],
  scope: 'unit',
  fileText: mentions('express-session'),
  create(context) {
    const checkOptions = (options: TSESTree.ObjectExpression, where: TSESTree.Node) => {
      const props = propertiesOf(options);
      for (const [flag] of FLAGS) {
        const p = props.get(flag);
        if (p && p.value.type === 'Literal' && (p.value.value === false || p.value.value === 'none' && flag === 'sameSite' && !props.has('secure'))) {
          context.report({
            node: p,
            message: `\`${flag}: ${context.quote(p.value)}\` weakens this cookie; set ${flag === 'sameSite' ? "sameSite: 'lax'" : `${flag}: true`} instead.`,
            fix: { title: `Set ${flag}`, edits: [{ start: p.value.start, end: p.value.end, newText: flag === 'sameSite' ? "'lax'" : 'true' }] },
          });
        }
      }
      const missing = FLAGS.filter(([flag]) => !props.has(flag));
      if (missing.length === 0 || hasSpread(options)) return;
      const insertAt = options.properties.length > 0 ? options.properties[options.properties.length - 1]!.end : options.start + 1;
      const text = missing.map(([flag, value]) => `${flag}: ${value}`).join(', ');
      context.report({
        node: where,
        message: `This cookie is set without ${missing.map(([f]) => f).join(', ')}; add ${text}.`,
        fix: { title: `Add ${missing.map(([f]) => f).join(', ')}`, edits: [{ start: insertAt, end: insertAt, newText: options.properties.length > 0 ? `, ${text}` : ` ${text} ` }] },
      });
    };
    let expressSession: ModuleBindings | undefined;
    return {
      Program(node) {
        expressSession = context.textIncludes('express-session') ? moduleBindings(node, ['express-session']) : undefined;
      },
      CallExpression(node) {
        // session({ secret }) from express-session: its cookie is sent over plain HTTP unless `cookie.secure` is set.
        const sessionOptions = node.arguments[0];
        const literals = expressSession && node.callee.type === 'Identifier' && expressSession.namespaces.has(node.callee.name) ? optionLiterals(sessionOptions) : undefined;
        if (sessionOptions && literals && !literals.some((o) => propertiesOf(o).has('cookie'))) {
          const last = literals[literals.length - 1]!;
          const at = last.properties.length > 0 ? last.properties[last.properties.length - 1]!.end : last.start + 1;
          const text = "cookie: { secure: true, httpOnly: true, sameSite: 'lax' }";
          context.report({
            node: sessionOptions,
            message: "express-session's cookie is not Secure by default, so the session id also travels over plain HTTP; add cookie: { secure: true, httpOnly: true, sameSite: 'lax' } (and app.set('trust proxy', 1) behind a proxy).",
            fix: { title: 'Add secure cookie options', edits: [{ start: at, end: at, newText: last.properties.length > 0 ? `, ${text}` : ` ${text} ` }] },
          });
          return;
        }
        // Express res.cookie(name, value, options)
        const method = methodName(node);
        const receiver = node.callee.type === 'MemberExpression' ? qualifiedName(node.callee.object) : undefined;
        if (method !== 'cookie' || !receiver || !/^(?:res|response|reply)$/.test(receiver)) return;
        if (node.arguments.length < 2) return;
        const options = node.arguments[2];
        if (!options) {
          const at = node.arguments[1]!.end;
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
        // session({ cookie }) or session(Object.assign({…}, { cookie })), where the last literal's cookie wins
        const call = node.parent && sessionCall(node.parent);
        if (!call || !/^(?:session|expressSession|cookieSession)$/.test(qualifiedName(call.callee) ?? '')) return;
        if (call.arguments[0] !== node.parent && [...optionLiterals(call.arguments[0]) ?? []].reverse().find((o) => propertiesOf(o).has('cookie')) !== node.parent) return;
        const props = propertiesOf(node.value);
        // The session(…) call these options go to, when the cookie literal is on another line.
        const usedAt = (at: number) => placesElsewhere(context.text, at, [[spanOf(call.callee), 'The session middleware takes these cookie options here.']]);
        if (!props.has('secure') && !hasSpread(node.value) && expressSession?.namespaces.has(qualifiedName(call.callee) ?? '')) {
          const last = node.value.properties[node.value.properties.length - 1];
          const at = last ? last.end : node.value.start + 1;
          context.report({
            node,
            related: usedAt(node.start),
            message: 'The session cookie is set without secure, so the session id also travels over plain HTTP; add secure: true.',
            fix: { title: 'Add secure: true', edits: [{ start: at, end: at, newText: last ? ', secure: true' : ' secure: true ' }] },
          });
        }
        for (const flag of ['secure', 'httpOnly'] as const) {
          const p = props.get(flag);
          if (p && p.value.type === 'Literal' && p.value.value === false) {
            context.report({
              node: p,
              related: usedAt(p.start),
              message: `The session cookie has \`${flag}: false\`; set ${flag}: true.`,
              fix: { title: `Set ${flag}: true`, edits: [{ start: p.value.start, end: p.value.end, newText: 'true' }] },
            });
          }
        }
      },
    };
  },
});
