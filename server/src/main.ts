import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isMainThread } from 'node:worker_threads';
import { startServer } from './server';

// The process entry point: VS Code starts this over IPC; tests call startServer with their own streams.
// The same bundle also runs as the analysis worker thread (see analysisWorker.ts); only the main thread serves.
if (isMainThread) startServer(createConnection(ProposedFeatures.all));
