import { calleeName, defineAstRule, findProperty, type TSESTree } from '../../engine/ast';
import { reportLiteralSecrets } from '../../engine/envFix';
import { secretProperty, SKIP } from '../prefilter';

/** The options of an OAuth 1/2 strategy (passport-google-oauth20, passport-facebook, passport-twitter, passport-oauth2…). */
const SECRET_KEYS = ['clientSecret', 'consumerSecret'];

export default defineAstRule({
  meta: {
    id: 'literal-oauth-client-secret',
    title: 'OAuth client secret written as a literal',
    description: 'An OAuth strategy (Passport\'s Google, Facebook, GitHub, Twitter, generic OAuth 2 and the like) is given the application\'s client or consumer secret as a literal: anyone who reads the repository can act as the application towards the identity provider, whatever the string looks like.',
    recommendation: 'Reset the client secret in the provider\'s developer console and read it from the environment (process.env.OAUTH_CLIENT_SECRET) or a secret manager.',
    category: 'credentials',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-798'],
    owasp: ['A07:2021'],
    fixable: true,
  },
  keywords: ['clientsecret', 'consumersecret'],
  prefilter: [
    // a literal, or a constant's name (not `process.env.…`)
    new RegExp(`${secretProperty(SECRET_KEYS.join('|'))}|(?:clientSecret|consumerSecret)["'\\]]?${SKIP}:${SKIP}(?!process\\b)[A-Za-z_$]`),
    /Strategy/,
  ],
  scope: 'unit',
  create(context) {
    return {
      NewExpression(node) {
        if (!/(?:^|\.)\w*Strategy$/.test(calleeName(node) ?? '')) return;
        const options = node.arguments.find((a): a is TSESTree.ObjectExpression => a.type === 'ObjectExpression');
        for (const key of SECRET_KEYS) {
          reportLiteralSecrets(context, findProperty(options, key)?.value, {
            message: 'Literal OAuth client secret: anyone who reads the code can act as this application at the identity provider; reset it and read it from process.env.OAUTH_CLIENT_SECRET.',
            env: 'OAUTH_CLIENT_SECRET',
            kind: 'OAuth client secret',
            followNames: true, // `const KEY = '…'` in scope at the use
          });
        }
      },
    };
  },
});
