import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { LineIndex, normalizeLoneCR } from '../../server/src/analysis/positions';
import { DocumentStore } from '../../server/src/documents';
import { initParser } from '../../server/src/syntax/parser';

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
  docs.linesOf(d);
  docs.change(uri, 2, [
    { range: { start: { line: 2, character: 10 }, end: { line: 2, character: 10 } }, text: '\n\tx := 1\r' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// c\n' },
  ]);
  const text = normalizeLoneCR(d.doc.getText());
  assert.deepEqual(all(docs.linesOf(d)), all(LineIndex.of(text)));
  assert.equal(docs.linesOf(d).lineText(4), '\tx := 1');
  docs.close(uri);
});
