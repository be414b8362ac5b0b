import type { Fix } from './types';
import type { ScopeMap } from './lexer';

/**
 * The quick fix for a hardcoded secret: replace the string literal that holds it with the language's
 * environment lookup, and add `NAME=` (never the value) to `.env.example` beside the file.
 */
export function envLookupFix(text: string, language: string, scopes: ScopeMap, start: number, end: number, kind: string): Fix | undefined {
  const region = scopes.regionAt(start);
  let literalStart: number;
  let literalEnd: number;
  if (region && scopes.scopeAt(start) === 'string') {
    [literalStart, literalEnd] = region;
    const quote = text[literalStart]!;
    // Only when the secret is the whole literal; a secret inside a longer string needs a person.
    const inner = text.slice(literalStart, literalEnd);
    if (!inner.endsWith(quote) || literalStart + 1 !== start || literalEnd - 1 !== end) {
      if (!(inner.startsWith('"""') && literalStart + 3 === start && literalEnd - 3 === end)) return undefined;
    }
  } else if (language === 'yaml' || language === 'dockerfile') {
    [literalStart, literalEnd] = [start, end];
  } else {
    return undefined;
  }
  const name = envName(text, literalStart, kind);
  const lookup = lookupFor(language, name);
  if (!lookup) return undefined;
  return {
    title: `Read the secret from the environment variable ${name}`,
    edits: [{ start: literalStart, end: literalEnd, newText: lookup }],
    fileEdits: [{ relativePath: '.env.example', append: `${name}=\n` }],
  };
}

function lookupFor(language: string, name: string): string | undefined {
  switch (language) {
    case 'javascript': case 'javascriptreact': case 'typescript': case 'typescriptreact': return `process.env.${name}`;
    case 'python': return `os.environ["${name}"]`;
    case 'java': case 'kotlin': return `System.getenv("${name}")`;
    case 'go': return `os.Getenv("${name}")`;
    case 'csharp': return `Environment.GetEnvironmentVariable("${name}")`;
    case 'php': return `getenv('${name}')`;
    case 'ruby': return `ENV["${name}"]`;
    case 'yaml': case 'dockerfile': return `\${${name}}`;
    case 'shellscript': return `"\${${name}}"`;
    default: return undefined;
  }
}

/** `NAME` from the key the literal is assigned to (`apiKey: "…"` → `API_KEY`), else from the kind. */
export function envName(text: string, literalStart: number, kind: string): string {
  const lineStart = text.lastIndexOf('\n', literalStart - 1) + 1;
  const before = text.slice(Math.max(lineStart, literalStart - 200), literalStart);
  const key = /([A-Za-z_$][\w$.-]*)["'\]]?\s*(?::=|=>|[:=]|,)\s*$/.exec(before)?.[1]?.split('.').pop();
  return toScreamingSnake(key && key.length > 1 ? key : kind);
}

export function toScreamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase() || 'SECRET';
}
