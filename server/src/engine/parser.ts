import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adaptOxc, SyntaxErrorAt, type OxcResult } from './oxcAdapter';
import { ParseThread, maxChars, sameParts, STACK_MB } from './parseThread';
import { RawTransfer, rawTransferUnsupported } from './rawTransfer';
import { nativeBinding as nativeBindingIn, nativeTargets, takeEarlyParseThread } from './parseThreadSpawn';
import { withOffsets } from './tree';

export { nativeTargets };

/**
 * The one parser module: every JavaScript and TypeScript parse in Warden (editor, CLI, workspace scan)
 * goes through `parse` here. It uses oxc's native binding when one loads for this platform, else oxc's
 * WebAssembly binding, else typescript-estree (the reference parser the rules were written against).
 * Which one runs is decided once per thread, on the first parse, and reported by `parserInUse`
 * (`warden --version`, the server's log). `WARDEN_PARSER` (or `useParser`, for tests) names one.
 * The native binding hands its tree over by raw transfer where the running Node allows it (22 or
 * later: VS Code's extension host; see rawTransfer.ts), else as JSON; the description says which, and
 * `WARDEN_OXC_TRANSFER=json|raw` asks for one.
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
  /** e.g. `oxc-parser 0.156.0 (linux-x64-gnu, raw transfer)`. */
  description: string;
  /** Why the parsers before it did not load (empty when the first choice loaded). */
  notLoaded: string[];
  /**
   * For the native binding, how the tree reaches JavaScript: `raw` (shared buffer, Node 22 or later,
   * see rawTransfer.ts) or `json` (a JSON string), with the reason raw transfer is not used.
   */
  transfer?: { kind: OxcTransfer; why?: string };
}

/** How the native binding hands its tree over; `WARDEN_OXC_TRANSFER` (or `useParser`, for tests) names one. */
export type OxcTransfer = 'raw' | 'json';

interface Backend {
  name: ParserName;
  notLoaded: string[];
  info(): Omit<ParserInfo, 'notLoaded'>;
  parse(text: string, jsx: boolean, sourceType?: 'module'): TSESTree.Program;
  /** `parse` of `joinSpaced(parts)`, the text built where the parse runs; absent: joined here and parsed. */
  parseSpaced?(parts: SpacedText, jsx: boolean, sourceType?: 'module'): TSESTree.Program;
  /** Starts the parse the next `parse` of the same text will ask for (see `startParse`); absent where parses run on this thread. */
  start?(text: string, jsx: boolean, sourceType?: 'module'): void;
  /** Starts the parse the next `parseSpaced` of the same parts will ask for (see `startParseSpaced`). */
  startSpaced?(parts: SpacedText, jsx: boolean, sourceType?: 'module'): void;
}

/**
 * A text given as its parts: a number is that many spaces, a string itself. The incremental re-parse's
 * region is mostly blank (the file's length, with a few hundred characters kept): as parts, the JSON
 * hand-over sends only those characters, and the string is built on the parse thread.
 */
export type SpacedText = (number | string)[];

/** The text `parts` stand for. */
export function joinSpaced(parts: SpacedText): string {
  let text = '';
  for (const part of parts) text += typeof part === 'number' ? blank(part) : part;
  return text;
}

function spacedLength(parts: SpacedText): number {
  let length = 0;
  for (const part of parts) length += typeof part === 'number' ? part : part.length;
  return length;
}

let blanks = '';

/** `n` spaces, sliced from one kept string of spaces. */
function blank(n: number): string {
  if (n > blanks.length) blanks = ' '.repeat(Math.max(n, 2 * blanks.length, 1024));
  return blanks.slice(0, n);
}

/** A parser that does not load here; the message says which and why. */
export class ParserUnavailable extends Error {}

const OXC_VERSION = (require('oxc-parser/package.json') as { version: string }).version;

interface OxcBinding {
  parseSync(filename: string, text: string, options: Record<string, unknown>): OxcResult;
}

/** oxc's options for a file: typescript-estree reads every file as TypeScript (TSX where JSX is allowed); so does this. */
function oxcOptions(jsx: boolean, sourceType: 'module' | undefined): { filename: string; options: Record<string, unknown> } {
  const lang = jsx ? 'tsx' : 'ts';
  return { filename: `file.${lang}`, options: { lang, sourceType: sourceType ?? 'unambiguous', astType: 'ts', range: false, preserveParens: false } };
}

function oxcWasmBackend(binding: OxcBinding): Backend {
  return {
    name: 'oxc-wasm',
    notLoaded: [],
    info: () => ({ name: 'oxc-wasm', description: `oxc-parser ${OXC_VERSION} (WebAssembly)` }),
    parse(text, jsx, sourceType) {
      const { filename, options } = oxcOptions(jsx, sourceType);
      return adaptOxc(binding.parseSync(filename, text, options), text);
    },
  };
}

// `require` through a variable: the bundler leaves these to run time instead of bundling them.
const load = (id: string): unknown => require(id);

function nativeBinding(target: string): string {
  return nativeBindingIn(target, __dirname);
}

/** The parse thread `startParser` set going, for the first `loadNative` to take. */
let started: { target: string; thread: ParseThread } | undefined;

/**
 * Starts the native parse thread without waiting for it, so that it loads on another core while the
 * caller (the language server, at start-up) does the rest of its work; the first parse then finds it
 * ready. Does nothing when another parser is asked for or one is already in use.
 */
export function startParser(): void {
  if (backend || started || forced || (process.env.WARDEN_PARSER && process.env.WARDEN_PARSER !== 'oxc-native')) return;
  // The loader (dist/server.js) may have started it before loading this bundle.
  const early = takeEarlyParseThread();
  if (early) {
    started = { target: early.target, thread: new ParseThread(early.binding, early) };
    return;
  }
  for (const target of nativeTargets()) {
    try {
      started = { target, thread: new ParseThread(nativeBinding(target)) };
      return;
    } catch {
      // not for this target: `loadNative` tries each again and says why
    }
  }
}

/**
 * The native binding on its parse thread, handing trees over by raw transfer where this Node can
 * (`transfer` undefined: raw if possible, else JSON; `raw`: raw or fail; `json`: JSON).
 */
function loadNative(transfer: OxcTransfer | undefined): Backend {
  const reasons: string[] = [];
  for (const target of nativeTargets()) {
    try {
      // On a thread with the parse thread's stack, parse right here, by raw transfer where this Node can.
      if (stackForNativeParse) {
        const notRaw = transfer === 'json' ? 'WARDEN_OXC_TRANSFER=json' : rawTransferUnsupported() ?? inlineRawUnsupported(target);
        if (notRaw === undefined) return inlineRaw(target);
        if (transfer === 'raw') throw new ParserUnavailable(notRaw);
        return inlineNative(target, notRaw);
      }
      // On a thread of its own (see parseThread.ts); `check` proves the binding loads there.
      let thread: ParseThread;
      // With raw transfer, the text `startSpaced` joined, for the `parseSpaced` of the same parts.
      let joined: { parts: SpacedText; text: string } | undefined;
      if (started?.target === target) {
        thread = started.thread;
        started = undefined;
      } else {
        thread = new ParseThread(nativeBinding(target));
      }
      thread.check();
      const notRaw = transfer === 'json' ? `WARDEN_OXC_TRANSFER=json` : thread.enableRawTransfer();
      if (transfer === 'raw' && notRaw) throw new ParserUnavailable(notRaw);
      return {
        name: 'oxc-native',
        notLoaded: [],
        info: () => {
          // A parse thread that timed out drops raw transfer (parseThread.ts): said here as it happens.
          const kind = thread.rawTransfer ? 'raw' : 'json';
          const why = thread.rawTransfer ? undefined : notRaw ?? 'raw transfer stopped after the parse thread timed out';
          return { name: 'oxc-native', description: `oxc-parser ${OXC_VERSION} (${target}, ${kind === 'raw' ? 'raw transfer' : 'JSON transfer'})`, transfer: { kind, why } };
        },
        parse(text, jsx, sourceType) {
          // Longer than the parse thread's stack can take at worst: the reference parser, which fails cleanly.
          if (text.length > maxChars) return loadTypescriptEstree().parse(text, jsx, sourceType);
          const { filename, options } = oxcOptions(jsx, sourceType);
          return adaptOxc(thread.rawTransfer ? thread.parseRaw(filename, text, options) : thread.parseSync(filename, text, options), text);
        },
        start(text, jsx, sourceType) {
          if (text.length > maxChars) return;
          const { filename, options } = oxcOptions(jsx, sourceType);
          thread.start(filename, text, options);
        },
        startSpaced(parts, jsx, sourceType) {
          if (spacedLength(parts) > maxChars) return;
          if (thread.rawTransfer) {
            // The text is written into the shared buffer now; `parseSpaced` of the same parts reuses it.
            joined = { parts, text: joinSpaced(parts) };
            this.start!(joined.text, jsx, sourceType);
            return;
          }
          const { filename, options } = oxcOptions(jsx, sourceType);
          thread.startSpaced(filename, parts, options);
        },
        parseSpaced(parts, jsx, sourceType) {
          // Raw transfer reads the text here anyway (the deserialiser slices strings from it).
          if (thread.rawTransfer || spacedLength(parts) > maxChars) {
            const text = joined && sameParts(joined.parts, parts) ? joined.text : joinSpaced(parts);
            joined = undefined;
            return this.parse(text, jsx, sourceType);
          }
          const { filename, options } = oxcOptions(jsx, sourceType);
          return adaptOxc(thread.parseSpacedSync(filename, parts, options), () => joinSpaced(parts));
        },
      };
    } catch (error) {
      if (error instanceof ParserUnavailable) throw error;
      reasons.push(`${target}: ${firstLine(error)}`);
    }
  }
  throw new ParserUnavailable(`no native oxc binding for ${process.platform}-${process.arch} (${reasons.join('; ')})`);
}

/**
 * The native binding called on this thread, handing its tree over as JSON (`why`: why not raw). Only
 * for a thread started with the parse thread's stack (`parseOnThisThread`), so a deeply nested file
 * cannot overflow it: no parse thread, no copy of the text and the JSON string between threads.
 */
function inlineNative(target: string, why: string): Backend {
  const binding = load(nativeBinding(target)) as OxcBinding;
  binding.parseSync('check.ts', '0', { lang: 'ts' });
  return {
    name: 'oxc-native',
    notLoaded: [],
    info: () => ({ name: 'oxc-native', description: `oxc-parser ${OXC_VERSION} (${target}, JSON transfer, on this thread)`, transfer: { kind: 'json', why } }),
    parse(text, jsx, sourceType) {
      if (text.length > maxChars) return loadTypescriptEstree().parse(text, jsx, sourceType);
      const { filename, options } = oxcOptions(jsx, sourceType);
      return adaptOxc(binding.parseSync(filename, text, options), text);
    },
  };
}

interface OxcRawBinding extends OxcBinding {
  rawTransferSupported?(): boolean;
  getBufferOffset(buffer: Uint8Array): number;
  parseRawSync(filename: string, block: Uint8Array, sourceStart: number, sourceLength: number, options: Record<string, unknown>): void;
}

/** Why the native binding cannot hand trees over by raw transfer on this thread, or undefined when it can. */
function inlineRawUnsupported(target: string): string | undefined {
  const binding = load(nativeBinding(target)) as Partial<OxcRawBinding>;
  return binding.rawTransferSupported?.() && binding.getBufferOffset && binding.parseRawSync ? undefined : 'this binding cannot do raw transfer here';
}

/**
 * The native binding called on this thread with raw transfer (Node 22 or later): oxc writes its tree into a
 * buffer this thread deserialises, as with a parse thread (rawTransfer.ts), without the thread, its start
 * and a round trip per parse. Only for a thread with the parse thread's stack (`parseOnThisThread`).
 */
function inlineRaw(target: string): Backend {
  const binding = load(nativeBinding(target)) as OxcRawBinding;
  const raw = new RawTransfer();
  const offset = binding.getBufferOffset(new Uint8Array(raw.shared));
  const block = new Uint8Array(raw.shared, offset, raw.blockSize);
  raw.attach(offset);
  const parseRaw = (filename: string, text: string, options: Record<string, unknown>) => {
    const at = raw.write(text);
    binding.parseRawSync(filename, block, at.start, at.length, options);
    return raw.read(text, at);
  };
  parseRaw('check.ts', '0', { lang: 'ts' });
  return {
    name: 'oxc-native',
    notLoaded: [],
    info: () => ({ name: 'oxc-native', description: `oxc-parser ${OXC_VERSION} (${target}, raw transfer, on this thread)`, transfer: { kind: 'raw' } }),
    parse(text, jsx, sourceType) {
      if (text.length > maxChars) return loadTypescriptEstree().parse(text, jsx, sourceType);
      const { filename, options } = oxcOptions(jsx, sourceType);
      return adaptOxc(parseRaw(filename, text, options), text);
    },
  };
}

/** Set by `parseOnThisThread`: this thread's stack is the parse thread's (`STACK_MB`). */
let stackForNativeParse = false;

/**
 * For a worker thread started with `resourceLimits: { stackSizeMb: STACK_MB }` (the scan's analysis
 * threads): its stack takes oxc's deepest recursion as the parse thread's does, so the native binding is
 * called on it directly instead of on a parse thread of its own, by raw transfer where this Node can
 * (`inlineRaw`), else with the JSON hand-over (`inlineNative`). Call before the first parse.
 */
export function parseOnThisThread(): void {
  if (!backend) stackForNativeParse = true;
}

/** The stack, in MB, a thread needs for `parseOnThisThread`. */
export const NATIVE_PARSE_STACK_MB = STACK_MB;

function loadWasm(): Backend {
  const beside = join(__dirname, 'oxc-wasm', 'parser.wasi.cjs');
  const id = existsSync(beside) ? beside : '@oxc-parser/binding-wasm32-wasi';
  // Node prints "WASI is an experimental feature" when the binding sets up WASI: not for our users.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(typeof warning === 'string' ? warning : warning.message).includes('WASI')) (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return oxcWasmBackend(load(id) as OxcBinding);
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
    info: () => ({ name: 'typescript-estree', description: `@typescript-eslint/typescript-estree ${version}` }),
    notLoaded: [],
    parse: (text, jsx, sourceType) => withOffsets(parse(text, { range: true, loc: false, comment: false, tokens: false, jsx, errorOnUnknownASTType: false, sourceType })),
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

const NATIVE: Record<OxcTransfer | 'auto', () => Backend> = { auto: once(() => loadNative(undefined)), raw: once(() => loadNative('raw')), json: once(() => loadNative('json')) };

const LOADERS: Record<ParserName, () => Backend> = {
  'oxc-native': () => NATIVE[forcedTransfer ?? transferByEnvironment() ?? 'auto'](),
  'oxc-wasm': once(loadWasm),
  'typescript-estree': loadTypescriptEstree,
};

let backend: Backend | undefined;
let forced: ParserName | undefined;
let forcedTransfer: OxcTransfer | undefined;

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

function transferByEnvironment(): OxcTransfer | undefined {
  const kind = process.env.WARDEN_OXC_TRANSFER;
  if (!kind) return undefined;
  if (kind !== 'raw' && kind !== 'json') throw new ParserUnavailable(`WARDEN_OXC_TRANSFER=${kind} is not one of raw, json`);
  return kind;
}

function requestedByEnvironment(): ParserName | undefined {
  const name = process.env.WARDEN_PARSER;
  if (!name) return undefined;
  if (!(PARSER_NAMES as readonly string[]).includes(name)) throw new ParserUnavailable(`WARDEN_PARSER=${name} is not one of ${PARSER_NAMES.join(', ')}`);
  return name as ParserName;
}

/**
 * oxc's errors that the reference parser does not raise while parsing: a regular expression literal's
 * flags (`/a/gg`, or a path pasted after a `{`, `/Users/name/…`). TypeScript's scanner reads any
 * identifier characters as flags and leaves judging them to the type checker; the literal's value is
 * null, as for any regular expression this Node cannot build. oxc stops the literal at the bad flag and
 * its recovered tree is broken ("Unexpected token" follows), so such a file is parsed again by the
 * reference parser, and its tree is used when it parses.
 */
const REFERENCE_TOLERATES = /\bin regular expression literal$|^Flag \S+ is mentioned twice in regular expression literal/;

/** Parses a whole file (typescript-estree's tree shape, ranges only). Throws on a syntax error. */
export function parse(text: string, jsx: boolean, sourceType?: 'module'): TSESTree.Program {
  const chosen = current();
  try {
    return chosen.parse(text, jsx, sourceType);
  } catch (error) {
    if (chosen.name === 'typescript-estree' || !(error instanceof SyntaxErrorAt) || !REFERENCE_TOLERATES.test(error.message)) throw error;
    try {
      return loadTypescriptEstree().parse(text, jsx, sourceType);
    } catch {
      throw error; // oxc's message, which names the first error
    }
  }
}

/**
 * Starts parsing `text` on the parse thread without waiting: the `parse` of the same text (and `jsx`,
 * `sourceType`) that follows on this thread takes the result, so the parse runs on another core while
 * this thread does other work first (a big file's text rules). Any other parse first waits for this one
 * and drops it, so the trees are the same either way. Does nothing where parses run on this thread
 * (WebAssembly, typescript-estree, the native binding called here) or when no parser loads (the parse
 * that follows says why).
 */
export function startParse(text: string, jsx: boolean, sourceType?: 'module'): void {
  loaded()?.start?.(text, jsx, sourceType);
}

/** Whether `startParse` and `startParseSpaced` start anything here (a parse thread: the native binding), so a caller can skip working out what to start. */
export function parsesAhead(): boolean {
  return loaded()?.start !== undefined;
}

/** The parser in use, or undefined when none loads (the parse that follows says why). */
function loaded(): Backend | undefined {
  try {
    return current();
  } catch {
    return undefined;
  }
}

/**
 * `startParse` for `parseSpaced`: starts parsing the text `parts` stand for on the parse thread without
 * waiting; the `parseSpaced` of the same parts (and `jsx`, `sourceType`) that follows takes the result.
 * The incremental re-parse's region is known before the text rules run (reparse.ts `startReparse`), so
 * the parse thread parses it while this thread runs them. Does nothing where parses run on this thread.
 */
export function startParseSpaced(parts: SpacedText, jsx: boolean, sourceType?: 'module'): void {
  loaded()?.startSpaced?.(parts, jsx, sourceType);
}

/**
 * `parse(joinSpaced(parts), jsx, sourceType)`, with the same tree and the same errors; the native
 * binding's JSON hand-over builds the text on its parse thread, so this thread does not allocate it.
 */
export function parseSpaced(parts: SpacedText, jsx: boolean, sourceType?: 'module'): TSESTree.Program {
  const chosen = current();
  if (!chosen.parseSpaced) return parse(joinSpaced(parts), jsx, sourceType);
  try {
    return chosen.parseSpaced(parts, jsx, sourceType);
  } catch (error) {
    if (!(error instanceof SyntaxErrorAt) || !REFERENCE_TOLERATES.test(error.message)) throw error;
    return parse(joinSpaced(parts), jsx, sourceType); // the reference parser's turn, as `parse` gives it
  }
}

/** The parser this thread uses (loading it if no file was parsed yet). Throws if none loads. */
export function parserInUse(): ParserInfo {
  const chosen = current();
  return { ...chosen.info(), notLoaded: chosen.notLoaded };
}

/**
 * For tests and benchmarks: use this parser from now on in this thread (undefined: choose again);
 * `transfer`, for the native binding: hand trees over this way (undefined: raw where this Node can).
 */
export function useParser(name: ParserName | undefined, transfer?: OxcTransfer): void {
  forced = name;
  forcedTransfer = transfer;
  backend = undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
