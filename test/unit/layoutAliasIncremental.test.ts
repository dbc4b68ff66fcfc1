/**
 * A struct's reorder is refused while a positional literal of it exists — written with its own
 * name or an alias. An edit can break the alias without naming the struct or the alias (the
 * property test typed over `type` in `type Named = Node`): the struct's cached finding must
 * then be computed again, and the fix offered, as a fresh analysis does (and refused again
 * when the alias comes back).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePackage, type AnalysisOptions } from '../../server/src/analysis/analyze';
import { EscapeSession } from '../../server/src/analysis/escape';
import { indexPackage } from '../../server/src/analysis/goPackage';
import type { Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { loadStdTables } from '../../server/src/workspace/stdData';

before(async () => {
  await initParser();
});

const MODEL = `package shop

type Node struct {
	ok   bool
	id   int64
	on   bool
	name string
}

type Named = Node
`;

const USE = `package shop

func Make() Named {
	return Named{true, 1, false, "x"}
}
`;

function layout(model: string, session?: EscapeSession): Finding[] {
  const files = [
    { path: '/shop/model.go', text: model, tree: parseGo(model) },
    { path: '/shop/use.go', text: USE, tree: parseGo(USE) },
  ];
  const opts: AnalysisOptions = { goarch: 'amd64', std: loadStdTables(), categories: new Set(['layout']), largeCopyThreshold: 128, escapeSession: session };
  return analyzePackage(indexPackage({ dir: '/shop', importPath: 'example.com/shop', files }), opts).findings.filter((f) => f.message.startsWith('struct Node '));
}

const summary = (fs: Finding[]) => fs.map((f) => ({ reason: f.noFixReason ?? null, fixes: f.fixes.length }));

test('an alias broken by an edit that names neither it nor the struct lifts the positional-literal refusal', () => {
  const session = new EscapeSession();
  const before = layout(MODEL, session);
  assert.deepEqual(summary(before), [{ reason: 'a positional composite literal of the type exists (use.go:4); reordering would break it', fixes: 0 }]);

  // `type` typed over: `Named` no longer denotes Node, and the literal no longer blocks the reorder
  const broken = MODEL.replace('type Named = Node', 'e Named = Node');
  const after = layout(broken, session);
  assert.deepEqual(summary(after), summary(layout(broken)));
  assert.deepEqual(summary(after), [{ reason: null, fixes: 1 }]);

  // and back: refused again
  assert.deepEqual(summary(layout(MODEL, session)), summary(before));
});

test("a struct's twin moved by an edit that leaves the struct where it was: the refusal names the twin's new line", () => {
  const S = (n: string) => `type ${n} struct {\n\ta bool\n\tb int64\n\tc bool\n}\n`;
  const G = 'func g() {}\n';
  const run = (text: string, session?: EscapeSession) => {
    const files = [{ path: '/p/a.go', text, tree: parseGo(text) }];
    const opts: AnalysisOptions = { goarch: 'amd64', std: loadStdTables(), categories: new Set(['layout']), largeCopyThreshold: 128, escapeSession: session };
    return analyzePackage(indexPackage({ dir: '/p', importPath: 'p', files }), opts).findings.map((f) => `${f.range.start.line + 1}: ${f.noFixReason}`);
  };
  const session = new EscapeSession();
  const before = run(`package p\n\n${G}\n${S('P0')}\n${S('P1')}`, session);
  assert.match(before[1], /^11: another struct type with the same fields exists \(a\.go:5\)/);
  // P0 and g trade places in one edit; P1 (line 11) is outside it
  const moved = `package p\n\n${S('P0')}\n${G}\n${S('P1')}`;
  const after = run(moved, session);
  assert.deepEqual(after, run(moved));
  assert.match(after[1], /^11: another struct type with the same fields exists \(a\.go:3\)/);
});
