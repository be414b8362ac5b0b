import type { AstRule } from '../engine/ast';
import type { TextRuleSpec } from '../engine/textRules';
import cloud from './text/credentials.json';
import dev from './text/credentials-dev.json';
import saas from './text/credentials-saas.json';
import keys from './text/credentials-keys.json';
import generic from './text/credentials-generic.json';
import files from './text/credentials-files.json';
import frameworks from './text/credentials-frameworks.json';
import lookalikes from './text/credentials-lookalikes.json';
import literalSessionSecret from './ast/literal-session-secret';
import literalJwtKey from './ast/literal-jwt-key';
import literalCipherKey from './ast/literal-cipher-key';
import literalDbPassword from './ast/literal-db-password';
import literalOauthClientSecret from './ast/literal-oauth-client-secret';
import jwtPasswordInPayload from './ast/jwt-password-in-payload';

/** Rules for tokens with a recognisable format (prefix, shape, checksum): cloud, source hosting and registries, SaaS. */
export const STRUCTURED_TOKEN_RULES: TextRuleSpec[] = [cloud, dev, saas].flatMap((list) => list as TextRuleSpec[]);

/**
 * Hardcoded-credential text rules, by area: cloud, source hosting and registries, SaaS, keys and URLs, generic, files, framework
 * settings and CLI logins, and token look-alikes (a token's exact layout that fails its checksum, test-mode keys): reported as
 * warnings, apart from the structured rules' high-confidence errors.
 */
export const CREDENTIAL_TEXT_RULES: TextRuleSpec[] = [cloud, dev, saas, keys, generic, files, frameworks, lookalikes].flatMap((list) => list as TextRuleSpec[]);

/** AST rules for literal secrets passed where a secret is expected, and passwords put where anyone can read them (JS/TS). */
export const CREDENTIAL_AST_RULES: AstRule[] = [literalSessionSecret, literalJwtKey, literalCipherKey, literalDbPassword, literalOauthClientSecret, jwtPasswordInPayload];
