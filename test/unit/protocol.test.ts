import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, test } from 'node:test';
import type { CodeAction, Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
import { applyLspEdits, LspHarness } from '../helpers/lspHarness';

const dir = path.resolve(__dirname, '../../../test/testdata/protocol/layout');
const fileA = path.join(dir, 'a.go');
const uriA = 'file://' + fileA;
const textA = fs.readFileSync(fileA, 'utf8');

let h: LspHarness;
before(async () => {
  h = new LspHarness({ goarch: 'amd64', compiler: 'off' });
  await h.initialize(dir);
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: uriA, languageId: 'go', version: 1, text: textA } });
});
after(() => h.dispose());

function layoutDiag(p: PublishDiagnosticsParams) {
  return p.diagnostics.find((d) => d.code === 'struct-layout');
}

test('a padded struct gets a layout diagnostic on its name, with the version sent', async () => {
  const p = await h.diagnosticsFor(uriA, 1);
  assert.equal(p.version, 1);
  const d = layoutDiag(p);
  assert.ok(d, 'expected a struct-layout diagnostic');
  assert.equal(d.range.start.line, 3);
  assert.equal(textA.split('\n')[3].slice(d.range.start.character, d.range.end.character), 'Padded');
  assert.match(d.message, /24 → 16 bytes/);
  assert.equal(d.severity, 3, 'layout diagnostics default to Information');
});

test('hover on the struct name shows the layout table with offsets and padding', async () => {
  const hover = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri: uriA }, position: { line: 3, character: 6 } })) as Hover;
  const md = (hover.contents as { value: string }).value;
  assert.match(md, /\| 0 \| a \| `bool` \| 1 \| 1 \| 7 \|/);
  assert.match(md, /\| 8 \| b \| `int64` \| 8 \| 8 \|/);
  assert.match(md, /size 24 B, align 8, padding 14 B/);
  assert.match(md, /size class 24 B/);
});

test('hover on a composite literal &Padded{} shows the type it allocates', async () => {
  const line = textA.split('\n').findIndex((l) => l.includes('&Padded{'));
  const col = textA.split('\n')[line].indexOf('Padded{') + 2;
  const hover = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri: uriA }, position: { line, character: col } })) as Hover;
  assert.match((hover.contents as { value: string }).value, /size 24 B/);
});

test('the reorder quick fix, applied, gives a struct the server no longer flags', async () => {
  const p = await h.diagnosticsFor(uriA, 1);
  const d = layoutDiag(p)!;
  const actions = (await h.client.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uriA },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  })) as CodeAction[];
  const fix = actions.find((a) => a.title === 'Reorder fields for minimal size');
  if (!fix) {
    assert.match(d.message, /No automatic fix/, 'without a fix, the diagnostic must say why');
    return;
  }
  const edited = applyLspEdits(textA, fix.edit!.changes![uriA]);
  assert.match(edited, /b int64 \/\/ second/);
  assert.match(edited, /a bool +\/\/ first/);
  await h.client.sendNotification('textDocument/didChange', {
    textDocument: { uri: uriA, version: 2 },
    contentChanges: [{ text: edited }],
  });
  const p2 = await h.diagnosticsFor(uriA, 2);
  assert.equal(layoutDiag(p2), undefined, 'the reordered struct is optimal');
});

test('types declared in a sibling file resolve (unsaved package context)', async () => {
  const fileB = path.join(dir, 'b.go');
  const uriB = 'file://' + fileB;
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: uriB, languageId: 'go', version: 1, text: fs.readFileSync(fileB, 'utf8') } });
  const hover = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri: uriB }, position: { line: 3, character: 6 } })) as Hover;
  const md = (hover.contents as { value: string }).value;
  assert.match(md, /\| 8 \| p \| `Padded` \| (24|16) \|/);
});

test('requests for unknown documents and out-of-range positions answer empty, without crashing', async () => {
  const none = await h.client.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope/x.go' }, position: { line: 0, character: 0 } });
  assert.equal(none, null);
  const far = await h.client.sendRequest('textDocument/hover', { textDocument: { uri: uriA }, position: { line: 9999, character: 9999 } });
  assert.equal(far, null);
});
