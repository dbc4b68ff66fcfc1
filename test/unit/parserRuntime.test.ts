/**
 * The parser's direct node transfer (syntax/parser.ts fastInt32Access): nodes read through
 * it are the nodes tree-sitter built, also after the WASM memory grew (the runtime then
 * replaces its heap views).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { directSubtreeReads } from '../../server/src/syntax/cursor';
import { fastNodeTransfer, initParser, parseGo } from '../../server/src/syntax/parser';

before(async () => {
  await initParser();
});

test('nodes move in and out of WASM memory directly on a little-endian host', () => {
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  assert.equal(fastNodeTransfer(), littleEndian, 'web-tree-sitter no longer exposes the accessors the parser replaces');
});

test('declarations are copied through the runtime\'s cursor functions, not the TreeCursor API', () => {
  assert.ok(directSubtreeReads(), 'web-tree-sitter no longer exposes the cursor functions syntax/cursor.ts readSubtree calls');
});

test('node kinds, fields and positions are right before and after the WASM memory grows', () => {
  const small = 'package p\n\n// é ü\nfunc naïve(s string) int {\n\treturn len("日本")\n}\n';
  const tree = parseGo(small);
  const check = () => {
    const fn = tree.rootNode.namedChildren.find((n) => n?.type === 'function_declaration');
    assert.ok(fn);
    assert.equal(fn.childForFieldName('name')?.text, 'naïve');
    assert.equal(fn.startIndex, 'package p\n\n// é ü\n'.length); // (UTF-16 units)
    assert.deepEqual(fn.startPosition, { row: 3, column: 0 });
    assert.equal(fn.endIndex, small.length - 1);
    const str = fn.descendantsOfType('interpreted_string_literal')[0];
    assert.equal(str?.text, '"日本"');
    assert.deepEqual(str?.startPosition, { row: 4, column: 12 });
    assert.equal(str?.parent?.parent?.type, 'call_expression');
  };
  check();
  // tens of megabytes of syntax trees: the runtime's memory grows and its views are new
  const big = 'package q\n\n' + Array.from({ length: 60_000 }, (_, i) => `func f${i}(a, b int) int { return a*${i} + b }\n`).join('');
  const bigTree = parseGo(big);
  const last = bigTree.rootNode.namedChildren[bigTree.rootNode.namedChildren.length - 1];
  assert.equal(last?.childForFieldName('name')?.text, 'f59999');
  assert.equal(last?.endPosition.row, 60_001);
  check();
  bigTree.delete();
  tree.delete();
});
