import type { LanguageSpec } from '../dataflow/language';
import { csharp } from './csharp';
import { go } from './go';
import { java } from './java';
import { php } from './php';
import { python } from './python';
import { ruby } from './ruby';

/** Every language with tree rules, by VS Code language id. */
export const LANGUAGE_SPECS: Readonly<Record<string, LanguageSpec>> = { python, java, php, go, csharp, ruby };
