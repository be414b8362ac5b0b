/**
 * The languages with tree rules (data flow through tree-sitter), by VS Code language id. Apart from their
 * specs (languages/index.ts, which loads each on first use), so that asking whether a language has tree rules, as
 * every analysis does, needs none of them: the light scan worker's bundle (scripts/build.mjs) holds this
 * and no tree-rule code.
 */
export const TREE_LANGUAGES = ['python', 'java', 'php', 'go', 'csharp', 'ruby'] as const;
export type TreeLanguage = (typeof TREE_LANGUAGES)[number];

const TREE_LANGUAGE_SET: ReadonlySet<string> = new Set(TREE_LANGUAGES);

/** Whether Warden has tree rules for this language. */
export function hasTreeLanguage(language: string): boolean {
  return TREE_LANGUAGE_SET.has(language);
}
