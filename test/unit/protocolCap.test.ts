import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, test } from 'node:test';
import type { CodeAction, InlayHint, PublishDiagnosticsParams } from 'vscode-languageserver';
import { applyLspEdits, LspHarness } from '../helpers/lspHarness';

// Twelve padded structs (warnings here) and twelve functions whose local moves to the heap (information here), interleaved.
const parts: string[] = ['package c\n'];
for (let i = 0; i < 12; i++) parts.push(`type P${i} struct {\n\ta${i} bool\n\tb${i} int64\n\tc${i} bool\n}\n`, `func E${i}() *int {\n\tx := ${i}\n\treturn &x\n}\n`);
const text = parts.join('\n');
const lineOf = (s: string) => text.split('\n').findIndex((l) => l.includes(s));

const config: Record<string, unknown> = {
  goarch: 'amd64',
  compiler: 'off',
  layout: { severity: 'warning' },
  escape: { severity: 'information' },
  inlayHints: { enable: true },
  diagnostics: { maxPerFile: 10 },
};
let h: LspHarness;
let uri: string;
before(async () => {
  h = new LspHarness(config);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-cap-'));
  uri = 'file://' + path.join(dir, 'c.go');
  await h.initialize(dir);
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
});
after(() => h.dispose());

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

test('over goMemoryHints.diagnostics.maxPerFile, a publish has that many: warnings first from the top, a count of the rest, fixes that fit', async () => {
  const p = await h.diagnosticsFor(uri, 1);
  assert.equal(p.diagnostics.length, 10);
  const more = p.diagnostics.filter((d) => d.code === 'more-findings');
  assert.equal(more.length, 1);
  assert.match(more[0].message, /^15 more findings in this file are not shown: at most 10 diagnostics per file/);
  assert.deepEqual(more[0].range.start, { line: 0, character: 0 });
  // the nine warnings of P0…P8, none of P9…P11 and no information (escape) diagnostic
  const shown = p.diagnostics.filter((d) => d.code !== 'more-findings');
  assert.ok(shown.every((d) => d.severity === 2 && d.code === 'struct-layout'), `only layout warnings: ${codes(p).join(', ')}`);
  assert.deepEqual(
    shown.map((d) => d.range.start.line).sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => lineOf(`type P${i} struct`)),
  );
  // the count comes first: each diagnostic's quick fix is still its own struct's
  const p8 = shown.find((d) => d.range.start.line === lineOf('type P8 struct'))!;
  const actions = (await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: p8.range, context: { diagnostics: [p8], only: ['quickfix'] } })) as CodeAction[];
  assert.equal(actions.length, 1);
  assert.match(applyLspEdits(text, actions[0].edit!.changes![uri]), /type P8 struct \{\n\tb8 +int64\n\ta8 +bool\n\tc8 +bool\n\}/);
});

test('inlay hints and fix-all see the findings the cap did not send', async () => {
  const end = { line: text.split('\n').length, character: 0 };
  const hints = (await h.client.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end } })) as InlayHint[];
  // every `x` moves to the heap, none of them among the ten diagnostics sent
  assert.deepEqual(
    hints.map((x) => x.position.line),
    Array.from({ length: 12 }, (_, i) => lineOf(`\tx := ${i}`)),
  );
  // fix-all: a file whose ten diagnostics sent are struct warnings, and whose Sprintf hints (information) are not sent
  const uri2 = uri.replace(/c\.go$/, 'd.go');
  const parts2 = ['package c\n\nimport "fmt"\n'];
  for (let i = 0; i < 12; i++) parts2.push(`type Q${i} struct {\n\ta${i} bool\n\tb${i} int64\n\tc${i} bool\n}\n`);
  for (let i = 0; i < 3; i++) parts2.push(`func S${i}(n int) string {\n\treturn fmt.Sprintf("%d", n)\n}\n`);
  const text2 = parts2.join('\n');
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri2, languageId: 'go', version: 1, text: text2 } });
  const sent = (await h.diagnosticsFor(uri2, 1)).diagnostics;
  assert.ok(!sent.some((d) => d.range.start.line > text2.split('\n').findIndex((l) => l.startsWith('func S0'))), 'no Sprintf hint among the diagnostics sent');
  const all = (await h.client.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri2 },
    range: { start: { line: 0, character: 0 }, end: { line: text2.split('\n').length, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.goMemoryHints'] },
  })) as CodeAction[];
  assert.equal(all.length, 1);
  const fixed = applyLspEdits(text2, all[0].edit!.changes![uri2]);
  assert.ok(!fixed.includes('fmt.Sprintf'), fixed);
  await h.client.sendNotification('textDocument/didClose', { textDocument: { uri: uri2 } });
});

test('0 publishes every finding', async () => {
  config['diagnostics'] = { maxPerFile: 0 };
  await h.client.sendNotification('workspace/didChangeConfiguration', { settings: { goMemoryHints: config } });
  for (const deadline = Date.now() + 10000; (await h.diagnosticsFor(uri, 1)).diagnostics.length !== 24; ) {
    assert.ok(Date.now() < deadline, `every finding published: ${codes(await h.diagnosticsFor(uri, 1)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(!(await h.diagnosticsFor(uri, 1)).diagnostics.some((d) => d.code === 'more-findings'));
});
