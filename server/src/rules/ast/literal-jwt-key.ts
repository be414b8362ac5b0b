import { calleeName, defineAstRule, type TSESTree } from '../../engine/ast';
import { moduleBindings, moduleCall, type ModuleBindings } from '../../engine/patterns';
import { optionValues, reportLiteralSecrets } from '../../engine/envFix';
import { CALL_ARGS, member, propertySource, SECRET_VALUE, secondArgument, secretMemberAssignment, secretProperty, seq, SKIP, GAP } from '../prefilter';

/** Options objects of JWT middleware and strategies that carry the signing key. */
const OPTION_FACTORIES = /^(?:expressjwt|expressJwt|jwt|koaJwt|JwtStrategy|Strategy|register|registerAsync)$/;
const KEY_PROPERTIES = ['secret', 'secretOrKey', 'privateKey', 'secretOrPrivateKey', 'publicKey'];
const isKeyProperty = (k: string) => KEY_PROPERTIES.includes(k);

// The visitors' tests as constants: a regular expression literal makes a new object each time it is
// evaluated, and these run on every call an edit re-runs.
const JWT_SIGN_OR_VERIFY = /^(?:jwt|jsonwebtoken|JWT|jsonWebToken|jws)\.(?:sign|verify)$/;
const SIGN_OR_VERIFY = /^(?:sign|verify)$/;
const JOSE_VERIFY = /(?:^|\.)jwtVerify$/;
const STRATEGY = /(?:^|\.)(?:JwtStrategy|Strategy)$/;

/** The options argument: an object literal, else the first argument (a variable holding one, `Object.assign(…)`). */
const optionsOf = (node: TSESTree.CallExpression | TSESTree.NewExpression) => node.arguments.find((a) => a.type === 'ObjectExpression') ?? node.arguments[0];

export default defineAstRule({
  meta: {
    id: 'literal-jwt-key',
    title: 'JWT signing key written as a literal',
    description: 'The key that signs or verifies JSON Web Tokens is written in the code: anyone who reads the repository can mint valid tokens for any user and role.',
    recommendation: 'Rotate the key (which invalidates issued tokens) and read it from the environment (process.env.JWT_SECRET) or a key manager.',
    category: 'credentials',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-798', 'CWE-321'],
    owasp: ['A07:2021', 'A02:2021'],
    fixable: true,
  },
  keywords: ['jwt', 'jsonwebtoken', 'jws', 'strategy'],
  prefilter: [
    new RegExp([
      // jwt.sign / jwt?.verify / jwt['sign'] on one of the module names the rule knows
      // with a second argument that may be a literal key
      // (or a constant's name: `const secret = '…'` earlier in the file)
      seq(...member('jwt|jsonwebtoken|JWT|jsonWebToken|jws', 'sign|verify'), `(?:<|${CALL_ARGS}${secondArgument(`(?:${SECRET_VALUE}|(?!process\\b)[A-Za-z_$])`)})`),
      // jsonwebtoken or passport-jwt bound to another name (`const jsonwt = require('jsonwebtoken')`, `import * as token from 'jsonwebtoken'`)
      `(?:require${GAP}\\(${SKIP}|from${SKIP})['"](?:jsonwebtoken|passport-jwt)['"]`,
      'jwtVerify',
      'SignJWT',
      // a key option of a JWT middleware or strategy
      secretProperty(KEY_PROPERTIES.join('|')),
      // passport-jwt's key option naming a constant or a field (`secretOrKey: this.jwtSecret`)
      propertySource('secretOrKey|secretOrPrivateKey', '(?!process\\b)[A-Za-z_$]'),
      // a key set on an options object (`opts.secretOrKey = '…'`, passport-jwt's own example)
      secretMemberAssignment(KEY_PROPERTIES.join('|')),
      // a middleware or strategy given an options variable or `Object.assign(…)` (`jwt(opts)`, `new JwtStrategy(opts, verify)`)
      `\\b(?:expressjwt|expressJwt|jwt|koaJwt|JwtStrategy|Strategy)${GAP}\\(${SKIP}(?!process\\b)[A-Za-z_$]`,
    ].join('|')),
  ],
  scope: 'unit',
  create(context) {
    // The names jsonwebtoken is bound to in this file.
    let jsonwebtoken: ModuleBindings = { namespaces: new Set(), members: new Map() };
    let passportJwtBindings: ModuleBindings = { namespaces: new Set(), members: new Map() };
    const report = (value: TSESTree.Node | undefined, usedAt?: { node: TSESTree.Node; message: string }) => reportLiteralSecrets(context, value, {
      message: 'Literal JWT signing key: anyone who reads the code can mint valid tokens; rotate it and read it from process.env.JWT_SECRET.',
      env: 'JWT_SECRET',
      kind: 'JWT signing key',
      skip: (v) => /^-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(v), // public keys may be public
      followNames: true, // `const KEY = '…'` in scope at the use
    }, usedAt);
    /** The key options of a call; an option set before the call (in a variable, on `this`) also points at the call that takes it. */
    const reportOptions = (call: TSESTree.CallExpression | TSESTree.NewExpression, options: TSESTree.Node | undefined) => {
      for (const option of optionValues(options, isKeyProperty)) {
        const inside = option.at.start >= call.start && option.at.end <= call.end;
        report(option.value, inside ? undefined : { node: call.callee, message: 'the options with the key are passed here' });
      }
    };
    return {
      Program(node) {
        jsonwebtoken = moduleBindings(node, ['jsonwebtoken']);
        passportJwtBindings = moduleBindings(node, ['passport-jwt']);
      },
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        // Read with indexOf, not split: this runs on every call of every function an edit re-runs.
        const dot = name.indexOf('.');
        const oneDot = dot >= 0 && name.indexOf('.', dot + 1) < 0;
        // jwt.sign(payload, key), jwt.verify(token, key), jsonwebtoken.sign(…), and the same under the name it was required or imported as
        if (JWT_SIGN_OR_VERIFY.test(name)
          || (oneDot && (name.endsWith('.sign') || name.endsWith('.verify')) && jsonwebtoken.namespaces.has(name.slice(0, dot)))
          || SIGN_OR_VERIFY.test(jsonwebtoken.members.get(name) ?? '')) {
          report(node.arguments[1]);
          return;
        }
        // new SignJWT(…).sign(new TextEncoder().encode('…')) and jwtVerify(token, encode('…')) from jose
        if (JOSE_VERIFY.test(name)) {
          report(node.arguments[1]);
          return;
        }
        if (name.endsWith('.sign') && node.callee.type === 'MemberExpression' && context.source(node.callee.object).includes('SignJWT')) {
          report(node.arguments[0]);
          return;
        }
        const last = name.slice(name.lastIndexOf('.') + 1);
        if (OPTION_FACTORIES.test(last) && (last !== 'register' && last !== 'registerAsync' || name.startsWith('JwtModule.'))) {
          reportOptions(node, optionsOf(node));
        }
      },
      NewExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        // passport-jwt's Strategy under any name (`const Strat = require('passport-jwt').Strategy`)
        const passportJwt = moduleCall(node, passportJwtBindings) === 'Strategy';
        if (!passportJwt && !STRATEGY.test(name)) return;
        const options = optionsOf(node);
        // a bare `Strategy` is passport-jwt's only when it reads a token from the request; `JwtStrategy` says so itself
        if (!passportJwt && !name.endsWith('JwtStrategy') && optionValues(options, (k) => k === 'jwtFromRequest').length === 0) return;
        reportOptions(node, options);
      },
    };
  },
});
