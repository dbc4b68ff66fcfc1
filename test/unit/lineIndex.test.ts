import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { LineIndex, normalizeLoneCR } from '../../server/src/analysis/positions';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../../server/src/documents';
import { initParser, parseGo } from '../../server/src/syntax/parser';

before(() => initParser());

const all = (idx: LineIndex) => Array.from({ length: idx.lineCount }, (_, l) => idx.lineText(l));
const positions = (idx: LineIndex, len: number) => Array.from({ length: len + 1 }, (_, o) => idx.positionAt(o));

// texts of line breaks of every kind, where an edit can make a lone \r part of \r\n or split one
const piece = fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', 'é', '😀', ' ');
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

test('a line index made from the previous one after an edit is the one made afresh (lines, positions)', () => {
  fc.assert(
    fc.property(text, text, fc.nat(), fc.nat(), (before, inserted, a, b) => {
      const start = a % (before.length + 1);
      const end = start + (b % (before.length - start + 1));
      const raw = before.slice(0, start) + inserted + before.slice(end);
      const after = normalizeLoneCR(raw);
      const got = LineIndex.of(normalizeLoneCR(before)).edited(after, start, end, start + inserted.length);
      const fresh = LineIndex.of(after);
      assert.deepEqual(all(got), all(fresh));
      assert.deepEqual(positions(got, after.length), positions(fresh, after.length));
    }),
    { numRuns: 3000 },
  );
});

test("an open document's line index follows its edits, also across several changes of one notification", () => {
  const docs = new DocumentStore();
  const uri = 'file:///x/a.go';
  const d = docs.open(uri, 'go', 1, 'package a\r\n\r\nfunc f() {\r}\n');
  docs.change(uri, 2, [
    { range: { start: { line: 2, character: 10 }, end: { line: 2, character: 10 } }, text: '\n\tx := 1\r' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// c\n' },
  ]);
  const text = normalizeLoneCR(d.doc.getText());
  assert.deepEqual(all(d.lines), all(LineIndex.of(text)));
  assert.equal(d.lines.lineText(4), '\tx := 1');
  docs.close(uri);
});

test("an open document's text follows LSP edits as the client's does: lone CRs end lines, positions past a line's end clamp before its break", () => {
  const docs = new DocumentStore();
  const uri = 'file:///x/b.go';
  // (lines within the document: the client's own line offsets go wrong past its end — NaN offsets after an insert at line 8 of an empty document)
  const pos = fc.record({ line: fc.nat(), character: fc.integer({ min: -1, max: 12 }) });
  fc.assert(
    fc.property(text, fc.array(fc.record({ a: pos, b: pos, text }), { minLength: 1, maxLength: 3 }), (start, edits) => {
      const client = TextDocument.create(uri, 'go', 1, start);
      const d = docs.open(uri, 'go', 1, start);
      for (const e of edits) {
        // (a well-formed range: start before end, as the client sends)
        const a = { line: e.a.line % client.lineCount, character: e.a.character };
        const b = { line: e.b.line % client.lineCount, character: e.b.character };
        const [s, t] = client.offsetAt(a) <= client.offsetAt(b) ? [a, b] : [b, a];
        const change = { range: { start: s, end: t }, text: e.text };
        TextDocument.update(client, [change], client.version + 1);
        docs.change(uri, client.version, [change]);
        assert.equal(d.doc.getText(), client.getText());
        assert.deepEqual(all(d.lines), all(LineIndex.of(normalizeLoneCR(client.getText()))));
      }
    }),
    { numRuns: 1500 },
  );
  docs.close(uri);
});

test("an open document's tree is of its current text, however many changes came since it was last asked for", () => {
  const docs = new DocumentStore();
  const uri = 'file:///x/c.go';
  const go = fc.constantFrom('package p\n', 'func f() {\n}\n', 'var x = 1\r\n', 'type T struct{ a int }\n', '{', '}', '\r', ' y ', 'é😀', '');
  const goText = fc.array(go, { maxLength: 12 }).map((p) => p.join(''));
  const change = fc.oneof(
    fc.record({ a: fc.nat(), b: fc.nat(), text: goText }),
    goText.map((text) => ({ whole: text })),
  );
  fc.assert(
    fc.property(goText, fc.array(fc.tuple(change, fc.boolean()), { minLength: 1, maxLength: 6 }), (start, changes) => {
      const client = TextDocument.create(uri, 'go', 1, start);
      const d = docs.open(uri, 'go', 1, start);
      for (const [c, ask] of changes) {
        let lsp: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string };
        if ('whole' in c) lsp = { text: c.whole };
        else {
          const len = client.getText().length;
          const [s, t] = [c.a % (len + 1), c.b % (len + 1)].sort((x, y) => x - y);
          lsp = { range: { start: client.positionAt(s), end: client.positionAt(t) }, text: c.text };
        }
        TextDocument.update(client, [lsp], client.version + 1);
        docs.change(uri, client.version, [lsp]);
        if (!ask) continue;
        const text = normalizeLoneCR(client.getText());
        const root = d.tree.rootNode;
        assert.equal(root.text, text.slice(root.startIndex, root.endIndex));
        const fresh = parseGo(text);
        try {
          if (!fresh.rootNode.hasError) assert.equal(d.tree.rootNode.toString(), fresh.rootNode.toString());
        } finally {
          fresh.delete();
        }
      }
      const root = d.tree.rootNode;
      assert.equal(root.text, normalizeLoneCR(client.getText()).slice(root.startIndex, root.endIndex));
      assert.ok(root.endIndex >= normalizeLoneCR(client.getText()).trimEnd().length, 'the tree reaches the end of the text');
    }),
    { numRuns: 800 },
  );
  docs.close(uri);
});
