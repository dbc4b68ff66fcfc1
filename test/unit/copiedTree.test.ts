/**
 * syntax/copiedTree.ts: a copied declaration answers every node question the analyses ask as
 * tree-sitter's own nodes do — kinds, fields, ranges, UTF-16 positions, children, parents,
 * searches — on valid code, on code with syntax errors and missing nodes, and on non-ASCII text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { CopiedNode, copySubtree } from '../../server/src/syntax/copiedTree';
import { directSubtreeReads, installCursorCalls } from '../../server/src/syntax/cursor';
import { initParser, parseGo } from '../../server/src/syntax/parser';

before(async () => {
  await initParser();
});

const FIELDS = ['name', 'body', 'left', 'right', 'operand', 'field', 'function', 'arguments', 'type', 'value', 'result', 'parameters', 'receiver', 'condition', 'consequence', 'alternative', 'operator', 'index', 'key', 'element', 'initializer', 'update', 'label', 'tag'];
const SEARCHES = [['identifier'], ['call_expression', 'func_literal'], ['ERROR'], ['block', 'return_statement']];

function describeNode(n: Node | null | undefined): string {
  return n ? `${n.type}@${n.id}[${n.startIndex},${n.endIndex})` : 'null';
}

/** Compares a copied node with tree-sitter's, recursively over its children. */
function same(copy: Node, real: Node, where: string): number {
  const at = `${where} > ${real.type}`;
  assert.equal(copy.id, real.id, at);
  assert.equal(copy.tree, real.tree, at);
  assert.equal(copy.type, real.type, at);
  assert.equal(copy.typeId, real.typeId, at);
  assert.equal(copy.isNamed, real.isNamed, at);
  assert.equal(copy.startIndex, real.startIndex, at);
  assert.equal(copy.endIndex, real.endIndex, at);
  assert.deepEqual(copy.startPosition, real.startPosition, `${at} start`);
  assert.deepEqual(copy.endPosition, real.endPosition, `${at} end`);
  assert.equal(copy.text, real.text, at);
  assert.equal(copy.hasError, real.hasError, `${at} hasError`);
  assert.equal(copy.isMissing, real.isMissing, `${at} isMissing`);
  assert.equal(copy.childCount, real.childCount, at);
  assert.equal(copy.namedChildCount, real.namedChildCount, at);
  assert.equal(copy.descendantCount, real.descendantCount, at);
  assert.equal(describeNode(copy.parent), describeNode(real.parent), `${at} parent`);
  assert.equal(describeNode(copy.nextSibling), describeNode(real.nextSibling), `${at} nextSibling`);
  assert.equal(describeNode(copy.previousSibling), describeNode(real.previousSibling), `${at} previousSibling`);
  assert.equal(describeNode(copy.nextNamedSibling), describeNode(real.nextNamedSibling), `${at} nextNamedSibling`);
  for (const f of FIELDS) {
    assert.equal(describeNode(copy.childForFieldName(f)), describeNode(real.childForFieldName(f)), `${at} field ${f}`);
    assert.deepEqual(copy.childrenForFieldName(f).map(describeNode), real.childrenForFieldName(f).map(describeNode), `${at} fields ${f}`);
  }
  for (let i = 0; i < real.childCount; i++) assert.equal(copy.fieldNameForChild(i), real.fieldNameForChild(i), `${at} fieldNameForChild ${i}`);
  assert.deepEqual(copy.namedChildren.map(describeNode), real.namedChildren.map(describeNode), `${at} namedChildren`);
  let count = 1;
  const kids = copy.children as Node[];
  const realKids = real.children;
  assert.equal(kids.length, realKids.length, at);
  for (let i = 0; i < kids.length; i++) count += same(kids[i], realKids[i] as Node, at);
  return count;
}

function checkTree(text: string, label: string): number {
  const tree = parseGo(text);
  try {
    let checked = 0;
    for (const decl of tree.rootNode.namedChildren) {
      if (!decl) continue;
      const copy = copySubtree(decl);
      assert.ok((copy as unknown) instanceof CopiedNode);
      checked += same(copy, decl, label);
      for (const types of SEARCHES) {
        assert.deepEqual(copy.descendantsOfType(types).map(describeNode), decl.descendantsOfType(types).map(describeNode), `${label} search ${types}`);
      }
      // above the copied declaration: tree-sitter's own nodes
      assert.equal(copy.parent?.type, 'source_file');
    }
    return checked;
  } finally {
    tree.delete();
  }
}

test('a copied declaration answers as tree-sitter does, node by node', () => {
  const src = [
    'package p',
    '',
    '// é ü 日本',
    'import (\n\t"fmt"\n\tstr "strings"\n)',
    'type T[K comparable, V any] struct {\n\tm map[K]V // the map\n\tnext *T[K, V]\n}',
    'func (t *T[K, V]) Get(k K) (v V, ok bool) {\n\tv, ok = t.m[k]\n\treturn\n}',
    'func naïve(s string, xs ...int) int {\n\tn := len("日本😀") + len(s)\n\tfor i, x := range xs {\n\t\tif x > i { n += x } else { n-- }\n\t}\n\tf := func() { fmt.Println(str.ToUpper(s)) }\n\tdefer f()\n\tswitch { case n > 3: return n }\n\treturn n\n}',
    'var (\n\ta, b = 1, 2\n\tc    = []string{"x", `y`}\n)',
  ].join('\n\n');
  const n = checkTree(src, 'valid');
  assert.ok(n > 250, `${n} nodes`);
});

test('syntax errors and missing nodes are answered by tree-sitter', () => {
  const broken = 'package p\n\nfunc f(a int {\n\tx := []int{1, 2\n\tif a > { return }\n\tg(\n}\n\nfunc h() { return 1 +  }\n\ntype S struct { a int; b }\n';
  const n = checkTree(broken, 'broken');
  assert.ok(n > 30, `${n} nodes`);
});

test('deeply nested code copies exactly, copy after copy (the cursor\'s stack is reallocated as it goes deeper)', () => {
  let body = 'x := 1\n';
  for (let i = 0; i < 40; i++) body = `if x > ${i} {\n${body}}\n`;
  const src = `package p\n\nfunc f() {\n${body}}\n\nfunc g() { f() }\n`;
  for (let round = 0; round < 200; round++) {
    const tree = parseGo(src);
    try {
      const fn = tree.rootNode.namedChildren[1]!;
      const copy = copySubtree(fn);
      assert.equal(copy.descendantCount, fn.descendantCount);
      assert.deepEqual(copy.descendantsOfType('if_statement').map(describeNode), fn.descendantsOfType('if_statement').map(describeNode));
      if (round === 0) same(copy, fn, 'nested');
    } finally {
      tree.delete();
    }
  }
  // the runtime's memory is still sound: a fresh parse reads as before
  assert.ok(checkTree(src, 'after') > 300);
});

test('a large real file copies exactly (net/http/server.go)', (t) => {
  const goroot = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout?.trim();
  const file = goroot ? path.join(goroot, 'src/net/http/server.go') : '';
  if (!file || !fs.existsSync(file)) {
    if (process.env.CI === 'true') assert.fail('go (and GOROOT/src/net/http/server.go) must be installed in CI');
    t.skip('go is not installed: no GOROOT file to copy');
    return;
  }
  const n = checkTree(fs.readFileSync(file, 'utf8'), 'server.go');
  assert.ok(n > 20_000, `${n} nodes`);
});

// Last in this file (its own process): it takes the runtime's cursor functions away for good.
test('without the runtime\'s cursor functions, copies are read through the TreeCursor API, the same', () => {
  installCursorCalls({});
  assert.equal(directSubtreeReads(), false);
  let body = 'x := 1\n';
  for (let i = 0; i < 12; i++) body = `if x > ${i} {\n${body}}\n`;
  assert.ok(checkTree(`package p\n\n// é\nfunc f(a int) {\n${body}}\n\nfunc g(s string) int { return len("日本") + f(1) }\n`, 'fallback') > 100);
});
