/**
 * LSP misuse through the real server: requests for unknown documents, out-of-range
 * and malformed positions, edits that do not fit the document, cancellation in the
 * middle of requests, and a burst of 1,000 didChange notifications whose final
 * diagnostics must equal a fresh open of the final text.
 * ROBUST_SEED=<n> replays the burst.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { CodeAction, Hover, InlayHint } from 'vscode-languageserver';
import { probeDocument } from '../helpers/robustChecks';
import { diagnosticKey, RobustServer, seedFor } from '../helpers/robustHarness';

const ROOT = path.resolve(__dirname, '../../..');
const GENERICS = fs.readFileSync(path.join(ROOT, 'test/testdata/robust/generics/generics.go'), 'utf8');
const UNICODE = fs.readFileSync(path.join(ROOT, 'test/testdata/robust/unicode/unicode.go'), 'utf8');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-lsp-'));
const SETTINGS = { compiler: 'off', 'noescape.severity': 'hint', 'leak.severity': 'hint', 'inlayHints.enable': true };
let server: RobustServer;

before(async () => {
  server = new RobustServer(SETTINGS);
  await server.initialize(scratch);
});
after(async () => {
  await server.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const uriIn = (dir: string, name: string) => 'file://' + path.join(scratch, dir, name);

test('requests and notifications for documents that are not open', async () => {
  server.resetLog();
  const ghost = uriIn('ghost', 'a.go');
  assert.equal(await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: ghost }, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: ghost }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
  assert.deepEqual(await server.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: ghost }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } }), []);
  await server.change(ghost, 2, [{ text: 'package p' }]);
  await server.change(ghost, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'x' }]);
  await server.close(ghost);
  await server.client.sendNotification('textDocument/didSave', { textDocument: { uri: ghost } });
  // the server is still answering, and nothing failed
  assert.equal(await server.request('textDocument/hover', { textDocument: { uri: ghost }, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(server.failures(), []);
});

test('out-of-range, negative and reversed positions and ranges', async () => {
  server.resetLog();
  const uri = uriIn('range', 'u.go');
  await server.open(uri, UNICODE);
  await server.diagnosticsFor(uri, 1);
  const positions = [
    { line: 0, character: 99_999 },
    { line: 99_999, character: 0 },
    { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
    { line: -1, character: -5 },
    { line: 1.5, character: 0.5 },
  ];
  for (const position of positions) {
    const h = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }).catch((e: Error) => e);
    assert.ok(h === null || !(h instanceof Error) || /InvalidParams|invalid/i.test(h.message), `hover at ${JSON.stringify(position)}: ${String(h)}`);
  }
  const ranges = [
    { start: { line: 50, character: 0 }, end: { line: 10, character: 0 } },
    { start: { line: 0, character: 0 }, end: { line: 99_999, character: 99_999 } },
    { start: { line: -3, character: 0 }, end: { line: 2, character: 0 } },
  ];
  for (const range of ranges) {
    await server.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    await server.request('textDocument/inlayHint', { textDocument: { uri }, range });
  }
  // diagnostics with forged data: ids out of range, wrong types, another version
  const forged = [{ id: 9999, version: 1 }, { id: -1 }, { id: 'x' }, null, { id: 0, version: 77 }, 42].map((data) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    message: 'forged',
    code: 'moved-to-heap',
    data,
  }));
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ranges[1], context: { diagnostics: forged, only: ['quickfix'] } });
  assert.deepEqual(actions, [], 'forged diagnostics get no fixes');
  // edits whose ranges do not fit the document, then a check of the resulting state
  let version = 1;
  let text = UNICODE;
  const weird = [
    { range: { start: { line: 999, character: 0 }, end: { line: 999, character: 5 } }, text: '// appended past the end\n' },
    { range: { start: { line: 3, character: 500 }, end: { line: 3, character: 900 } }, text: '' },
    { range: { start: { line: 5, character: 0 }, end: { line: 2, character: 0 } }, text: '' },
  ];
  for (const c of weird) {
    await server.change(uri, ++version, [c]);
    await server.diagnosticsFor(uri, version);
  }
  text = server.state.docs.get(uri)!.doc.getText();
  const problems = await probeDocument(server, uri, text, version, { probes: [[0, 0], [20, 4]] });
  assert.deepEqual(problems, []);
  await server.close(uri);
});

test('cancellation in the middle of requests: answered or cancelled, and the server keeps going', async () => {
  server.resetLog();
  const uri = uriIn('cancel', 'g.go');
  const big = Array.from({ length: 40 }, (_, i) => GENERICS.replace(/^package generics$/m, i ? '' : 'package generics').replace(/\b(Pair|List|Map|Max|Sum|All|Use|Number)\b/g, `$1${i}`)).join('\n');
  await server.open(uri, big);
  // requests sent before the analysis ran, each cancelled at once
  const results = await Promise.all([
    server.cancelled('textDocument/hover', { textDocument: { uri }, position: { line: 20, character: 7 } }),
    server.cancelled('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9999, character: 0 } }, context: { diagnostics: [] } }),
    server.cancelled('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9999, character: 0 } } }),
  ]);
  for (const r of results) if (r.error) assert.equal(r.error.code, -32800, `cancelled requests fail only as cancelled: ${r.error.message}`);
  await server.client.sendNotification('$/cancelRequest', { id: 123456 });
  await server.client.sendNotification('$/cancelRequest', { id: 'nope' });
  const problems = await probeDocument(server, uri, big, 1, { probes: [[20, 7]] });
  assert.deepEqual(problems, []);
  await server.close(uri);
});

test('a burst of 1,000 didChange notifications: the final diagnostics equal a fresh open of the final text', async () => {
  server.resetLog();
  const seed = seedFor('didChange burst');
  const rnd = fc.sample(fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), text: fc.constantFrom('', 'x', '\n', '{', '}', '(', ')', ' := ', '&T{}', '"é😀"', 'func f() {}\n', '\t') }), { minLength: 1000, maxLength: 1000 }), { seed, numRuns: 1 })[0];
  const uri = uriIn('burst', 'g.go');
  const start = GENERICS + UNICODE.replace(/^package unicode$/m, '');
  await server.open(uri, start);
  let text = start;
  let version = 1;
  const sends: Promise<void>[] = [];
  const pos = (t: string, o: number) => {
    const before = t.slice(0, o);
    const line = before.split('\n').length - 1;
    return { line, character: o - (before.lastIndexOf('\n') + 1) };
  };
  for (const e of rnd) {
    const s = e.at % (text.length + 1);
    const t = Math.min(text.length, s + e.del);
    const change = { range: { start: pos(text, s), end: pos(text, t) }, text: e.text };
    text = text.slice(0, s) + e.text + text.slice(t);
    sends.push(server.change(uri, ++version, [change]));
  }
  await Promise.all(sends);
  const burst = await server.diagnosticsFor(uri, version, 20_000);
  assert.equal(burst.version, 1001);
  assert.equal(server.state.docs.get(uri)!.doc.getText(), text, 'the server holds the same text as the client');
  const versions = server.allPublished(uri).map((p) => p.version ?? 0);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions are published in order');
  assert.ok(versions.length < 100, `bursts are coalesced (${versions.length} publishes for 1,000 edits)`);

  const fresh = new RobustServer(SETTINGS);
  try {
    await fresh.initialize(scratch);
    await fresh.open(uri, text);
    const expected = await fresh.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnosticKey(burst.diagnostics), diagnosticKey(expected.diagnostics));
  } finally {
    await fresh.dispose();
  }
  assert.deepEqual(server.failures(), []);
  await server.close(uri);
});

test('open twice, close twice, change after close, reopen with an older version', async () => {
  server.resetLog();
  const uri = uriIn('twice', 'u.go');
  await server.open(uri, UNICODE, 5);
  await server.open(uri, GENERICS, 3);
  const p = await server.diagnosticsFor(uri, 3);
  assert.ok(p.version === 3 || p.version === 5);
  await server.close(uri);
  await server.close(uri);
  await server.change(uri, 9, [{ text: 'package p' }]);
  await server.open(uri, UNICODE, 1);
  const problems = await probeDocument(server, uri, UNICODE, 1, { probes: [[14, 2]] });
  assert.deepEqual(problems, []);
  await server.close(uri);
});
