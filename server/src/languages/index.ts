import type { LanguageSpec } from '../dataflow/language';
import type { TreeLanguage } from '../dataflow/treeLanguages';

/**
 * How to load each language's spec, by VS Code language id. A spec builds its tables when its module
 * loads, and only a file of that language needs it: the language server's start (a JavaScript or
 * TypeScript file, most often) no longer builds all six (docs/engineering.md, start-up, sixth pass).
 */
const LOADERS: Readonly<Record<TreeLanguage, () => LanguageSpec>> = {
  python: () => (require('./python') as typeof import('./python')).python,
  java: () => (require('./java') as typeof import('./java')).java,
  php: () => (require('./php') as typeof import('./php')).php,
  go: () => (require('./go') as typeof import('./go')).go,
  csharp: () => (require('./csharp') as typeof import('./csharp')).csharp,
  ruby: () => (require('./ruby') as typeof import('./ruby')).ruby,
};

/** Every language with tree rules, by VS Code language id; a language's spec is loaded when first read. */
export const LANGUAGE_SPECS: Readonly<Record<string, LanguageSpec>> = Object.defineProperties(
  {},
  Object.fromEntries(
    Object.entries(LOADERS).map(([id, load]) => {
      let spec: LanguageSpec | undefined;
      return [id, { enumerable: true, get: () => (spec ??= load()) }];
    }),
  ),
);
