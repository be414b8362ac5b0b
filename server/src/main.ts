import { isMainThread } from 'node:worker_threads';
import { startParser } from './engine/parser';

// The process entry point: VS Code starts this over IPC; tests call startServer with their own streams.
// The same bundle also runs as the analysis worker thread (see analysisWorker.ts); only the main thread serves.
// The parse thread loads on another core while this one loads and compiles the rest of the server (or of
// the analysis worker).
startParser();
if (isMainThread) {
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const { startServer } = require('./server') as typeof import('./server');
  startServer(createConnection(ProposedFeatures.all));
} else {
  require('./analysisWorker'); // its worker side starts when the module loads
}
