import { calleeName, defineAstRule } from '../../engine/ast';
import { reportLiteralSecrets } from '../../engine/envFix';

export default defineAstRule({
  meta: {
    id: 'literal-cipher-key',
    title: 'Encryption or HMAC key written as a literal',
    description: 'A cipher, HMAC or key-derivation secret is written in the code: everything encrypted or signed with it can be decrypted or forged by anyone who reads the repository.',
    recommendation: 'Rotate the key, re-encrypt the data, and load the key from the environment (process.env.ENCRYPTION_KEY) or a key manager.',
    category: 'credentials',
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-321', 'CWE-798'],
    owasp: ['A02:2021'],
    fixable: true,
  },
  keywords: ['createcipheriv', 'createdecipheriv', 'createhmac', 'scrypt', 'pbkdf2', 'cryptojs'],
  scope: 'unit',
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        let keyArg: number | undefined;
        let envName = 'ENCRYPTION_KEY';
        if (/(?:^|\.)create(?:Cipheriv|Decipheriv)$/.test(name)) keyArg = 1;
        else if (/(?:^|\.)createHmac$/.test(name)) [keyArg, envName] = [1, 'HMAC_SECRET'];
        else if (/(?:^|\.)(?:scryptSync|scrypt|pbkdf2Sync|pbkdf2)$/.test(name) && /^crypto\.|^(?:scrypt|pbkdf2)/.test(name)) keyArg = 0;
        else if (/^CryptoJS\.(?:AES|DES|TripleDES|Rabbit|RC4)\.(?:encrypt|decrypt)$/.test(name)) keyArg = 1;
        else if (/^CryptoJS\.Hmac\w+$/.test(name)) [keyArg, envName] = [1, 'HMAC_SECRET'];
        if (keyArg === undefined) return;
        reportLiteralSecrets(context, node.arguments[keyArg], {
          message: `Literal encryption key: anyone who reads the code can decrypt or forge what it protects; rotate it and read it from process.env.${envName}.`,
          env: envName,
          kind: 'Encryption key',
          followNames: true, // `const KEY = '…'` in scope at the use
        });
      },
    };
  },
});
