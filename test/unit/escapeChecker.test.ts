import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { typeString } from '../../server/src/analysis/goTypes';
import { PackageChecker } from '../../server/src/analysis/checker';
import type { StdEscapeTable, StdLayoutTable } from '../../server/src/analysis/stdTables';
import { initParser, parseGo } from '../../server/src/syntax/parser';

const SRC = `package p

import (
	"io"
	"strings"
)

const N = 4
const (
	A = iota * 2
	B
	C
)

type Inner struct{ X int; P *int }
type Outer struct {
	Inner
	*Other
	name string
}
type Other struct{ Z []byte }

func (o *Outer) Get() *int { return o.P }
func (o Outer) Name() string { return o.name }
func pair() (int, error) { return 0, nil }

func f(o Outer, w io.Writer, s string, m map[string][]int) {
	x := o.X
	z := o.Z
	p := o.Get()
	n, err := pair()
	var arr [N]byte
	sl := arr[:]
	for k, v := range m {
		_, _ = k, v
	}
	r := strings.NewReader(s)
	_, _ = w.Write(sl)
	b := []byte(s)
	fn := func(a int) *int { return &a }
	q := fn(1)
	var e any = x
	switch t := e.(type) {
	case int:
		_ = t
	case string:
		_ = t
	}
	_ = make([]int, C)
	_, _, _, _, _, _, _ = z, p, n, err, r, b, q
}
`;

const layout: StdLayoutTable = {
  goVersion: 'go1.26',
  types: {
    'io.Writer': { k: 'interface', m: ['Write'], l: { amd64: [16, 8, 16] } },
    'strings.Reader': { k: 'struct', l: { amd64: [32, 8, 8] } },
  },
};
const escape: StdEscapeTable = {
  goVersion: 'go1.26',
  funcs: {
    'strings.NewReader': { p: [{ n: 's', t: 'string', e: { res: [[0, 0]] } }], r: ['*strings.Reader'], inl: true },
    'io.Writer.Write': { recv: { n: '', t: 'io.Writer' }, p: [{ n: 'p', t: '[]byte' }], r: ['int', 'error'] },
  },
};

let root: Node;
let pc: PackageChecker;

before(async () => {
  await initParser();
  const tree = parseGo(SRC);
  root = tree.rootNode;
  const index = indexPackage({ dir: '/x', importPath: 'p', files: [{ path: '/x/a.go', text: SRC, tree }] });
  pc = new PackageChecker(index, { std: { layout, escape } });
});

function typeOfVar(name: string): string {
  const info = pc.checkFunction(pc.index.funcs.get('f')!);
  const o = info.locals.find((l) => l.name === name);
  assert.ok(o, `no local ${name}`);
  return typeString(o.type);
}

test('checker: inferred local types', () => {
  assert.equal(typeOfVar('x'), 'int');
  assert.equal(typeOfVar('z'), '[]uint8');
  assert.equal(typeOfVar('p'), '*int');
  assert.equal(typeOfVar('n'), 'int');
  assert.equal(typeOfVar('err'), 'error');
  assert.equal(typeOfVar('arr'), '[4]uint8');
  assert.equal(typeOfVar('sl'), '[]uint8');
  assert.equal(typeOfVar('k'), 'string');
  assert.equal(typeOfVar('v'), '[]int');
  assert.equal(typeOfVar('r'), '*strings.Reader');
  assert.equal(typeOfVar('b'), '[]uint8');
  assert.equal(typeOfVar('q'), '*int');
});

test('checker: constants with iota', () => {
  assert.equal(pc.globalObject('N')?.value, 4);
  assert.equal(pc.globalObject('C')?.value, 4);
});

test('checker: callees', () => {
  const info = pc.checkFunction(pc.index.funcs.get('f')!);
  const calls = root.descendantsOfType('call_expression').filter((c): c is Node => !!c);
  const kinds = calls.map((c) => `${c.childForFieldName('function')?.text}:${info.calleeOf(c).kind}`);
  assert.ok(kinds.includes('o.Get:local'));
  assert.ok(kinds.includes('pair:local'));
  assert.ok(kinds.includes('strings.NewReader:std'));
  assert.ok(kinds.includes('w.Write:interface'));
  assert.ok(kinds.includes('fn:dynamic'));
  assert.ok(kinds.includes('make:builtin'));
  const get = calls.find((c) => c.childForFieldName('function')?.text === 'o.Get')!;
  const cal = info.calleeOf(get);
  assert.equal(cal.kind === 'local' && cal.recv?.adjust, 'addr');
});

test('checker: type switch clause variables', () => {
  const info = pc.checkFunction(pc.index.funcs.get('f')!);
  const ts = root.descendantsOfType('type_case').filter((c): c is Node => !!c);
  assert.deepEqual(ts.map((c) => typeString(info.caseVars.get(c.id)!.type)), ['int', 'string']);
});
