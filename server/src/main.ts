import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The process entry point: VS Code starts this over IPC; tests call startServer with their own streams.
startServer(createConnection(ProposedFeatures.all));
