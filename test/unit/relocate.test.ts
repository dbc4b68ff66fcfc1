/**
 * Cached findings follow the edits around them (analysis/relocate.ts): what a user sees
 * on a function below the line being typed must sit on the same code afterwards, with
 * the line numbers its message names renumbered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editedWords, Relocation, relocateAll, relocateFinding, relocateLineWords, TextHistory } from '../../server/src/analysis/relocate';
import type { Finding } from '../../server/src/analysis/types';

const OLD = ['package p', '', 'func a() {', '\tx := 1', '}', '', 'func b() {', '\ts := ""', '\tfor range 3 {', '\t\ts += "x"', '\t}', '}', ''].join('\n');

function finding(line: number, character: number, message: string, extra: Partial<Finding> = {}): Finding {
  return {
    file: '/p/a.go',
    range: { start: { line, character }, end: { line, character: character + 1 } },
    code: 'string-concat-in-loop',
    category: 'alloc',
    message,
    why: [],
    related: [],
    source: 'model',
    fixes: [],
    ...extra,
  };
}

test('a line inserted above moves a finding down, with the lines its words name', () => {
  const next = OLD.replace('\tx := 1', '\tx := 1\n\ty := 2');
  const rel = new Map([['/p/a.go', Relocation.between(OLD, next)]]);
  const f = finding(9, 2, '`s` is built with += in the loop at line 9', {
    noFixReason: '`s` is used after the loop (line 12)',
    fixes: [{ kind: 'k', title: 't', fixAll: true, edits: [{ file: '/p/a.go', range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, newText: 'v' }] }],
  });
  const moved = relocateFinding(f, rel)!;
  assert.deepEqual(moved.range.start, { line: 10, character: 2 });
  assert.equal(moved.message, '`s` is built with += in the loop at line 10');
  assert.equal(moved.noFixReason, '`s` is used after the loop (line 13)');
  assert.deepEqual(moved.fixes[0].edits[0].range.start, { line: 8, character: 0 });
});

test('a finding moved twice renumbers the lines it names now, not those it named first', () => {
  // ten lines above: `line 9` becomes `line 19`; then one line between 9 and 19 must make it `line 20`
  const f = finding(9, 2, '`s` is built with += in the loop at line 10');
  const ten = OLD.replace('\tx := 1', '\tx := 1' + '\n'.repeat(10));
  const once = relocateFinding(f, new Map([['/p/a.go', Relocation.between(OLD, ten)]]))!;
  assert.equal(once.message, '`s` is built with += in the loop at line 20');
  const lines = ten.split('\n');
  lines.splice(14, 0, '');
  const twice = relocateFinding(once, new Map([['/p/a.go', Relocation.between(ten, lines.join('\n'))]]))!;
  assert.equal(twice.message, '`s` is built with += in the loop at line 21');
});

test('typing inside a line moves only the rest of that line', () => {
  const next = OLD.replace('\tx := 1', '\txyz := 1');
  const r = Relocation.between(OLD, next)!;
  assert.deepEqual(r.map({ line: 3, character: 0 }), { line: 3, character: 0 });
  assert.deepEqual(r.map({ line: 3, character: 4 }), { line: 3, character: 6 });
  assert.deepEqual(r.map({ line: 9, character: 2 }), { line: 9, character: 2 });
  assert.ok(r.words.has('x') && r.words.has('xyz'), 'the words the edit removed and made');
});

test('a finding inside the edited text cannot move: it is computed again', () => {
  const next = OLD.replace('\t\ts += "x"', '\t\ts = s + "x"');
  const rel = new Map([['/p/a.go', Relocation.between(OLD, next)]]);
  assert.equal(relocateFinding(finding(9, 3, 'in the edit'), rel), undefined);
});

test('line numbers in quoted code and of other files are told apart', () => {
  const next = 'package p\n\n' + OLD.slice('package p\n'.length);
  const r = Relocation.between(OLD, next);
  const rels = new Map([['/p/a.go', r], ['/p/b.go', null]]);
  assert.equal(relocateLineWords('`f("line 9")` at line 9, see a.go:9 and b.go:9', r, rels), '`f("line 9")` at line 10, see a.go:10 and b.go:9');
});

test('the text history relocates from the previous run and collects the edited words', () => {
  const h = new TextHistory();
  h.advance([{ path: '/p/a.go', text: OLD }]);
  const rels = h.advance([{ path: '/p/a.go', text: OLD.replace('s += "x"', 's += name') }]);
  assert.ok(rels.get('/p/a.go'));
  assert.ok(editedWords(rels).has('name'));
  const same = h.advance([{ path: '/p/a.go', text: OLD.replace('s += "x"', 's += name') }]);
  assert.equal(same.get('/p/a.go'), null);
});

test('a message naming the very line an edit split is not guessed: it is computed again', () => {
  const next = OLD.replace('\t\ts += "x"', '\t\ts +=\n "x"');
  const rel = new Map([['/p/a.go', Relocation.between(OLD, next)]]);
  // a finding in another file names a place on the split line
  const f = { ...finding(0, 0, 'a literal exists (a.go:10)'), file: '/p/b.go' };
  assert.equal(relocateFinding(f, new Map([...rel, ['/p/b.go', null]])), undefined);
});

test('a list of findings stays the same list unless an edit reaches one of its lines or moves lines', () => {
  // a finding spanning lines 6–11 (func b) with a related place on line 9 and a fix on line 7
  const list = [
    finding(6, 5, 'b', {
      range: { start: { line: 6, character: 5 }, end: { line: 11, character: 1 } },
      related: [{ file: '/p/a.go', range: { start: { line: 9, character: 2 }, end: { line: 9, character: 8 } }, message: 'here' }],
      fixes: [{ kind: 'k', title: 't', fixAll: false, edits: [{ file: '/p/a.go', range: { start: { line: 7, character: 1 }, end: { line: 7, character: 2 } }, newText: 'v' }] }],
    }),
  ];
  const after = (next: string) => relocateAll(list, new Map([['/p/a.go', Relocation.between(OLD, next)]]));
  // typing in func a, or between the lines the finding names (line 8): nothing of it moves
  assert.equal(after(OLD.replace('	x := 1', '	xyz := 1')), list);
  assert.equal(after(OLD.replace('	for range 3 {', '	for range 33 {')), list);
  // typing before a place on its line moves that place
  const related = after(OLD.replace('		s += "x"', '		 s += "x"'));
  assert.notEqual(related, list);
  assert.deepEqual(related?.[0].related[0].range.start, { line: 9, character: 3 });
  const fix = after(OLD.replace('	s := ""', '	 s := ""'));
  assert.deepEqual(fix?.[0].fixes[0].edits[0].range.start, { line: 7, character: 2 });
  // a line inserted above moves all of it
  assert.deepEqual(after(OLD.replace('	x := 1', '	x := 1\n\ty := 2'))?.[0].range, { start: { line: 7, character: 5 }, end: { line: 12, character: 1 } });
  // another file edited: the same list
  assert.equal(relocateAll(list, new Map([['/p/b.go', Relocation.between('a\nb', 'a\nb\nc')], ['/p/a.go', null]])), list);
});
