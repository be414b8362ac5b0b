import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adaptOxc, type OxcResult } from './oxcAdapter';
import { ParseThread, maxChars } from './parseThread';

/**
 * The one parser module: every JavaScript and TypeScript parse in Warden (editor, CLI, workspace scan)
 * goes through `parse` here. It uses oxc's native binding when one loads for this platform, else oxc's
 * WebAssembly binding, else typescript-estree (the reference parser the rules were written against).
 * Which one runs is decided once per thread, on the first parse, and reported by `parserInUse`
 * (`warden --version`, the server's log). `WARDEN_PARSER` (or `useParser`, for tests) names one.
 *
 * Where the bindings are looked for: beside the bundle (`dist/oxc/parser.<platform>.node` and
 * `dist/oxc-wasm/parser.wasi.cjs`, as the .vsix files ship them), then as the npm packages
 * `@oxc-parser/binding-<platform>` / `@oxc-parser/binding-wasm32-wasi` (the CLI's optional
 * dependencies, and a development checkout).
 */

export const PARSER_NAMES = ['oxc-native', 'oxc-wasm', 'typescript-estree'] as const;
export type ParserName = (typeof PARSER_NAMES)[number];

export interface ParserInfo {
  name: ParserName;
  /** e.g. `oxc-parser 0.156.0 (linux-x64-gnu)`. */
  description: string;
  /** Why the parsers before it did not load (empty when the first choice loaded). */
  notLoaded: string[];
}

interface Backend extends ParserInfo {
  parse(text: string, jsx: boolean, sourceType?: 'module'): TSESTree.Program;
}

/** A parser that does not load here; the message says which and why. */
export class ParserUnavailable extends Error {}

const OXC_VERSION = (require('oxc-parser/package.json') as { version: string }).version;

interface OxcBinding {
  parseSync(filename: string, text: string, options: Record<string, unknown>): OxcResult;
}

function oxcBackend(name: 'oxc-native' | 'oxc-wasm', binding: OxcBinding, where: string): Backend {
  return {
    name,
    description: `oxc-parser ${OXC_VERSION} (${where})`,
    notLoaded: [],
    parse(text, jsx, sourceType) {
      // typescript-estree reads every file as TypeScript (TSX where JSX is allowed); so does this.
      const lang = jsx ? 'tsx' : 'ts';
      return adaptOxc(binding.parseSync(`file.${lang}`, text, { lang, sourceType: sourceType ?? 'unambiguous', astType: 'ts', range: true, preserveParens: false }), text);
    },
  };
}

/** The platform names oxc publishes a native binding under, for this process. */
export function nativeTargets(platform: string = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux') return arch === 'arm' ? ['linux-arm-gnueabihf', 'linux-arm-musleabihf'] : [`linux-${arch}-gnu`, `linux-${arch}-musl`];
  if (platform === 'win32') return [`win32-${arch}-msvc`];
  return [`${platform}-${arch}`];
}

// `require` through a variable: the bundler leaves these to run time instead of bundling them.
const load = (id: string): unknown => require(id);

function nativeBinding(target: string): string {
  const beside = join(__dirname, 'oxc', `parser.${target}.node`);
  return existsSync(beside) ? beside : require.resolve(`@oxc-parser/binding-${target}`);
}

/** The parse thread `startParser` set going, for `loadNative` to take. */
let started: { target: string; thread: ParseThread } | undefined;

/**
 * Starts the native parse thread without waiting for it, so that it loads on another core while the
 * caller (the language server, at start-up) does the rest of its work; the first parse then finds it
 * ready. Does nothing when another parser is asked for or one is already in use.
 */
export function startParser(): void {
  if (backend || started || forced || (process.env.WARDEN_PARSER && process.env.WARDEN_PARSER !== 'oxc-native')) return;
  for (const target of nativeTargets()) {
    try {
      started = { target, thread: new ParseThread(nativeBinding(target)) };
      return;
    } catch {
      // not for this target: `loadNative` tries each again and says why
    }
  }
}

function loadNative(): Backend {
  const reasons: string[] = [];
  for (const target of nativeTargets()) {
    try {
      // On a thread of its own (see parseThread.ts); `check` proves the binding loads there.
      const thread = started?.target === target ? started.thread : new ParseThread(nativeBinding(target));
      thread.check();
      const native = oxcBackend('oxc-native', thread, target);
      return {
        ...native,
        // Longer than the parse thread's stack can take at worst: the reference parser, which fails cleanly.
        parse: (text, jsx, sourceType) => (text.length > maxChars ? loadTypescriptEstree().parse(text, jsx, sourceType) : native.parse(text, jsx, sourceType)),
      };
    } catch (error) {
      reasons.push(`${target}: ${firstLine(error)}`);
    }
  }
  throw new ParserUnavailable(`no native oxc binding for ${process.platform}-${process.arch} (${reasons.join('; ')})`);
}

function loadWasm(): Backend {
  const beside = join(__dirname, 'oxc-wasm', 'parser.wasi.cjs');
  const id = existsSync(beside) ? beside : '@oxc-parser/binding-wasm32-wasi';
  // Node prints "WASI is an experimental feature" when the binding sets up WASI: not for our users.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(typeof warning === 'string' ? warning : warning.message).includes('WASI')) (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return oxcBackend('oxc-wasm', load(id) as OxcBinding, 'WebAssembly');
  } catch (error) {
    throw new ParserUnavailable(`the oxc WebAssembly binding did not load (${firstLine(error)})`);
  } finally {
    process.emitWarning = emitWarning;
  }
}

let typescriptEstree: Backend | undefined;

function loadTypescriptEstree(): Backend {
  if (typescriptEstree) return typescriptEstree;
  // In the bundles `./typescriptEstree` is the separate file dist/typescript-estree.js (scripts/build.mjs).
  const { parse, version } = require('./typescriptEstree') as typeof import('./typescriptEstree');
  return (typescriptEstree = {
    name: 'typescript-estree',
    description: `@typescript-eslint/typescript-estree ${version}`,
    notLoaded: [],
    parse: (text, jsx, sourceType) => parse(text, { range: true, loc: false, comment: false, tokens: false, jsx, errorOnUnknownASTType: false, sourceType }),
  });
}

/** Each loader runs at most once per thread; a failure is remembered too. */
function once(loader: () => Backend): () => Backend {
  let result: { backend: Backend } | { error: unknown } | undefined;
  return () => {
    if (!result) {
      try {
        result = { backend: loader() };
      } catch (error) {
        result = { error };
      }
    }
    if ('error' in result) throw result.error;
    return result.backend;
  };
}

const LOADERS: Record<ParserName, () => Backend> = { 'oxc-native': once(loadNative), 'oxc-wasm': once(loadWasm), 'typescript-estree': loadTypescriptEstree };

let backend: Backend | undefined;
let forced: ParserName | undefined;

function current(): Backend {
  if (backend) return backend;
  const wanted = forced ?? requestedByEnvironment();
  if (wanted) return (backend = LOADERS[wanted]());
  const notLoaded: string[] = [];
  for (const name of PARSER_NAMES) {
    try {
      return (backend = { ...LOADERS[name](), notLoaded });
    } catch (error) {
      notLoaded.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new ParserUnavailable(`no JavaScript/TypeScript parser loaded: ${notLoaded.join('; ')}`);
}

function requestedByEnvironment(): ParserName | undefined {
  const name = process.env.WARDEN_PARSER;
  if (!name) return undefined;
  if (!(PARSER_NAMES as readonly string[]).includes(name)) throw new ParserUnavailable(`WARDEN_PARSER=${name} is not one of ${PARSER_NAMES.join(', ')}`);
  return name as ParserName;
}

/** Parses a whole file (typescript-estree's tree shape, ranges only). Throws on a syntax error. */
export function parse(text: string, jsx: boolean, sourceType?: 'module'): TSESTree.Program {
  return current().parse(text, jsx, sourceType);
}

/** The parser this thread uses (loading it if no file was parsed yet). Throws if none loads. */
export function parserInUse(): ParserInfo {
  const { name, description, notLoaded } = current();
  return { name, description, notLoaded };
}

/** For tests and benchmarks: use this parser from now on in this thread (undefined: choose again). */
export function useParser(name: ParserName | undefined): void {
  forced = name;
  backend = undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
