import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { OxcResult } from './oxcAdapter';
import { RawTransfer, rawTransferUnsupported, type RawData } from './rawTransfer';
import { maxChars, REPLY, REQUEST, spawnParseThread, type SpawnedParseThread } from './parseThreadSpawn';

export { STACK_MB, maxChars } from './parseThreadSpawn';

type Reply = { id: number } & (OxcResult | { failed: string } | { offset: number } | Record<string, never>);

/** A parse sent by `start`: what it parses, and with raw transfer where its text was written. */
interface Pending {
  id: number;
  kind: 'raw' | 'json' | 'spaced';
  filename: string;
  /** The text parsed ('raw', 'json'), or '' for a text given as its parts ('spaced'). */
  text: string;
  parts?: readonly (number | string)[];
  options: Record<string, unknown>;
  at?: { start: number; length: number };
}

/** Whether two texts given as their parts (see parser.ts `SpacedText`) are the same parts. */
export function sameParts(a: readonly (number | string)[], b: readonly (number | string)[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two option objects (flat: strings, numbers, booleans) say the same. */
function sameOptions(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** The longest a caller waits for one parse (a 2 MB file of the worst shape took about 20 s here). */
const TIMEOUT_MS = 120_000;

export class ParseThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private nextId = 1;
  private raw: RawTransfer | undefined;
  /** The parse `start` sent, not yet taken by a parse call. */
  private pending: Pending | undefined;

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
    const early = this.started('json', filename, text, options);
    return (early !== undefined ? this.wait(early) : this.call({ filename, text, options })) as OxcResult;
  }

  /**
   * Starts the parse `parseSync` (or `parseRaw`, once raw transfer is on) would do, without waiting for
   * it: the thread parses while the caller goes on with other work. The parse call made next with the
   * same filename, text and options takes its result; any other call first waits for it and drops it.
   */
  start(filename: string, text: string, options: Record<string, unknown>): void {
    if (text.length > maxChars) return;
    this.settle();
    if (this.raw) {
      const at = this.raw.write(text);
      this.pending = { id: this.send({ filename, raw: at, options }), kind: 'raw', filename, text, options, at };
    } else {
      this.pending = { id: this.send({ filename, text, options }), kind: 'json', filename, text, options };
    }
  }

  /**
   * Parses, with the JSON hand-over, the text `parts` stand for (see parser.ts `SpacedText`): the
   * thread builds it, so only the kept characters cross over and this thread allocates no string.
   */
  parseSpacedSync(filename: string, parts: (number | string)[], options: Record<string, unknown>): OxcResult {
    const pending = this.pending;
    if (pending?.kind === 'spaced' && pending.filename === filename && sameParts(pending.parts!, parts) && sameOptions(pending.options, options)) {
      this.pending = undefined;
      return this.wait(pending.id) as OxcResult;
    }
    return this.call({ filename, parts, options }) as OxcResult;
  }

  /**
   * `start` for `parseSpacedSync` (JSON hand-over): the thread builds the text from its parts and parses
   * it while the caller goes on; the `parseSpacedSync` that follows with the same parts takes the result.
   */
  startSpaced(filename: string, parts: (number | string)[], options: Record<string, unknown>): void {
    this.settle();
    this.pending = { id: this.send({ filename, parts, options }), kind: 'spaced', filename, text: '', parts, options };
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
    const early = this.started('raw', filename, text, options);
    if (early !== undefined) {
      this.wait(early.id);
      return this.raw.read(text, early.at!);
    }
    const at = this.raw.write(text);
    this.call({ filename, raw: at, options });
    return this.raw.read(text, at);
  }

  /**
   * The parse `start` began, when it is the one now asked for (taken: a later call starts afresh);
   * otherwise undefined, after waiting for any other started parse to end (its answer is dropped).
   */
  private started(kind: 'raw', filename: string, text: string, options: Record<string, unknown>): Pending | undefined;
  private started(kind: 'json', filename: string, text: string, options: Record<string, unknown>): number | undefined;
  private started(kind: 'raw' | 'json', filename: string, text: string, options: Record<string, unknown>): Pending | number | undefined {
    const pending = this.pending;
    if (!pending) return undefined;
    if (pending.kind === kind && pending.filename === filename && pending.text === text && sameOptions(pending.options, options)) {
      this.pending = undefined;
      return kind === 'raw' ? pending : pending.id;
    }
    this.settle();
    return undefined;
  }

  /** Waits for a started parse nobody took, so that its answer (and, with raw transfer, its writes to the buffer) is over. */
  private settle(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    try {
      this.wait(pending.id);
    } catch {
      // a started parse that failed or timed out matters to nobody; a timeout already dropped raw transfer
    }
  }

  /** Sends one message and waits for its answer, synchronously. */
  private call(message: Record<string, unknown>): Reply {
    this.settle();
    return this.wait(this.send(message));
  }

  /** Sends one message to the thread; returns its id, for `wait`. */
  private send(message: Record<string, unknown>): number {
    const id = this.nextId++;
    Atomics.store(this.flag, REPLY, 0);
    this.port.postMessage({ id, ...message });
    Atomics.store(this.flag, REQUEST, 1);
    Atomics.notify(this.flag, REQUEST);
    return id;
  }

  /** Waits for the answer to message `id`, synchronously (answers to earlier messages are skipped). */
  private wait(id: number): Reply {
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
