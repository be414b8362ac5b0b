import type { LanguageSpec } from '../dataflow/language';
import { python } from './python';

/** Every language with tree rules, by VS Code language id. */
export const LANGUAGE_SPECS: Readonly<Record<string, LanguageSpec>> = {
  python,
};
