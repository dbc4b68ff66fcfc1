import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver';

/**
 * The server as every editor starts it — VS Code included — a process speaking LSP over stdio (main.ts): its
 * publishes go through the stdio writer's own encoder (features/diagnosticsWire.ts), and it exits when the editor
 * goes away.
 */
const ENTRY = path.resolve(__dirname, '../../server/src/serverEntry.js');

function start(): { child: ChildProcess; conn: MessageConnection; published: PublishDiagnosticsParams[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [ENTRY, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.push(p));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ compiler: 'off', goarch: 'amd64' })));
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onNotification(() => undefined);
  conn.listen();
  return { child, conn, published, exited };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 20000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const SOURCE = 'package p\n\n// Padded — “non-ASCII” in a comment.\ntype Padded struct {\n\ta bool\n\tb int64\n\tc bool\n}\n\nfunc New() *Padded {\n\treturn &Padded{a: true}\n}\n';

test('over stdio the server publishes versioned diagnostics, offers their fixes, and exits 0 after shutdown', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-stdio-'));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/p\n\ngo 1.22\n');
  const uri = 'file://' + path.join(dir, 'p.go');
  const { child, conn, published, exited } = start();
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: 'file://' + dir, capabilities: { workspace: { configuration: true } }, initializationOptions: { settings: { compiler: 'off', goarch: 'amd64' } } });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: SOURCE } });
    const first = await until('the first publish', () => published.find((p) => p.uri === uri && p.version === 1 && p.diagnostics.length));
    const layout = first.diagnostics.find((d) => d.code === 'struct-layout');
    assert.ok(layout, 'the padded struct is flagged');
    assert.equal(layout.range.start.line, 3);
    assert.match(layout.message, /24 → 16 bytes/);
    assert.ok(first.diagnostics.some((d) => d.code === 'escapes-to-heap' && d.range.start.line === 10), 'the returned literal escapes');
    // a second version: the kept findings' bytes go out again, with this version in their data
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 11, character: 1 }, end: { line: 11, character: 1 } }, text: '\n' }] });
    const second = await until('the second publish', () => published.find((p) => p.uri === uri && p.version === 2));
    assert.deepEqual(second.diagnostics.map((d) => [d.code, d.range.start.line, d.message]), first.diagnostics.map((d) => [d.code, d.range.start.line, d.message]));
    assert.ok(second.diagnostics.every((d) => (d.data as { version: number }).version === 2));
    const moved = second.diagnostics.find((d) => d.code === 'struct-layout')!;
    const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved], only: ['quickfix'] } })) as CodeAction[];
    assert.ok(actions.some((a) => a.title === 'Reorder fields for minimal size'), 'the fix is offered for the diagnostic as published');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    child.kill();
    conn.dispose();
  }
});

test('over stdio the server exits when the editor closes its input without a shutdown', async () => {
  const { child, conn, exited } = start();
  try {
    await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    child.stdin!.end();
    assert.equal(await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]), 1);
  } finally {
    child.kill();
    conn.dispose();
  }
});
