import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/*
 * Starting oxc's parse thread (see parseThread.ts), kept apart from everything else so that the
 * language server's loader (dist/server.js, serverEntry.ts) can start the thread before it reads and
 * runs the 2.5 MB server bundle: the thread's Node and the native binding then load on another core
 * while the main thread loads the server, and the first parse finds the thread ready.
 */

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

/** The shared flag's slots: the thread's answer is ready; a request waits for the thread. */
export const REPLY = 0;
export const REQUEST = 1;

// The thread's code, run from a string so every bundle carries it without a file of its own. A message
// is a parse (JSON transfer: the text goes in, the tree comes back as a JSON string), a raw parse (the
// text is already in the shared buffer; the tree is written there, nothing comes back but the id) or
// a new shared buffer (`shared`: the thread answers with the offset of its 4 GiB-aligned block). A JSON
// parse's text may come as its parts (`parts`: a number is that many spaces), built here.
const THREAD_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { port, signal, binding } = workerData;
const flag = new Int32Array(signal);
let parser, loadError, block, blanks = '';
try { parser = require(binding); } catch (error) { loadError = error; }
function answer({ id, filename, text, parts, options, raw, shared, blockSize }) {
  let reply;
  try {
    if (loadError) throw loadError;
    if (parts) {
      text = '';
      for (const part of parts) {
        if (typeof part === 'number' && part > blanks.length) blanks = ' '.repeat(Math.max(part, 2 * blanks.length, 1024));
        text += typeof part === 'number' ? blanks.slice(0, part) : part;
      }
    }
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
// Not the event loop: the thread sleeps on the request slot itself, which the caller's notify wakes
// directly (a message event first woke libuv, then ran the handler: 0.3-0.4 ms median after a pause).
for (;;) {
  Atomics.wait(flag, ${REQUEST}, 0);
  Atomics.store(flag, ${REQUEST}, 0);
  let m;
  while ((m = receiveMessageOnPort(port))) answer(m.message);
}
`;

/** A parse thread as started: the thread, the port it answers on, and the flag it raises when it has. */
export interface SpawnedParseThread {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/** Starts a parse thread that loads `binding` (a resolved path). Idle, it never keeps the process alive. */
export function spawnParseThread(binding: string): SpawnedParseThread {
  const flag = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { port: port2, signal: flag.buffer, binding },
    transferList: [port2],
    resourceLimits: { stackSizeMb: STACK_MB },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  port1.unref();
  return { worker, port: port1, flag };
}

/** The platform names oxc publishes a native binding under, for this process. */
export function nativeTargets(platform: string = process.platform, arch: string = process.arch): string[] {
  if (platform === 'linux') return arch === 'arm' ? ['linux-arm-gnueabihf', 'linux-arm-musleabihf'] : [`linux-${arch}-gnu`, `linux-${arch}-musl`];
  if (platform === 'win32') return [`win32-${arch}-msvc`];
  return [`${platform}-${arch}`];
}

/** The native binding for `target`: beside the bundles in `dir` (the .vsix), else the npm package. */
export function nativeBinding(target: string, dir: string): string {
  const beside = join(dir, 'oxc', `parser.${target}.node`);
  return existsSync(beside) ? beside : require.resolve(`@oxc-parser/binding-${target}`);
}

/** Where the loader leaves the thread it started, for the server bundle's `startParser` to take. */
const EARLY = Symbol.for('warden.earlyParseThread');

interface EarlyParseThread extends SpawnedParseThread {
  target: string;
  binding: string;
}

/**
 * Called by the loader before it loads the server bundle (`dir`: where both are): starts the native
 * parse thread unless another parser is asked for (`WARDEN_PARSER`) or no binding is found for this
 * platform (the server then says why, as before).
 */
export function startParseThreadEarly(dir: string): void {
  if (process.env.WARDEN_PARSER && process.env.WARDEN_PARSER !== 'oxc-native') return;
  for (const target of nativeTargets()) {
    try {
      const binding = nativeBinding(target, dir);
      (globalThis as Record<symbol, unknown>)[EARLY] = { target, binding, ...spawnParseThread(binding) } satisfies EarlyParseThread;
      return;
    } catch {
      // not for this target
    }
  }
}

/** The thread the loader started, once (undefined when it started none, or it was taken). */
export function takeEarlyParseThread(): EarlyParseThread | undefined {
  const holder = globalThis as Record<symbol, EarlyParseThread | undefined>;
  const early = holder[EARLY];
  delete holder[EARLY];
  return early;
}
