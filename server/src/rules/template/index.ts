import type { TemplateRule } from '../../templates/rule';
import templateUnescapedOutput from './template-unescaped-output';

/** Every template rule; a meta-test checks each file in `rules/template/` is listed here. */
export const TEMPLATE_RULES: readonly TemplateRule[] = [templateUnescapedOutput];
