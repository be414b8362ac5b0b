import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { OxcResult } from './oxcAdapter';
import { RawTransfer, rawTransferUnsupported, type RawData } from './rawTransfer';

/**
 * oxc's native parser recurses on nesting, and a native stack overflow is not an exception: it kills the
 * process. Measured here: `[[[…]]]` 8,000 deep crashed Node's main thread (8 MB stack), 3,000 deep a
 * worker thread with the default 4 MB; about 1.3 KB of stack per level. A hostile file of 16 KB would
 * take the language server down. So the native parse runs on one thread of its own whose stack is
 * sized for the deepest file it is given (`STACK_MB`; 2 GB of address space, touched only as deep as a
 * file goes: `[[[…]]]` 1,000,000 deep parsed in it), and the caller waits for it synchronously (a
 * shared flag and `receiveMessageOnPort`: about 0.1 ms a call). A file that could nest deeper than that
 * stack allows (`maxChars`) is not given to it.
 */
export const STACK_MB = process.arch === 'x64' || process.arch === 'arm64' || process.arch === 'ppc64' || process.arch === 's390x' || process.arch === 'riscv64' ? 2048 : 256;

/** Stack per nesting level, measured (1.3 KB), with a margin; every level takes at least two characters. */
const BYTES_PER_LEVEL = 2048;

/** The longest text whose deepest possible nesting fits the parse thread's stack. */
export const maxChars = (STACK_MB * 1024 * 1024 * 2) / BYTES_PER_LEVEL;

/** The shared flags' slots: the thread's answer is ready; a request waits for the thread. */
const REPLY = 0;
const REQUEST = 1;

// The thread's code, run from a string so every bundle carries it without a file of its own. A message
// is a parse (JSON transfer: the text goes in, the tree comes back as a JSON string), a raw parse (the
// text is already in the shared buffer; the tree is written there, nothing comes back but the id) or
// a new shared buffer (`shared`: the thread answers with the offset of its 4 GiB-aligned block).
const THREAD_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { port, signal, binding } = workerData;
const flag = new Int32Array(signal);
let parser, loadError, block;
try { parser = require(binding); } catch (error) { loadError = error; }
function answer({ id, filename, text, options, raw, shared, blockSize }) {
  let reply;
  try {
    if (loadError) throw loadError;
    if (shared) {
      if (!parser.rawTransferSupported || !parser.rawTransferSupported()) throw new Error('this binding cannot do raw transfer here');
      const offset = parser.getBufferOffset(new Uint8Array(shared));
      block = new Uint8Array(shared, offset, blockSize);
      reply = { id, offset };
    } else if (raw) {
      parser.parseRawSync(filename, block, raw.start, raw.length, options);
      reply = { id };
    } else {
      const r = parser.parseSync(filename, text, options);
      reply = { id, program: r.program, errors: r.errors.map((e) => ({ message: e.message, labels: e.labels && e.labels.map((l) => ({ start: l.start, end: l.end })) })) };
    }
  } catch (error) {
    reply = { id, failed: String(error && error.message || error) };
  }
  port.postMessage(reply);
  Atomics.store(flag, ${REPLY}, 1);
  Atomics.notify(flag, ${REPLY});
}
// Not the event loop: the thread sleeps on the request flag itself, which the caller's notify wakes
// directly (a message event first woke libuv, then ran the handler: 0.3 ms median after a pause).
for (;;) {
  Atomics.wait(flag, ${REQUEST}, 0);
  Atomics.store(flag, ${REQUEST}, 0);
  let m;
  while ((m = receiveMessageOnPort(port))) answer(m.message);
}
`;

type Reply = { id: number } & (OxcResult | { failed: string } | { offset: number } | Record<string, never>);

/** The longest a caller waits for one parse (a 2 MB file of the worst shape took about 20 s here). */
const TIMEOUT_MS = 120_000;

export class ParseThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private nextId = 1;
  private raw: RawTransfer | undefined;

  /** `binding`: the resolved path of the native binding (`require.resolve`), loaded by the thread. */
  constructor(binding: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { port: port2, signal: this.flag.buffer, binding },
      transferList: [port2],
      resourceLimits: { stackSizeMb: STACK_MB },
      stdout: false,
      stderr: false,
    });
    // Idle, it never keeps the process alive.
    this.worker.unref();
    this.port.unref();
  }

  /** Parses with oxc's JSON hand-over: the tree comes back as a JSON string. */
  parseSync(filename: string, text: string, options: Record<string, unknown>): OxcResult {
    if (text.length > maxChars) throw new RangeError(`too long for the parse thread's stack (${text.length} characters)`);
    const reply = this.call({ filename, text, options });
    return reply as OxcResult;
  }

  /**
   * Switches this thread to raw transfer (see rawTransfer.ts); returns why it cannot, or undefined
   * when it did. Afterwards `parseRaw` works; `parseSync` still does.
   */
  enableRawTransfer(): string | undefined {
    const unsupported = rawTransferUnsupported();
    if (unsupported) return unsupported;
    try {
      const raw = new RawTransfer();
      const reply = this.call({ shared: raw.shared, blockSize: raw.blockSize }) as { offset: number };
      raw.attach(reply.offset);
      this.raw = raw;
      return undefined;
    } catch (error) {
      return `raw transfer did not start (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  get rawTransfer(): boolean {
    return this.raw !== undefined;
  }

  /** Parses with raw transfer: the text goes in and the tree comes out through the shared buffer. */
  parseRaw(filename: string, text: string, options: Record<string, unknown>): RawData {
    if (!this.raw) throw new Error('raw transfer is not enabled on this parse thread');
    if (text.length > maxChars) throw new RangeError(`too long for the parse thread's stack (${text.length} characters)`);
    const at = this.raw.write(text);
    this.call({ filename, raw: at, options });
    return this.raw.read(text, at);
  }

  /** Sends one message and waits for its answer, synchronously. */
  private call(message: Record<string, unknown>): Reply {
    const id = this.nextId++;
    Atomics.store(this.flag, REPLY, 0);
    this.port.postMessage({ id, ...message });
    Atomics.store(this.flag, REQUEST, 1);
    Atomics.notify(this.flag, REQUEST);
    // The thread answers every message, also when its binding failed to load. (While this thread
    // waits, it cannot see the worker's events; a late answer to an abandoned call is skipped below.)
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        // It may still be writing into the shared buffer: that buffer is never read again.
        this.raw = undefined;
        throw new Error('the parse thread did not answer in time');
      }
      Atomics.wait(this.flag, REPLY, 0, left);
      Atomics.store(this.flag, REPLY, 0);
      let reply: Reply | undefined;
      while ((reply = receiveMessageOnPort(this.port)?.message as Reply | undefined)) {
        if (reply.id !== id) continue;
        if ('failed' in reply) throw new Error(reply.failed as string);
        return reply;
      }
    }
  }

  /** Waits for the thread's first answer, so a binding that cannot load fails here, not mid-analysis. */
  check(): void {
    this.parseSync('check.ts', '0', { lang: 'ts' });
  }
}
