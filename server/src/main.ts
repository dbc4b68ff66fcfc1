import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerServer } from './server';

/** Starts the language server on the transport named in argv (--stdio, --node-ipc, --socket=N). */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  registerServer(connection);
  connection.listen();
}

