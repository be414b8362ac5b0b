import { join } from 'node:path';
import { CODE_CACHE_ENV, runWithCodeCache } from './boot';
import { startParseThreadEarly } from './engine/parseThreadSpawn';

// dist/server.js: what VS Code starts. The server itself is dist/warden-server.js (see boot.ts).
// oxc's parse thread starts first, so that it loads on another core while this thread reads and runs
// the server bundle (the bundle's `startParser` takes it over).
startParseThreadEarly(__dirname);
const main = join(__dirname, 'warden-server.js');
const dir = process.env[CODE_CACHE_ENV];
if (dir) runWithCodeCache(main, dir);
else require(main);
