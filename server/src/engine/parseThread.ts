import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { OxcResult } from './oxcAdapter';
import { RawTransfer, rawTransferUnsupported, type RawData } from './rawTransfer';
import { maxChars, REPLY, REQUEST, spawnParseThread, type SpawnedParseThread } from './parseThreadSpawn';

export { STACK_MB, maxChars } from './parseThreadSpawn';

type Reply = { id: number } & (OxcResult | { failed: string } | { offset: number } | Record<string, never>);

/** The longest a caller waits for one parse (a 2 MB file of the worst shape took about 20 s here). */
const TIMEOUT_MS = 120_000;

export class ParseThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private nextId = 1;
  private raw: RawTransfer | undefined;

  /**
   * `binding`: the resolved path of the native binding (`require.resolve`), loaded by the thread;
   * `spawned`: that thread, when it was already started (by the language server's loader).
   */
  constructor(binding: string, spawned: SpawnedParseThread = spawnParseThread(binding)) {
    this.worker = spawned.worker;
    this.port = spawned.port;
    this.flag = spawned.flag;
  }

  /** Parses with oxc's JSON hand-over: the tree comes back as a JSON string. */
  parseSync(filename: string, text: string, options: Record<string, unknown>): OxcResult {
    if (text.length > maxChars) throw new RangeError(`too long for the parse thread's stack (${text.length} characters)`);
    return this.call({ filename, text, options }) as OxcResult;
  }

  /**
   * Parses, with the JSON hand-over, the text `parts` stand for (see parser.ts `SpacedText`): the
   * thread builds it, so only the kept characters cross over and this thread allocates no string.
   */
  parseSpacedSync(filename: string, parts: (number | string)[], options: Record<string, unknown>): OxcResult {
    return this.call({ filename, parts, options }) as OxcResult;
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
