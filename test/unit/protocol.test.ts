import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
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

test('a quick fix asked with the diagnostics of an older publish fixes the struct they were on, never another', async () => {
  // Version 2 makes First optimal in place: First's finding goes, Second's moves from index 1 to 0, its range stays.
  const uri = 'file://' + path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-stale-')), 'x.go');
  const first = (body: string) => `package stale\n\ntype First struct {\n${body}}\n\ntype Second struct {\n\tx bool\n\ty float64\n\tz bool\n}\n`;
  const v1 = first('\ta bool\n\tb int64\n\tc bool\n');
  const v2 = first('\tb int64\n\ta bool\n\tc bool\n');
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: v1 } });
  const old = (await h.diagnosticsFor(uri, 1)).diagnostics.filter((d) => d.code === 'struct-layout');
  assert.deepEqual(old.map((d) => d.range.start.line), [2, 8], 'both structs are flagged in version 1');
  await h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: v2 }] });
  const now = (await h.diagnosticsFor(uri, 2)).diagnostics.filter((d) => d.code === 'struct-layout');
  assert.deepEqual(now.map((d) => d.range.start.line), [8], 'only Second is flagged in version 2');
  const actionsFor = async (d: Diagnostic) =>
    (await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as CodeAction[];
  assert.deepEqual(await actionsFor(old[0]), [], "First's old diagnostic gets no fix (its struct no longer needs one)");
  const second = await actionsFor(old[1]);
  assert.equal(second.length, 1, "Second's old diagnostic still gets its fix");
  const fixed = applyLspEdits(v2, second[0].edit!.changes![uri]);
  assert.match(fixed, /type Second struct \{\n\ty +float64\n\tx +bool\n\tz +bool\n\}/);
  assert.ok(fixed.startsWith(v2.slice(0, v2.indexOf('type Second'))), 'First is left as it is');
  await h.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('after a settings change republishes the same version with fewer diagnostics, an old diagnostic gets its own fix', async () => {
  const uri = 'file://' + path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-republish-')), 'x.go');
  // Zeroth is padded on amd64 only (int64 aligns to 4 on 386); First and Second on both
  const text = 'package r\n\ntype Zeroth struct {\n\ta int32\n\tb int64\n\tc int32\n}\n\ntype First struct {\n\ta bool\n\tb int64\n\tc bool\n}\n\ntype Second struct {\n\tx bool\n\ty float64\n\tz bool\n}\n';
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
  const before = (await h.diagnosticsFor(uri, 1)).diagnostics.filter((d) => d.code === 'struct-layout');
  assert.deepEqual(before.map((d) => d.range.start.line), [2, 8, 14]);
  const first = before[1];
  await h.client.sendNotification('workspace/didChangeConfiguration', { settings: { goMemoryHints: { goarch: '386', compiler: 'off' } } });
  for (const deadline = Date.now() + 10000; (await h.diagnosticsFor(uri, 1)).diagnostics.some((d) => d.range.start.line === 2); ) {
    assert.ok(Date.now() < deadline, 'the same version is published again without Zeroth');
    await new Promise((r) => setTimeout(r, 20));
  }
  // First's id in the old publish indexes Second in the new one
  const actions = (await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: first.range, context: { diagnostics: [first], only: ['quickfix'] } })) as CodeAction[];
  assert.equal(actions.length, 1);
  const fixed = applyLspEdits(text, actions[0].edit!.changes![uri]);
  assert.match(fixed, /type First struct \{\n\tb +int64\n\ta +bool\n\tc +bool\n\}/, 'First is the struct reordered');
  assert.ok(fixed.endsWith(text.slice(text.indexOf('type Second'))), 'Second is left as it is');
  await h.client.sendNotification('workspace/didChangeConfiguration', { settings: { goMemoryHints: { goarch: 'amd64', compiler: 'off' } } });
  await h.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
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
