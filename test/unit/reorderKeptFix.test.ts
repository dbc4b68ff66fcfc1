/**
 * A struct-reorder fix kept from an earlier analysis (per declaration, functionCache.ts; the whole
 * result, analysisService.ts) is the one a fresh analysis writes: after line breaks or indentation
 * typed around the struct, and after a literal that refuses the fix is typed in an open test file.
 * The line breaks it writes are those of the struct's own lines, so a file with mixed line endings
 * keeps each part's.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DocumentStore } from '../../server/src/documents';
import { defaultSettings } from '../../server/src/settings';
import { initParser } from '../../server/src/syntax/parser';
import { AnalysisService } from '../../server/src/workspace/analysisService';

before(async () => {
  await initParser();
});

const settings = { ...defaultSettings(), compiler: 'off' as const };

/** The reorder fixes' new texts, by struct name. */
function reorderTexts(svc: AnalysisService, uri: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of svc.forDocument(uri)!.analysis.findings) {
    const fix = f.fixes.find((x) => x.kind === 'reorder-fields');
    const name = /struct (\w+)/.exec(f.message)?.[1] ?? f.message;
    if (fix) out[name] = fix.edits.map((e) => e.newText).join('|');
  }
  return out;
}

function withFile<T>(text: string, body: (docs: DocumentStore, svc: AnalysisService, uri: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-eol-'));
  const file = path.join(dir, 'p.go');
  fs.writeFileSync(file, 'package p\n');
  const uri = 'file://' + file;
  const docs = new DocumentStore();
  docs.open(uri, 'go', 1, text);
  const svc = new AnalysisService(docs, () => settings, () => {}, { keepOnBrokenEdits: false });
  try {
    return body(docs, svc, uri);
  } finally {
    svc.dispose();
    docs.close(uri);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// (field names differ: structs with the same fields can be converted into each other, and are not reordered)
const LF_STRUCT = 'type L struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';
const CRLF_STRUCT = 'type C struct {\r\n\td bool\r\n\te int64\r\n\tf bool\r\n}\r\n';
const ONE_LINE = 'type O struct{ g bool; h int64; i bool }\n';

test("each struct's fix writes its own lines' breaks in a file that mixes them", () => {
  withFile(`package p\n\n${LF_STRUCT}\n${CRLF_STRUCT}\n${ONE_LINE}`, (_docs, svc, uri) => {
    const fixes = reorderTexts(svc, uri);
    assert.deepEqual(Object.keys(fixes).sort(), ['C', 'L', 'O'], JSON.stringify(fixes));
    assert.ok(!fixes.L.includes('\r'), `L is written with LF: ${JSON.stringify(fixes.L)}`);
    assert.ok(fixes.C.includes('\r\n') && !/[^\r]\n/.test(fixes.C), `C is written with CRLF: ${JSON.stringify(fixes.C)}`);
    assert.ok(!fixes.O.includes('\r'), `O is written with LF: ${JSON.stringify(fixes.O)}`);
  });
});

test('after line breaks or indentation are typed around the structs, the kept fixes are those a fresh analysis writes', () => {
  const text = `package p\n\n${LF_STRUCT}\n${ONE_LINE}\nfunc f() int {\n\treturn 1\n}\n`;
  withFile(text, (docs, svc, uri) => {
    reorderTexts(svc, uri);
    const lines = text.split('\n');
    const at = (needle: string, character = 0) => ({ line: lines.findIndex((l) => l.includes(needle)), character });
    const oneLineEnd = at('type O struct', ONE_LINE.length - 1);
    const edits: [string, TextDocumentContentChangeEvent][] = [
      ['a CRLF line typed in a function', { range: { start: at('return 1'), end: at('return 1') }, text: '\t_ = 0\r\n' }],
      ["the one-line struct's line now ends in CRLF", { range: { start: oneLineEnd, end: oneLineEnd }, text: '\r' }],
      // (its fix expands it to lines indented as its own line is: not gofmt's, but the user's)
      ['the one-line struct indented', { range: { start: at('type O struct'), end: at('type O struct') }, text: '  ' }],
      ['a CRLF line typed in the multi-line struct', { range: { start: at('b int64'), end: at('b int64') }, text: '\td int32\r\n' }],
    ];
    let version = 1;
    for (const [what, change] of edits) {
      docs.change(uri, ++version, [change]);
      const kept = reorderTexts(svc, uri);
      const fresh = withFile(docs.get(uri)!.doc.getText(), (_d, s, u) => reorderTexts(s, u));
      assert.deepEqual(Object.keys(kept).sort(), ['L', 'O'], `${what}: both structs have their fix`);
      assert.deepEqual(kept, fresh, what);
    }
    assert.ok(reorderTexts(svc, uri).O.includes('\r\n'), "the one-line struct's fix follows its line's CRLF");
  });
});

test('a positional literal typed in an open test file takes the fix away from the struct it names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-kept-'));
  const src = `package p\n\n${LF_STRUCT}`;
  const tst = 'package p\n\nfunc helper() {}\n';
  fs.writeFileSync(path.join(dir, 'p.go'), src);
  fs.writeFileSync(path.join(dir, 'p_test.go'), tst);
  const uri = 'file://' + path.join(dir, 'p.go');
  const testUri = 'file://' + path.join(dir, 'p_test.go');
  const docs = new DocumentStore();
  docs.open(uri, 'go', 1, src);
  docs.open(testUri, 'go', 1, tst);
  const svc = new AnalysisService(docs, () => settings, () => {});
  try {
    assert.ok(reorderTexts(svc, uri).L, 'L has its reorder fix');
    const at = { line: 2, character: 'func helper() {'.length };
    docs.change(testUri, 2, [{ range: { start: at, end: at }, text: ' _ = L{true, 1, true} ' }]);
    const layout = svc.forDocument(uri)!.analysis.findings.find((f) => f.code === 'struct-layout' && /struct L\b/.test(f.message));
    assert.ok(layout, 'L still has its layout finding');
    assert.deepEqual(layout.fixes, [], 'a reordered L would break the test file, which spells its fields by position');
    assert.match(layout.noFixReason ?? '', /p_test\.go/, 'the finding says where');
    docs.change(testUri, 3, [{ range: { start: at, end: { line: 2, character: at.character + ' _ = L{true, 1, true} '.length } }, text: '' }]);
    assert.ok(reorderTexts(svc, uri).L, 'the literal deleted, the fix is back');
  } finally {
    svc.dispose();
    docs.close(uri);
    docs.close(testUri);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
