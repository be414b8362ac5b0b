import { join } from 'node:path';
import { CODE_CACHE_ENV, runWithCodeCache } from './boot';

// dist/server.js: what VS Code starts. The server itself is dist/warden-server.js (see boot.ts).
const main = join(__dirname, 'warden-server.js');
const dir = process.env[CODE_CACHE_ENV];
if (dir) runWithCodeCache(main, dir);
else require(main);
