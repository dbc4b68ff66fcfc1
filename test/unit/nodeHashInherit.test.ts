/**
 * A re-parsed document's declarations keep their text hashes from the tree before the
 * edit (textMemo.inheritNodeHashes), and what was derived from its top-level declarations
 * (checker/nodes.ts inheritTopDecls): after any edit, both must be those of its text now.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import type { Node, Tree } from 'web-tree-sitter';
import { derivedOf, forgetTopTable, functionDecls, topDecls } from '../../server/src/analysis/checker/nodes';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { treeFacts } from '../../server/src/analysis/incremental';
import { nodeHash, textHash } from '../../server/src/analysis/textMemo';
import { DocumentStore } from '../../server/src/documents';
import { initParser, parseGo } from '../../server/src/syntax/parser';
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

type Doc = NonNullable<ReturnType<DocumentStore['get']>>;

/** One random edit (offset taken modulo the text's length) typed into the document as a didChange would. */
function typeEdit(docs: DocumentStore, uri: string, doc: Doc, e: { at: number; del: number; text: string }, version: number): Doc {
  const text = doc.doc.getText();
  const start = e.at % (text.length + 1);
  const end = Math.min(text.length, start + e.del);
  const range = { start: doc.doc.positionAt(start), end: doc.doc.positionAt(end) };
  return docs.change(uri, version, [{ range, text: e.text }])!;
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
          doc = typeEdit(docs, uri, doc, e, ++version);
          for (const n of declarations(doc.tree.rootNode)) assert.equal(nodeHash(n), textHash(n.text), `${n.type} ${JSON.stringify(n.text.slice(0, 40))}`);
        }
        docs.close(uri);
      },
    ),
    { seed: seedFor('nodeHashInherit'), numRuns: 150 },
  );
});

test('what a re-parsed tree takes over from its top-level declarations equals what a fresh parse derives', () => {
  // checker/nodes.ts TopDecl: declaration facts, function, type and value heads and imports are
  // kept per declaration across trees; after any edit they must be those of the current text.
  const facts = (tree: Tree) => {
    const f = treeFacts(tree);
    const words = functionDecls(tree).map((d) => [...(f.funcWords.get(d.id) ?? [])].sort());
    return { decls: f.decls.map((d) => ({ ...d, words: [...d.words].sort() })), header: f.header, words };
  };
  const heads = (tree: Tree, text: string) => {
    const index = indexPackage({ dir: `/p${Math.random()}`, importPath: 'p', files: [{ path: '/p/a.go', text, tree }] });
    return {
      types: [...index.types].map(([n, t]) => [n, t.typeKind, t.isAlias, t.typeParams, t.spec.text]),
      funcs: [...index.funcs].map(([k, f]) => [k, f.name, f.recvType, f.recvPointer, f.node.startIndex]),
      values: [...index.values].map(([n, v]) => [n, v.isConst, v.spec.text]),
      imports: [...(index.files.get('/p/a.go')?.imports ?? [])],
    };
  };
  fc.assert(
    fc.property(
      fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), text: fc.constantFrom('x', '\n', '{', '}', ' ', '(', 'é', '// c\n', 'func G() {}\n', 'type U struct{ a int }\n', '"os"\n', '') }), { minLength: 1, maxLength: 25 }),
      (edits) => {
        const docs = new DocumentStore();
        const uri = 'file:///p/a.go';
        let doc = docs.open(uri, 'go', 1, SOURCE);
        facts(doc.tree);
        let version = 1;
        for (const e of edits) {
          doc = typeEdit(docs, uri, doc, e, ++version);
          const now = doc.doc.getText();
          // The reference derives everything afresh from the same syntax tree (a copy of it has no
          // lineage): in broken code tree-sitter's incremental parse may recover otherwise than a
          // fresh parse (seed 1824884239: a method cut at its signature by a fresh parse keeps its
          // body in the re-parsed tree), and what is derived must follow the tree the server has.
          // Where the two parses agree, the fresh parse is the reference too.
          const scratch = doc.tree.copy();
          const fresh = parseGo(now);
          try {
            assert.deepEqual(facts(doc.tree), facts(scratch));
            assert.deepEqual(heads(doc.tree, now), heads(scratch, now));
            if (fresh.rootNode.toString() === doc.tree.rootNode.toString()) {
              assert.deepEqual(facts(doc.tree), facts(fresh));
              assert.deepEqual(heads(doc.tree, now), heads(fresh, now));
            }
          } finally {
            scratch.delete();
            fresh.delete();
          }
        }
        docs.close(uri);
      },
    ),
    { seed: seedFor('topDeclsInherit'), numRuns: 100, includeErrorInReport: true },
  );
});

test('what a tree takes over through trees whose tables were never built, or were forgotten, equals what its own tree derives', () => {
  // a burst of edits analyzed once builds only its last tree's table; a held edit (analysisService.ts)
  // forgets its broken tree's table: the next table inherits from the last one kept, across every edit since
  const facts = (tree: Tree) => {
    const f = treeFacts(tree);
    const words = functionDecls(tree).map((d) => [...(f.funcWords.get(d.id) ?? [])].sort());
    return { decls: f.decls.map((d) => ({ ...d, words: [...d.words].sort() })), header: f.header, words };
  };
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          at: fc.nat(),
          del: fc.nat({ max: 6 }),
          text: fc.constantFrom('x', '\n', '\r\n', '{', '}', ' ', '(', 'é', '😀', '// c\n', 'func G() {}\n', 'type U struct{ a int }\n', 'var w3 = 3\n', ''),
          then: fc.constantFrom('build', 'forget', 'skip'),
        }),
        { minLength: 1, maxLength: 25 },
      ),
      (edits) => {
        const docs = new DocumentStore();
        const uri = 'file:///p/a.go';
        // (declarations of one kind and length with other texts: a region mapped wrongly hands one's facts to another)
        let doc = docs.open(uri, 'go', 1, SOURCE + 'var w1 = 1\nvar w2 = 2\n\nfunc Ha() int { return 0 }\n\nfunc Hb() int { return 1 }\n');
        // every declaration's derived values carry the text they were derived from
        const probe = () => {
          for (const d of topDecls(doc.tree)) assert.equal(derivedOf(d, 'probe:text', () => d.node.text), d.node.text, `${d.type} at ${d.start}`);
        };
        facts(doc.tree);
        probe();
        let version = 1;
        const check = () => {
          probe();
          const scratch = doc.tree.copy();
          try {
            assert.deepEqual(facts(doc.tree), facts(scratch));
          } finally {
            scratch.delete();
          }
        };
        for (const e of edits) {
          doc = typeEdit(docs, uri, doc, e, ++version);
          if (e.then === 'skip') continue;
          check();
          if (e.then === 'forget') forgetTopTable(doc.tree);
        }
        check();
        docs.close(uri);
      },
    ),
    { seed: seedFor('topDeclsLineage'), numRuns: 150, includeErrorInReport: true },
  );
});
