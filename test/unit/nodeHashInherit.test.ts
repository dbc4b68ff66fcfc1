/**
 * A re-parsed document's declarations keep their text hashes from the tree before the
 * edit (textMemo.inheritNodeHashes): after any edit, every declaration's inherited hash
 * must be the hash of its text now.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import type { Node } from 'web-tree-sitter';
import { nodeHash, textHash } from '../../server/src/analysis/textMemo';
import { DocumentStore } from '../../server/src/documents';
import { initParser } from '../../server/src/syntax/parser';
import { seedFor } from '../helpers/robustHarness';

before(async () => {
  await initParser();
});

const SOURCE = `package p

import "fmt"

type T struct {
	a int
	b string
}

func F(x int) int {
	return x + 1
}

func (t *T) M() string {
	return fmt.Sprint(t.a) + t.b
}

var v = F(2)
`;

function declarations(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node, depth: number) => {
    out.push(n);
    if (depth < 3) for (const c of n.namedChildren) if (c) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

test('declarations re-parsed after random edits have the hashes of their current text', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), text: fc.constantFrom('x', '\n', '{', '}', ' ', '\r', 'é', '// c\n', 'func G() {}\n', '') }), { minLength: 1, maxLength: 25 }),
      (edits) => {
        const docs = new DocumentStore();
        const uri = 'file:///p/a.go';
        let doc = docs.open(uri, 'go', 1, SOURCE);
        for (const n of declarations(doc.tree.rootNode)) nodeHash(n);
        let version = 1;
        for (const e of edits) {
          const text = doc.doc.getText();
          const start = e.at % (text.length + 1);
          const end = Math.min(text.length, start + e.del);
          const range = { start: doc.doc.positionAt(start), end: doc.doc.positionAt(end) };
          doc = docs.change(uri, ++version, [{ range, text: e.text }])!;
          for (const n of declarations(doc.tree.rootNode)) assert.equal(nodeHash(n), textHash(n.text), `${n.type} ${JSON.stringify(n.text.slice(0, 40))}`);
        }
        docs.close(uri);
      },
    ),
    { seed: seedFor('nodeHashInherit'), numRuns: 150 },
  );
});
