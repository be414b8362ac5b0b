import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { CODE_CACHE_ENV, SERVER_LOADER, WRITE_DELAY_MS, runWithCodeCache } from './boot';
import { startParseThreadEarly } from './engine/parseThreadSpawn';

// dist/server.js: what VS Code starts. The server itself is dist/warden-server.js (see boot.ts).
// oxc's parse thread starts first, so that it loads on another core while this thread reads and runs
// the server bundle (the bundle's `startParser` takes it over).
// The analysis worker thread (analysisWorker.ts) starts through this file too: its bundle then comes from
// the code cache the main thread wrote (only the main thread writes it), and its parse thread loads
// beside it in the same way.
startParseThreadEarly(__dirname);
(globalThis as Record<symbol, string>)[SERVER_LOADER] = __filename;
const main = join(__dirname, 'warden-server.js');
const dir = process.env[CODE_CACHE_ENV];
if (dir) runWithCodeCache(main, dir, WRITE_DELAY_MS, { write: isMainThread });
else require(main);
