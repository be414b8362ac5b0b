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
  /** JSON parses sent ahead (`prefetch`), oldest first, not yet taken by `parseSync`. */
  private readonly ahead: { id: number; filename: string; text: string; options: string }[] = [];
  /** Answers to parses sent ahead that came while the caller waited for another. */
  private readonly early = new Map<number, Reply>();

  /**
   * `binding`: the resolved path of the native binding (`require.resolve`), loaded by the thread;
   * `spawned`: that thread, when it was already started (by the language server's loader).
   */
  constructor(binding: string, spawned: SpawnedParseThread = spawnParseThread(binding)) {
    this.worker = spawned.worker;
    this.port = spawned.port;
    this.flag = spawned.flag;
  }

  /**
   * Parses with oxc's JSON hand-over: the tree comes back as a JSON string. A parse of the same
   * filename, text and options sent ahead (`prefetch`) is not sent again: its answer is taken, and
   * parses sent ahead of it that nobody asked for are dropped.
   */
  parseSync(filename: string, text: string, options: Record<string, unknown>): OxcResult {
    if (text.length > maxChars) throw new RangeError(`too long for the parse thread's stack (${text.length} characters)`);
    if (this.ahead.length > 0) {
      const key = JSON.stringify(options);
      const at = this.ahead.findIndex((a) => a.text === text && a.filename === filename && a.options === key);
      if (at >= 0) {
        const passed = this.ahead.splice(0, at + 1);
        const taken = passed.pop()!;
        for (const dropped of passed) this.early.delete(dropped.id);
        return this.wait(taken.id) as OxcResult;
      }
    }
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
   * Sends a JSON parse without waiting for it, so the thread parses while the caller does other work;
   * `parseSync` with the same arguments takes the answer. The caller sends in the order it will ask.
   * Nothing is sent (false) in raw transfer (one shared buffer) or for a text `parseSync` would refuse.
   */
  prefetch(filename: string, text: string, options: Record<string, unknown>): boolean {
    if (this.raw || text.length > maxChars) return false;
    this.ahead.push({ id: this.send({ filename, text, options }), filename, text, options: JSON.stringify(options) });
    return true;
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
    return this.wait(this.send(message));
  }

  /** Sends one message to the thread (which answers messages in the order sent); returns its id. */
  private send(message: Record<string, unknown>): number {
    const id = this.nextId++;
    this.port.postMessage({ id, ...message });
    Atomics.store(this.flag, REQUEST, 1);
    Atomics.notify(this.flag, REQUEST);
    return id;
  }

  /**
   * Waits for the answer to message `id`, synchronously. The thread answers every message, also when
   * its binding failed to load. Answers to parses still sent ahead are kept for their `parseSync`;
   * any other (a late answer to an abandoned call, a parse sent ahead and dropped) is skipped. While
   * this thread waits, it cannot see the worker's events.
   */
  private wait(id: number): Reply {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      let reply = this.early.get(id);
      if (reply) this.early.delete(id);
      // The flag is cleared before the port is read: an answer posted after the read raises it again.
      Atomics.store(this.flag, REPLY, 0);
      while (!reply && (reply = receiveMessageOnPort(this.port)?.message as Reply | undefined)) {
        if (reply.id === id) break;
        const other = reply.id;
        if (this.ahead.some((a) => a.id === other)) this.early.set(other, reply);
        reply = undefined;
      }
      if (reply) {
        if ('failed' in reply) throw new Error(reply.failed as string);
        return reply;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        // It may still be writing into the shared buffer: that buffer is never read again.
        this.raw = undefined;
        throw new Error('the parse thread did not answer in time');
      }
      Atomics.wait(this.flag, REPLY, 0, left);
    }
  }

  /** Waits for the thread's first answer, so a binding that cannot load fails here, not mid-analysis. */
  check(): void {
    this.parseSync('check.ts', '0', { lang: 'ts' });
  }
}
