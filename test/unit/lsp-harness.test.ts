import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { StreamMessageReader } from 'vscode-jsonrpc/node';
import { quietReader } from '../helpers/lsp';

/** vscode-jsonrpc's reader internals this test reads (not part of its typed API). */
interface ReaderState { nextMessageLength: number; partialMessageTimer?: unknown; clearPartialMessageTimer(): void; dispose(): void }

/** The test harness itself: a connection closed mid-message must not keep the test process alive. */
describe('LSP test harness', () => {
  const readHalf = async (make: (s: PassThrough) => StreamMessageReader): Promise<ReaderState> => {
    const stream = new PassThrough();
    const reader = make(stream);
    reader.listen(() => undefined);
    stream.write('Content-Length: 40\r\n\r\n{"jsonrpc":"2.0"');
    await new Promise((resolve) => setImmediate(resolve));
    const state = reader as unknown as ReaderState;
    assert.equal(state.nextMessageLength, 40, 'the header was read, the body is still missing');
    return state;
  };

  it('a reader left with half a message arms no timer (vscode-jsonrpc re-arms its own for ever)', async () => {
    const quiet = await readHalf(quietReader);
    quiet.dispose();
    assert.equal(quiet.partialMessageTimer, undefined);

    // The library's default, for contrast: the timer is armed and survives dispose().
    const plain = await readHalf((s) => new StreamMessageReader(s));
    plain.dispose();
    assert.notEqual(plain.partialMessageTimer, undefined);
    plain.clearPartialMessageTimer();
  });
});
