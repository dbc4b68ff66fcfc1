/**
 * Half-typed code whose syntax error breaks more than itself (parseDamage.ts): tree-sitter takes
 * the rest of the file for the unfinished statement's body, or splits the edited function into
 * package-level fragments. The server keeps the last findings, moved with the text, until the
 * edit is whole again — then it analyzes the text as it is.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
import { derivedOf, topDecls } from '../../server/src/analysis/checker/nodes';
import { brokeOtherDeclarations, declLayout } from '../../server/src/analysis/parseDamage';
import { Relocation, relocateFinding } from '../../server/src/analysis/relocate';
import type { Finding } from '../../server/src/analysis/types';
import { DocumentStore } from '../../server/src/documents';
import { defaultSettings } from '../../server/src/settings';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { AnalysisService } from '../../server/src/workspace/analysisService';
import { LspHarness } from '../helpers/lspHarness';

const DIR = path.resolve(__dirname, '../../../test/testdata/held');
const HELD = fs.readFileSync(path.join(DIR, 'held.go'), 'utf8');
const MODES = fs.readFileSync(path.join(DIR, 'broken/modes.go'), 'utf8');
const lines = HELD.split('\n');
const gLine = lines.findIndex((l) => l.includes('return &T{a: 1}'));
const emptyLine = lines.findIndex((l) => l.includes('n := c.a')) + 1;

before(async () => {
  await initParser();
});

/** `text` with `insert` typed after the first occurrence of `after`. */
function typed(text: string, after: string, insert: string): string {
  const at = text.indexOf(after);
  assert.ok(at >= 0, `the fixture has ${JSON.stringify(after)}`);
  return text.slice(0, at + after.length) + insert + text.slice(at + after.length);
}

function broke(before: string, now: string): boolean {
  const a = parseGo(before);
  const b = parseGo(now);
  try {
    return brokeOtherDeclarations(declLayout(before, a), declLayout(now, b));
  } finally {
    a.delete();
    b.delete();
  }
}

const EMPTY_LINE_IN_F = 'n := c.a\n';

test('an open block typed into a function breaks the declarations after it', () => {
  assert.equal(broke(HELD, typed(HELD, EMPTY_LINE_IN_F, '\tif n > 0 {')), true);
});

test('an error that stays inside the edited function breaks nothing else', () => {
  for (const insert of ['\tif ', '\tx := ', '\tc.Close(']) assert.equal(broke(HELD, typed(HELD, EMPTY_LINE_IN_F, insert)), false, insert);
});

test('a keystroke that makes an already broken function swallow the next declaration breaks it', () => {
  // the keystroke before left an error inside f (analyzed as it is); the open block then takes g into f
  const before = typed(HELD, EMPTY_LINE_IN_F, '\tif err := b();');
  assert.equal(broke(HELD, before), false, 'the error stays inside f');
  assert.equal(broke(before, typed(HELD, EMPTY_LINE_IN_F, '\tif err := b(); err != nil {')), true);
});

test('errors in two functions that one open block then takes in are worse, not better', () => {
  // fewer broken pieces (two → one) but more broken text: counting pieces let the 50,000-line file be analyzed
  // with everything after the edit gone (and the keystroke that closed the block cost 2.8 s)
  const withG = typed(HELD, 'return &T{a: 1}\n', '\tx := \n');
  const before = typed(withG, EMPTY_LINE_IN_F, '\tif err := b();');
  assert.equal(broke(withG, before), false);
  assert.equal(broke(before, typed(withG, EMPTY_LINE_IN_F, '\tif err := b(); err != nil {')), true);
});

test('mending the file, or splitting a function into two whole ones, breaks nothing', () => {
  const broken = typed(HELD, EMPTY_LINE_IN_F, '\tif n > 0 {');
  assert.equal(broke(broken, HELD), false, 'closing what was open');
  assert.equal(broke(HELD, typed(HELD, EMPTY_LINE_IN_F, '}\n\nfunc h() {')), false);
});

test('a function that error recovery splits into package-level fragments is broken', () => {
  // `ifx setting.Value() …`: the method ends at the typo, and its `var m Modes` becomes a package-level variable
  const now = typed(MODES, '!ok\n\tif', 'x');
  const tree = parseGo(now);
  try {
    assert.ok(tree.rootNode.namedChildren.some((n) => n?.type === 'var_declaration'), 'the fixture still shows the split');
  } finally {
    tree.delete();
  }
  assert.equal(broke(MODES, now), true);
  assert.equal(broke(MODES, typed(MODES, '\tm.Set(true)\n\tif', 'x')), false, 'an `ifx` the parser keeps inside the method');
});

test('a declaration pasted before another, with an error that stays inside it, breaks nothing', () => {
  // (the edited region is found by common prefix and suffix: it starts inside g's `func`, not before it)
  assert.equal(broke(HELD, typed(HELD, 'return n\n}\n\n', 'func h() int { return foo(,) }\n\n')), false);
  const noNewline = HELD.trimEnd();
  assert.equal(broke(noNewline, noNewline + '\n\nfunc h() int { return foo(,) }'), false, 'typed at the end of a file without a final newline');
});

/** An analysis service over one document, as the server keeps it. */
function service(file: string): { docs: DocumentStore; svc: AnalysisService; uri: string; text: string } {
  const docs = new DocumentStore();
  const settings = { ...defaultSettings(), compiler: 'off' as const };
  const uri = 'file://' + file;
  const text = fs.readFileSync(file, 'utf8');
  docs.open(uri, 'go', 1, text);
  return { docs, svc: new AnalysisService(docs, () => settings, () => {}), uri, text };
}

test('a kept finding next to the edit goes: its range and its fix would take in the text typed since', () => {
  const { docs, svc, uri, text } = service(path.join(DIR, 'sprint/p.go'));
  const before = svc.forDocument(uri)!;
  assert.ok(before.analysis.findings.some((f) => f.code === 'fmt-sprint-strconv' && f.fixes.length), 'fmt.Sprint(n) has its strconv fix');
  const line = text.split('\n').findIndex((l) => l.includes('fmt.Sprint(n)'));
  const at = text.split('\n')[line].indexOf('fmt.Sprint(n)') + 'fmt.Sprint(n)'.length;
  const insert = ' + string(func() {';
  docs.change(uri, 2, [{ range: { start: { line, character: at }, end: { line, character: at } }, text: insert }]);
  const held = svc.forDocument(uri)!;
  assert.equal(held.held, true, 'the open func literal takes the rest of the file');
  const overlaps = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    r.start.line <= line && r.end.line >= line && (r.start.line < line || r.start.character <= at + insert.length) && (r.end.line > line || r.end.character >= at);
  for (const f of held.analysis.findings) {
    assert.ok(!overlaps(f.range), `${f.code} at ${JSON.stringify(f.range)} takes in the typed text`);
    for (const x of f.fixes) for (const e of x.edits) assert.ok(!overlaps(e.range), `${x.title} edits the typed text`);
  }
  assert.ok(held.analysis.findings.some((f) => f.code === 'escapes-to-heap'), "counter's new(int) is kept");
  svc.dispose();
  docs.close(uri);
});

test('an edit elsewhere while a broken edit is held keeps it held', () => {
  const { docs, svc, uri } = service(path.join(DIR, 'held.go'));
  svc.forDocument(uri);
  const at = { line: emptyLine, character: 0 };
  docs.change(uri, 2, [{ range: { start: at, end: at }, text: '\tif n > 0 {' }]);
  assert.equal(svc.forDocument(uri)?.held, true);
  // a field added to the last struct: the region now runs from f to U, and g, swallowed by f, is inside it
  const uLine = lines.findIndex((l) => l.startsWith('type U struct'));
  const x = lines[uLine].indexOf('x int');
  docs.change(uri, 3, [{ range: { start: { line: uLine, character: x }, end: { line: uLine, character: x } }, text: 'y int; ' }]);
  assert.equal(svc.forDocument(uri)?.held, true);
  svc.dispose();
  docs.close(uri);
});

let h: LspHarness;
const uri = 'file://' + path.join(DIR, 'held.go');

function escapesAt(p: PublishDiagnosticsParams): number[] {
  return p.diagnostics.filter((d) => d.code === 'escapes-to-heap').map((d) => d.range.start.line);
}

async function change(version: number, line: number, character: number, text: string): Promise<PublishDiagnosticsParams> {
  const at = { line, character };
  await h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text }] });
  return h.diagnosticsFor(uri, version);
}

before(async () => {
  h = new LspHarness({ goarch: 'amd64', compiler: 'off' });
  await h.initialize(DIR);
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: HELD } });
});
after(() => h.dispose());

test('over LSP: while an open block swallows the file, the findings after it stay; once it is closed the new code is analyzed', async () => {
  const opened = await h.diagnosticsFor(uri, 1);
  assert.deepEqual(escapesAt(opened), [gLine], 'g allocates its T on the heap');
  const beforeInG = await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: gLine, character: lines[gLine].indexOf('T{') } });
  assert.match(JSON.stringify(beforeInG), /memory layout/);
  // typed on f's empty line: `if n > 0 {` with no closing brace yet — the parse takes g for part of f
  const open = await change(2, emptyLine, 0, '\tif n > 0 {');
  assert.equal(open.version, 2);
  assert.deepEqual(escapesAt(open), [gLine], "g's finding stays where g is");
  const hoverAt = async (line: number, character: number) =>
    (await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null;
  const tLine = lines.findIndex((l) => l.startsWith('type T struct'));
  const onT = await hoverAt(tLine, 5);
  assert.match(JSON.stringify(onT?.contents ?? null), /memory layout/, "T's declaration, above the edit, still parses: its layout is shown");
  const inG = lines[gLine].indexOf('T{');
  assert.deepEqual(await hoverAt(gLine, inG), beforeInG, "in what the open block swallowed, T's literal reads as before the edit");
  // the statement goes on: lines move, the kept finding moves with them
  const body = await change(3, emptyLine, '\tif n > 0 {'.length, '\n\t\tsink = &T{a: n}\n');
  assert.deepEqual(escapesAt(body), [gLine + 2], 'moved two lines down, and nothing yet for the unfinished statement');
  // closed: the file parses again, and the statement's own allocation is found
  const closed = await change(4, emptyLine + 2, 0, '\t}');
  assert.deepEqual(escapesAt(closed), [emptyLine + 1, gLine + 2]);
});

test('over LSP: while an edit is held, hovers read the current text and describe nothing that needs a declaration error recovery swallowed', async () => {
  const file = path.join(DIR, 'hover/v.go');
  const text = fs.readFileSync(file, 'utf8');
  const vUri = 'file://' + file;
  const at = (needle: string, offset = 0) => {
    const line = text.split('\n').findIndex((l) => l.includes(needle));
    return { line, character: text.split('\n')[line].indexOf(needle) + offset };
  };
  const hover = async (needle: string) => {
    const r = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri: vUri }, position: at(needle, 5) })) as Hover | null;
    return r ? JSON.stringify(r.contents) : null;
  };
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: vUri, languageId: 'go', version: 1, text } });
  await h.diagnosticsFor(vUri, 1);
  assert.match((await hover('type V struct')) ?? '', /memory layout.*size 24 B/s, 'V is 24 bytes: W (16) and a pointer');
  assert.match((await hover('make([]X, N)')) ?? '', /16 × 16 B = 256 B/, 'N is 16');
  // an open block typed in h: the parse takes W for part of h's body
  const blank = { line: at('n := 1').line + 1, character: 0 };
  await h.client.sendNotification('textDocument/didChange', { textDocument: { uri: vUri, version: 2 }, contentChanges: [{ range: { start: blank, end: blank }, text: '\tif n > 0 {' }] });
  await h.diagnosticsFor(vUri, 2);
  assert.match((await hover('type X struct')) ?? '', /memory layout/, 'X, above the edit, keeps its hover');
  assert.equal(await hover('type W struct'), null, 'W was swallowed: no hover');
  assert.equal(await hover('type V struct'), null, "V's layout needs W, which the broken parse does not declare: no hover, not a wrong one");
  const onMake = (await hover('make([]X, N)')) ?? '';
  assert.doesNotMatch(onMake, /run time|backing array/, 'N is declared in what was swallowed: no size, not "known only at run time"');
  assert.match(onMake, /escapes to heap/, 'the kept finding is still explained');
  await h.client.sendNotification('textDocument/didClose', { textDocument: { uri: vUri } });
});

test("a hover while an edit is held leaves the broken tree's declarations out of what the next parse inherits", () => {
  const { docs, svc, uri } = service(path.join(DIR, 'held.go'));
  try {
    svc.forDocument(uri);
    // a fact derived once for U, the last declaration: trees re-parsed since inherit it while U's text stays
    let derived = 0;
    const uFact = () => {
      const u = topDecls(docs.get(uri)!.tree).find((d) => d.node.text.startsWith('type U struct'));
      assert.ok(u, 'U parses as a declaration');
      return derivedOf(u, 'test:u', () => ++derived);
    };
    assert.equal(uFact(), 1);
    const at = { line: emptyLine, character: 0 };
    docs.change(uri, 2, [{ range: { start: at, end: at }, text: '\tif n > 0 {' }]);
    assert.equal(svc.forDocument(uri)?.held, true);
    // a hover's read of the broken text (U is inside f's body there)
    assert.ok(svc.readCurrentLayout(uri, (layout) => layout.structs.some((s) => s.name === 'T')));
    docs.change(uri, 3, [{ range: { start: at, end: { line: emptyLine, character: '\tif n > 0 {'.length } }, text: '' }]);
    assert.equal(svc.forDocument(uri)?.held, undefined, 'whole again');
    assert.equal(uFact(), 1, "U's fact is inherited from the last analyzed tree, not derived again");
  } finally {
    svc.dispose();
    docs.close(uri);
  }
});

test('typing on while an edit is held moves the kept findings as moving the last ones afresh would', () => {
  // many functions with findings that name lines, below and above the edit
  const funcs = Array.from(
    { length: 30 },
    (_, i) => `type T${i} struct {\n\ta int\n\tb *int\n}\n\nfunc f${i}(n int) *T${i} {\n\tx := &T${i}{a: n}\n\tp := new(int)\n\tx.b = p\n\ts := fmt.Sprint(n)\n\t_ = s\n\treturn x\n}\n`,
  );
  const text = `package p\n\nimport "fmt"\n\n${funcs.join('\n')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-held-'));
  const file = path.join(dir, 'p.go');
  fs.writeFileSync(file, text);
  const { docs, svc, uri } = service(file);
  try {
    const last = svc.forDocument(uri)!;
    assert.ok(last.analysis.findings.length > 60, `the file has findings (${last.analysis.findings.length})`);
    assert.ok(last.analysis.findings.some((f) => /line \d+/.test([f.message, ...f.why].join(' '))), 'some name lines');
    const all = text.split('\n');
    const line = all.findIndex((l, i) => l.includes('s := fmt.Sprint(n)') && all.slice(0, i).some((x) => x.startsWith('func f10('))); // in f10
    assert.ok(line > 0);
    let version = 1;
    const type = (l: number, c: number, insert: string, deleteCount = 0) =>
      docs.change(uri, ++version, [{ range: { start: { line: l, character: c }, end: { line: l, character: c + deleteCount } }, text: insert }]);
    const reference = () => {
      const now = docs.get(uri)!.doc.getText();
      const edit = Relocation.between(last.file.text, now);
      const relocations = new Map([[file, edit]]);
      const meets = (f: string, r: Finding['range']) => f === file && !!edit?.meets(r);
      return last.analysis.findings
        .filter((f) => !meets(f.file, f.range) && !f.related.some((x) => meets(x.file, x.range)) && !f.fixes.some((x) => x.edits.some((e) => meets(e.file, e.range))))
        .flatMap((f) => relocateFinding(f, relocations) ?? []);
    };
    const check = (what: string) => {
      const held = svc.forDocument(uri)!;
      assert.equal(held.held, true, `${what}: held`);
      assert.deepEqual(held.analysis.findings, reference(), what);
    };
    type(line, 1, 'if n > 0 {');
    check('the open block');
    for (const [i, ch] of [...'x := 1'].entries()) {
      type(line, 11 + i, ch);
      check(`typed ${JSON.stringify(ch)}`);
    }
    type(line, 17, '\n\t\t');
    check('a new line');
    type(line + 1, 2, 'n++');
    check('typed on the new line');
    type(line + 1, 4, '', 1);
    check('a character deleted');
    type(line - 20, 0, '// above\n');
    check('a line added above the block');
    type(line + 60, 0, '\n');
    check('a line added further down');
  } finally {
    svc.dispose();
    docs.close(uri);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a held edit does not read the last analysis's structs: they are read lazily from trees the re-parse has deleted", () => {
  const { docs, svc, uri } = service(path.join(DIR, 'held.go'));
  try {
    const last = svc.forDocument(uri)!;
    // (as the analysis's own getter would, had no hover asked for the structs yet)
    let reads = 0;
    Object.defineProperty(last.analysis, 'structs', { get: () => (reads++, []) });
    const at = { line: emptyLine, character: 0 };
    docs.change(uri, 2, [{ range: { start: at, end: at }, text: '\tif n > 0 {' }]);
    const held = svc.forDocument(uri)!;
    assert.equal(held.held, true);
    assert.ok(held.analysis.findings.length > 0, 'the findings are kept');
    assert.equal(reads, 0, 'the structs of the deleted trees were read');
  } finally {
    svc.dispose();
    docs.close(uri);
  }
});

test('undoing a held edit back to the analyzed text never hands back the analysis of the deleted tree', () => {
  const { docs, svc, uri } = service(path.join(DIR, 'held.go'));
  try {
    let version = 1;
    const insert = '\tif n > 0 {';
    let line = emptyLine;
    // A new parse can land at the address of the tree it replaced, and root node ids are addresses:
    // without a check of the tree objects, some undos got the cached result back (6 in 40 rounds).
    for (let round = 0; round < 40; round++) {
      const analyzed = svc.forDocument(uri)!;
      assert.equal(analyzed.file.tree, docs.get(uri)!.tree);
      docs.change(uri, ++version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: insert }]);
      assert.equal(svc.forDocument(uri)?.held, true, `round ${round}: held`);
      docs.change(uri, ++version, [{ range: { start: { line, character: 0 }, end: { line, character: insert.length } }, text: '' }]);
      const back = svc.forDocument(uri)!;
      assert.equal(back.file.tree, docs.get(uri)!.tree, `round ${round}: the result is of the document's current tree`);
      assert.ok(back.file.tree.rootNode.descendantsOfType('function_declaration').length > 0);
      // a whole edit, so that the next round starts from a new analysis
      docs.change(uri, ++version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// ${round}\n` }]);
      line++;
    }
  } finally {
    svc.dispose();
    docs.close(uri);
  }
});
