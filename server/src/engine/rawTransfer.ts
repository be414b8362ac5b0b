import { endianness } from 'node:os';
import type { TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * oxc's raw transfer, arranged for Warden's parse thread. oxc's default hand-over serialises the tree
 * to a JSON string in Rust; for a 1 MB file that is about 20 MB of JSON, copied across threads, parsed
 * by `JSON.parse`, then collected (most of a second of CPU). With raw transfer, Rust writes its AST into
 * a buffer JavaScript can see, and oxc's generated deserialiser builds the ESTree objects straight from
 * it (a third of the CPU, measured in `docs/engineering.md`).
 *
 * oxc's own raw-transfer entry point parses on the calling thread, which Warden cannot do on a thread
 * with the default stack (a deeply nested file would overflow it: see parseThread.ts; `warden scan`'s
 * workers have the parse thread's stack and parse on themselves, parser.ts `inlineRaw`). So the buffer is a
 * `SharedArrayBuffer`: the analysing thread writes the source text into it, the parse thread runs the
 * native `parseRawSync` on the same memory, and the analysing thread deserialises from it. The tree
 * never crosses threads, and neither does the text.
 *
 * The buffer is 6 GiB of address space (oxc needs a 2 GiB block aligned on 4 GiB), of which only what
 * a parse touches becomes memory: about 20 MB for a 1 MB file, kept for the next parse. Before Node 22
 * (and on 32-bit or big-endian machines) the parse thread keeps the JSON hand-over: Node 20.20 does
 * allocate the buffer, but refuses a typed array over 4 GiB (the view of all of it that the parse
 * thread gives oxc's `getBufferOffset`), and with a one-byte view instead, raw transfer on the CLI's
 * scan threads measured about 5% more CPU than JSON there (docs/engineering.md, ninth session).
 */

/** Why raw transfer cannot run in this process, or undefined when it can be tried. */
export function rawTransferUnsupported(version: string = process.version, arch: string = process.arch, order: string = endianness()): string | undefined {
  const major = Number(/^v(\d+)\./.exec(version)?.[1] ?? 0);
  if (major < 22) return `Warden uses it from Node 22 on; this is ${version}`;
  if (!['x64', 'arm64', 'ppc64', 'riscv64', 'loong64'].includes(arch)) return `raw transfer needs a 64-bit machine (this is ${arch})`;
  if (order !== 'LE') return 'raw transfer needs a little-endian machine';
  return undefined;
}

/**
 * A worker's young generation capped at `mb` where its trees come by raw transfer (Node 22+), where V8
 * lets a worker's grow to 192 MB and a big tree is copied by every scavenge it survives; undefined
 * elsewhere (Node 20 gives a worker 48 MB, and the caps measured no gain there). The analysis worker
 * (`analysisWorker.ts`) and the scan workers (`cli/scanThreads.ts`) each choose their size.
 */
export function rawTransferYoungGeneration(mb: number, rawTransfer: boolean = rawTransferUnsupported() === undefined): { maxYoungGenerationSizeMb: number } | undefined {
  return rawTransfer ? { maxYoungGenerationSizeMb: mb } : undefined;
}

/** The typed-array views oxc's deserialiser reads the buffer through. */
export interface RawBuffer extends Uint8Array {
  int32: Int32Array;
  float64: Float64Array;
}

interface Layout {
  BLOCK_SIZE: number;
  BLOCK_ALIGN: number;
  BUFFER_SIZE: number;
  ACTIVE_SIZE: number;
  IS_TS_FLAG_POS: number;
}

/** What oxc's deserialiser returns: the errors it recovered from have the JSON hand-over's shape. */
export interface RawData {
  program: TSESTree.Program;
  errors: { message: string; labels?: { start: number; end: number }[] }[];
}

type Deserialize = (buffer: RawBuffer, text: string, sourceStart: number, sourceByteLength: number) => RawData;

let modules: { layout: Layout; deserialize: Deserialize } | undefined;

/**
 * oxc's layout constants and its TypeScript deserialiser without `range` arrays (Warden parses every
 * file as TypeScript, see parser.ts; the rules read `start`/`end`, see tree.ts). They are ES modules: the bundles carry them converted; unbundled (the
 * unit tests) they load through `require` of ES modules, which Node 22.12 and later can do.
 */
function rawModules(): { layout: Layout; deserialize: Deserialize } {
  return (modules ??= {
    layout: require('oxc-parser/src-js/generated/constants.js') as Layout,
    deserialize: (require('oxc-parser/src-js/generated/deserialize/ts.js') as { deserialize: Deserialize }).deserialize,
  });
}

/** The shared buffer of one parse thread, and how to put a text in and take a tree out. */
export class RawTransfer {
  readonly shared: SharedArrayBuffer;
  private readonly layout: Layout;
  private readonly deserializer: Deserialize;
  private buffer: RawBuffer | undefined;
  private readonly encoder = new TextEncoder();

  constructor() {
    const { layout, deserialize } = rawModules();
    this.layout = layout;
    this.deserializer = deserialize;
    // Address space only; the pages a parse touches become memory.
    this.shared = new SharedArrayBuffer(layout.BLOCK_SIZE + layout.BLOCK_ALIGN);
  }

  get blockSize(): number {
    return this.layout.BLOCK_SIZE;
  }

  /** `offset`: where the parse thread's binding found the 4 GiB-aligned block inside `shared`. */
  attach(offset: number): void {
    const { BUFFER_SIZE } = this.layout;
    const buffer = new Uint8Array(this.shared, offset, BUFFER_SIZE) as RawBuffer;
    buffer.int32 = new Int32Array(this.shared, offset, BUFFER_SIZE / 4);
    buffer.float64 = new Float64Array(this.shared, offset, BUFFER_SIZE / 8);
    this.buffer = buffer;
  }

  /** Writes the text where oxc expects it (the end of the active region); returns its place in UTF-8 bytes. */
  write(text: string): { start: number; length: number } {
    const buffer = this.attached();
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the texts given here are far below the 1 GiB
    // `encodeInto` allows (parseThread's `maxChars`).
    const room = text.length * 3;
    const start = this.layout.ACTIVE_SIZE - room;
    const { read, written } = this.encoder.encodeInto(text, buffer.subarray(start, start + room));
    if (read !== text.length) throw new Error('the text did not fit the raw transfer buffer');
    return { start, length: written };
  }

  /** The tree the parse thread just wrote, as plain objects owned by this thread. */
  read(text: string, at: { start: number; length: number }): RawData {
    const buffer = this.attached();
    if (buffer[this.layout.IS_TS_FLAG_POS] === 0) throw new Error('raw transfer: oxc wrote a JavaScript tree, Warden asked for TypeScript');
    return this.deserializer(buffer, text, at.start, at.length);
  }

  private attached(): RawBuffer {
    if (!this.buffer) throw new Error('raw transfer: the parse thread has not attached the buffer');
    return this.buffer;
  }
}
