import { inspect } from 'util';
import { createConnection, ProposedFeatures, StreamMessageReader } from 'vscode-languageserver/node';
import { protocolWriter } from './features/diagnosticsWire';
import { registerServer } from './server';

/**
 * Starts the language server on the transport named in argv (--stdio, --node-ipc, --socket=N, --pipe=NAME).
 * Over stdio — every editor, VS Code included — the writer is protocolWriter, whose encoder writes a publish from
 * its findings' JSON kept since the publish before (features/diagnosticsWire.ts).
 */
export function startServer(): void {
  if (!process.argv.includes('--stdio')) {
    const connection = createConnection(ProposedFeatures.all);
    registerServer(connection);
    connection.listen();
    return;
  }
  const reader = new StreamMessageReader(process.stdin);
  const writer = protocolWriter(process.stdout);
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  // What vscode-languageserver does itself when it opens stdio: stdout carries the protocol only, and the server
  // exits when the editor closes its input (0 after a shutdown request, 1 otherwise).
  const to = (write: (m: string) => void) => (...args: unknown[]) => write(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = console.info = console.debug = console.dir = to((m) => connection.console.log(m));
  console.warn = to((m) => connection.console.warn(m));
  console.error = console.trace = to((m) => connection.console.error(m));
  const state = registerServer(connection);
  const exit = () => process.exit(state.shutDown ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  connection.listen();
}
