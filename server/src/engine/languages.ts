/**
 * File path → language id (VS Code's ids, so the editor and the CLI agree) and each language's
 * comment and string syntax, which the lexer uses to tell code, strings and comments apart.
 */

export const JS_TS_LANGUAGES = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);

/** Extensions whose files go through the JS/TS parser (the AST rules). */
const AST_EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);

const BY_EXTENSION: Record<string, string> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascriptreact',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescriptreact',
  '.py': 'python', '.pyw': 'python', '.ipynb': 'json',
  '.java': 'java', '.kt': 'kotlin', '.kts': 'kotlin', '.scala': 'scala', '.groovy': 'groovy', '.gradle': 'groovy',
  '.go': 'go', '.cs': 'csharp', '.php': 'php', '.rb': 'ruby', '.rs': 'rust', '.swift': 'swift',
  '.c': 'c', '.h': 'c', '.cc': 'cpp', '.cpp': 'cpp', '.hpp': 'cpp',
  '.sh': 'shellscript', '.bash': 'shellscript', '.zsh': 'shellscript', '.ksh': 'shellscript',
  '.ps1': 'powershell', '.psm1': 'powershell',
  '.yml': 'yaml', '.yaml': 'yaml', '.json': 'json', '.jsonc': 'jsonc', '.json5': 'jsonc',
  '.tf': 'terraform', '.tfvars': 'terraform', '.hcl': 'terraform',
  '.properties': 'properties', '.ini': 'ini', '.cfg': 'ini', '.cnf': 'ini', '.conf': 'ini', '.toml': 'toml',
  '.xml': 'xml', '.config': 'xml', '.csproj': 'xml', '.plist': 'xml', '.html': 'html', '.htm': 'html',
  '.ejs': 'ejs', '.hbs': 'handlebars', '.handlebars': 'handlebars', '.mustache': 'handlebars', '.pug': 'jade', '.jade': 'jade',
  '.njk': 'jinja', '.nunjucks': 'jinja', '.jinja': 'jinja', '.jinja2': 'jinja', '.j2': 'jinja', '.twig': 'twig',
  '.cshtml': 'razor', '.razor': 'razor',
  '.vue': 'vue', '.svelte': 'svelte', '.sql': 'sql', '.md': 'markdown', '.txt': 'plaintext',
  '.env': 'dotenv', '.pem': 'plaintext', '.key': 'plaintext', '.erb': 'erb', '.tpl': 'plaintext',
};

const BY_BASENAME: Record<string, string> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gemfile: 'ruby', rakefile: 'ruby',
  '.bashrc': 'shellscript', '.zshrc': 'shellscript', '.profile': 'shellscript', '.bash_profile': 'shellscript',
  '.bash_history': 'shellscript', '.zsh_history': 'shellscript', '.zprofile': 'shellscript', '.envrc': 'shellscript',
  '.npmrc': 'ini', '.yarnrc': 'ini', '.pypirc': 'ini', '.netrc': 'plaintext', '.pgpass': 'plaintext',
  '.git-credentials': 'plaintext', '.htpasswd': 'plaintext', '.gitconfig': 'ini', 'credentials': 'ini',
  'id_rsa': 'plaintext', 'id_dsa': 'plaintext', 'id_ecdsa': 'plaintext', 'id_ed25519': 'plaintext',
};

export function basename(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1);
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The language of a file; `fallback` (the editor's language id) wins only when the path says nothing. */
export function detectLanguage(path: string, fallback?: string): string {
  const name = basename(path);
  const lower = name.toLowerCase();
  const byName = BY_BASENAME[lower];
  if (byName) return byName;
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv';
  if (lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return 'dockerfile';
  const byExt = BY_EXTENSION[extension(name)];
  if (byExt) return byExt;
  return fallback && fallback.length > 0 ? fallback : 'plaintext';
}

/** True when the JS/TS parser should see this file. */
export function usesAst(path: string, language: string): boolean {
  const ext = extension(basename(path));
  if (ext) return AST_EXTENSIONS.has(ext);
  return JS_TS_LANGUAGES.has(language);
}

export function isJsx(path: string, language: string): boolean {
  const ext = extension(basename(path));
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return false;
  return ext !== '' || language !== 'typescript';
}

export interface Syntax {
  lineComments: string[];
  blockComments: [string, string][];
  /** String delimiters, longest first (`"""` before `"`). */
  quotes: string[];
  /** Delimiters whose strings may span lines. */
  multiline: string[];
  /** `#` starts a comment only at line start or after whitespace (shell, YAML, ini…). */
  hashNeedsSpace: boolean;
  /** Comment marker to write when inserting a suppression: `// `, `# `, `<!-- `. */
  commentPrefix: string;
  commentSuffix: string;
}

const C_LIKE: Syntax = {
  lineComments: ['//'], blockComments: [['/*', '*/']], quotes: ['"', "'"], multiline: [],
  hashNeedsSpace: false, commentPrefix: '// ', commentSuffix: '',
};
const HASH: Syntax = {
  lineComments: ['#'], blockComments: [], quotes: ['"', "'"], multiline: [],
  hashNeedsSpace: true, commentPrefix: '# ', commentSuffix: '',
};
const NONE: Syntax = {
  lineComments: [], blockComments: [], quotes: ['"'], multiline: [],
  hashNeedsSpace: false, commentPrefix: '', commentSuffix: '',
};

const SYNTAX: Record<string, Syntax> = {
  javascript: { ...C_LIKE, quotes: ['"', "'", '`'], multiline: ['`'] },
  go: { ...C_LIKE, quotes: ['"', "'", '`'], multiline: ['`'] },
  python: { ...HASH, quotes: ['"""', "'''", '"', "'"], multiline: ['"""', "'''"], hashNeedsSpace: false },
  ruby: { ...HASH, hashNeedsSpace: false },
  php: { ...C_LIKE, lineComments: ['//', '#'] },
  csharp: { ...C_LIKE, quotes: ['"""', '"', "'"], multiline: ['"""'] },
  java: { ...C_LIKE, quotes: ['"""', '"', "'"], multiline: ['"""'] },
  kotlin: { ...C_LIKE, quotes: ['"""', '"', "'"], multiline: ['"""'] },
  terraform: { ...C_LIKE, lineComments: ['#', '//'], quotes: ['"'] },
  sql: { ...C_LIKE, lineComments: ['--'] },
  xml: { ...NONE, blockComments: [['<!--', '-->']], quotes: ['"', "'"], commentPrefix: '<!-- ', commentSuffix: ' -->' },
  json: NONE,
  jsonc: { ...C_LIKE, quotes: ['"'] },
  ini: { ...HASH, lineComments: ['#', ';'] },
  properties: { ...HASH, lineComments: ['#', '!'], quotes: [] },
  dotenv: HASH,
  yaml: HASH,
  toml: HASH,
  shellscript: HASH,
  dockerfile: HASH,
  makefile: HASH,
  powershell: HASH,
  plaintext: { ...NONE, quotes: [] },
  markdown: { ...NONE, quotes: [], blockComments: [['<!--', '-->']], commentPrefix: '<!-- ', commentSuffix: ' -->' },
};
SYNTAX.javascriptreact = SYNTAX.javascript!;
SYNTAX.typescript = SYNTAX.javascript!;
SYNTAX.typescriptreact = SYNTAX.javascript!;
SYNTAX.html = SYNTAX.xml!;
// Server-side templates are HTML with the engine's delimiters in it: their comments and strings are HTML's.
for (const template of ['ejs', 'erb', 'handlebars', 'jade', 'jinja', 'twig', 'razor']) SYNTAX[template] = SYNTAX.xml!;
SYNTAX.vue = SYNTAX.javascript!;
SYNTAX.svelte = SYNTAX.javascript!;

export function syntaxOf(language: string): Syntax {
  return SYNTAX[language] ?? C_LIKE;
}
