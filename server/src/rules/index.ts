import type { RuleCatalog } from '../engine/ruleset';
import type { AstRule } from '../engine/ast';
import type { TextRuleSpec } from '../engine/textRules';
import credentials from './text/credentials.json';
import evalNonLiteral from './ast/eval-non-literal';
import tlsVerificationDisabled from './ast/tls-verification-disabled';
import weakHash from './ast/weak-hash';

/** Every AST rule; a meta-test checks each file in `ast/` is listed here and documented. */
export const AST_RULES: AstRule[] = [evalNonLiteral, tlsVerificationDisabled, weakHash];

/** Every built-in text rule, as data. */
export const TEXT_RULES: TextRuleSpec[] = [...(credentials as TextRuleSpec[])];

export const BUILTIN_CATALOG: RuleCatalog = { astRules: AST_RULES, textRules: TEXT_RULES };
