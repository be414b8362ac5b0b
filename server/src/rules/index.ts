import type { RuleCatalog } from '../engine/ruleset';
import type { AstRule } from '../engine/ast';
import type { TextRuleSpec } from '../engine/textRules';
import { CREDENTIAL_AST_RULES, CREDENTIAL_TEXT_RULES } from './credentials';
import evalNonLiteral from './ast/eval-non-literal';
import tlsVerificationDisabled from './ast/tls-verification-disabled';
import weakHash from './ast/weak-hash';
import { PATTERN_AST_RULES, PATTERN_TEXT_RULES } from './patterns';
import { TREE_RULES } from './tree';
import { TEMPLATE_RULES } from './template';

export { TREE_RULES, TEMPLATE_RULES };

/** Every AST rule; a meta-test checks each file in `ast/` is listed here and documented. */
export const AST_RULES: AstRule[] = [evalNonLiteral, tlsVerificationDisabled, weakHash, ...CREDENTIAL_AST_RULES, ...PATTERN_AST_RULES];

/** Every built-in text rule, as data. */
export const TEXT_RULES: TextRuleSpec[] = [...CREDENTIAL_TEXT_RULES, ...PATTERN_TEXT_RULES];

export const BUILTIN_CATALOG: RuleCatalog = { astRules: AST_RULES, textRules: TEXT_RULES, treeRules: TREE_RULES, templateRules: TEMPLATE_RULES };
