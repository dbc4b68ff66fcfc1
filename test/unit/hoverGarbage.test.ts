/**
 * Hovers are absent, not wrong (issue #7): a hover appears only when it is about
 * something real. A name that resolves to no type (garbage, an undeclared name, a
 * package that is not imported) gets none, and neither does a parse error's guess
 * that an expression is a type (`fmt.Println(` read as a qualified type), while real
 * structs, standard-library types and allocation sites keep theirs, even inside
 * half-typed code.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { hoverMarkdown } from '../../server/src/analysis/hoverInfo';
import { analyzeStructs, layoutEngineFor } from '../../server/src/analysis/layout';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { loadStdTables } from '../../server/src/workspace/stdData';

before(async () => {
  await initParser();
});

/** The hover at every position of the text, by `line:character` (positions without one left out). */
function hovers(text: string): Map<string, string> {
  const path = '/hover/garbage/x.go';
  const index = indexPackage({ dir: '/hover/garbage', importPath: '', files: [{ path, text, tree: parseGo(text) }] });
  const opts = { goarch: 'amd64', std: loadStdTables().layout };
  const ctx = { index, file: index.pkg.files[0], structs: analyzeStructs(index, opts), engine: layoutEngineFor(index, opts), goarch: 'amd64', findings: [] };
  const out = new Map<string, string>();
  text.split('\n').forEach((line, l) => {
    for (let c = 0; c <= line.length + 1; c++) {
      const md = hoverMarkdown(ctx, { line: l, character: c });
      if (md) out.set(`${l}:${c}`, md);
    }
  });
  return out;
}

/** The hovers on the first occurrence of `word` in the text. */
function hoversOn(all: Map<string, string>, text: string, word: string): string[] {
  const lines = text.split('\n');
  const l = lines.findIndex((s) => s.includes(word));
  const c = lines[l].indexOf(word);
  return [...Array(word.length).keys()].map((i) => all.get(`${l}:${c + i}`) ?? '');
}

test('garbage that parses as a qualified type has no hover (ROBUST_SEED=1908127931)', () => {
  for (const text of ['U×ö.Ü\u0090', 'U×ö.Ü', 'x ö.Ü ; strings.Builder ; Q', '×new(ö.Ü) make([]ö, 3) new(Q)']) {
    assert.deepEqual([...hovers(text)], [], JSON.stringify(text));
  }
});

test('names that resolve to no type have no hover, in code that parses', () => {
  const text = ['package p', '', 'var y foo.Bar', 'var z []foo.Bar', 'var w = make([]foo.Bar, 3)', 'var v = new(Q)', 'var u = new(func(foo.Bar))', ''].join('\n');
  assert.deepEqual([...hovers(text)], []);
});

test('an expression that a parse error reads as a type has no hover', () => {
  const text = ['package p', '', 'import "fmt"', '', 'func f() {', '\tfmt.Println(', ''].join('\n');
  assert.deepEqual([...hovers(text)], []);
});

test('real types and allocation sites keep their hovers, also inside half-typed code', () => {
  const text = [
    'package p',
    '',
    'import "strings"',
    '',
    'type T struct {',
    '\ta bool',
    '\tb int64',
    '}',
    '',
    'func f() {',
    '\tvar b strings.Builder',
    '\ts := make([]T, 4)',
    '\tx := &T{}',
    '\ty := new(T)',
    '\tz := T{',
    '',
  ].join('\n');
  const root = parseGo(text).rootNode;
  assert.ok(root.namedChildren.some((n) => n?.type === 'ERROR' && n.text.includes('var b strings.Builder')), 'the body is a parse error');
  const all = hovers(text);
  const layoutOfT = /^\*\*T\*\* — memory layout/;
  assert.ok(hoversOn(all, text, 'Builder').every((h) => /size 32 B/.test(h)), 'strings.Builder');
  assert.ok(hoversOn(all, text, 'make').every((h) => /backing array 4 × 16 B = 64 B/.test(h)), 'make([]T, 4)');
  assert.ok(layoutOfT.test(hoversOn(all, text, '&T{}')[1]), '&T{}');
  assert.ok(layoutOfT.test(hoversOn(all, text, 'new(T)')[4]), 'new(T)');
});
