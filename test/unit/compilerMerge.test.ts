import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { editRegion, mergeFileWithCompiler } from '../../server/src/analysis/merge';
import type { Finding } from '../../server/src/analysis/types';
import { LspHarness } from '../helpers/lspHarness';

function finding(line: number, ch: number, source: 'model' | 'compiler', message: string): Finding {
  return {
    file: '/x.go',
    range: { start: { line, character: ch }, end: { line, character: ch + 1 } },
    code: 'moved-to-heap',
    category: 'escape',
    message,
    why: [],
    related: [],
    source,
    fixes: [],
  };
}

test('the edited region is the common prefix and suffix removed, for edits anywhere in large texts', () => {
  // editRegion compares blocks of up to 4,096 characters: edits at block edges, near the ends,
  // repeated text around the edit (the prefix and the suffix may overlap), and surrogate pairs.
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = ['a', 'b', '\n', 'é', '😀', 'ab'];
  const naive = (a: string, b: string) => {
    let start = 0;
    while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
    let oldEnd = a.length;
    let newEnd = b.length;
    while (oldEnd > start && newEnd > start && a[oldEnd - 1] === b[newEnd - 1]) {
      oldEnd--;
      newEnd--;
    }
    return { start, oldEnd, newEnd };
  };
  for (let i = 0; i < 300; i++) {
    const len = [0, 1, 5, 4095, 4096, 4097, 20_000][random(7)];
    let text = '';
    while (text.length < len) text += alphabet[random(alphabet.length)];
    const at = [0, text.length, 4096, random(text.length + 1)][random(4)];
    const from = Math.min(at, text.length);
    const to = Math.min(text.length, from + [0, 1, 2, 5000][random(4)]);
    const inserted = ['', 'a', 'ab', '😀', 'x'.repeat(4100)][random(5)];
    const edited = text.slice(0, from) + inserted + text.slice(to);
    assert.deepEqual(editRegion(text, edited), text === edited ? null : naive(text, edited), `case ${i}`);
  }
});

test('edits move compiler findings, mark them stale, and let the model speak inside the edited region', () => {
  const built = 'a\nb\nc\nd\n';
  const now = 'a\nb\nXX\nYY\nc\nd\n';
  assert.deepEqual(editRegion(built, now), { start: 4, oldEnd: 4, newEnd: 10 });
  const compiler = [finding(0, 0, 'compiler', 'first'), finding(3, 0, 'compiler', 'last')];
  const model = [finding(0, 0, 'model', 'model-first'), finding(2, 0, 'model', 'model-in-edit')];
  const merged = mergeFileWithCompiler(model, compiler, built, now);
  assert.deepEqual(
    merged.map((f) => [f.message, f.range.start.line, f.source, !!f.stale]),
    [
      ['first', 0, 'compiler', true],
      ['model-in-edit', 2, 'model', false],
      ['last', 5, 'compiler', true],
    ],
  );
  const same = mergeFileWithCompiler(model, compiler, built, built);
  assert.deepEqual(same.map((f) => f.source), ['compiler', 'compiler'], 'identical text: compiler replaces the model, no duplicates');
});

const hasGo = spawnSync('go', ['version']).status === 0;
if (!hasGo && process.env.CI) throw new Error('CI=true but `go` is not on PATH: the compiler merge tests must run in CI');

const SRC = `package p

type T struct{ n int }

func New(n int) *T {
\tt := T{n: n}
\treturn &t
}
`;

let dir = '';
let h: LspHarness;
before(() => {
  if (!hasGo) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-merge-'));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/p\n\ngo 1.22\n');
  fs.writeFileSync(path.join(dir, 'p.go'), SRC);
});
after(() => {
  h?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function until(pred: () => Diagnostic[] | undefined, what: string, ms = 60000): Promise<Diagnostic[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = pred();
    if (r) return r;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

test('with go, compiler findings replace the estimates, follow unsaved edits, and a broken build falls back to the model', { skip: hasGo ? false : 'go not on PATH (runs in CI)' }, async () => {
  h = new LspHarness({ compiler: 'auto', goarch: 'amd64' });
  const statuses: string[] = [];
  h.client.onNotification('goMemoryHints/status', (s: { text: string; tooltip: string }) => statuses.push(`${s.text} | ${s.tooltip}`));
  await h.client.sendRequest('initialize', { processId: null, rootUri: 'file://' + dir, capabilities: {}, initializationOptions: { settings: { compiler: 'auto' }, trusted: true } });
  await h.client.sendNotification('initialized', {});
  const uri = 'file://' + path.join(dir, 'p.go');
  await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: SRC } });
  const latest = () => h.allPublished(uri).at(-1);

  const fromCompiler = await until(() => {
    const d = latest()?.diagnostics.filter((x) => x.source === 'go compiler');
    return d && d.length ? d : undefined;
  }, 'compiler diagnostics');
  const moved = fromCompiler.find((d) => d.code === 'moved-to-heap');
  assert.ok(moved, 'moved to heap: t from the compiler');
  assert.equal(moved.range.start.line, 5);
  assert.ok(!latest()!.diagnostics.some((d) => d.code === 'moved-to-heap' && d.source !== 'go compiler'), 'no duplicate model finding');
  assert.ok(statuses.some((s) => s.includes('mem: compiler')), `status shows the compiler: ${statuses.join('; ')}`);

  // An unsaved edit that removes the escape: the overlay build must see it.
  const noEscape = SRC.replace('\treturn &t', '\treturn &T{n: t.n}');
  await h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: noEscape }] });
  await until(() => {
    const p = latest();
    if (!p || (p.version ?? 0) < 2) return undefined;
    const c = p.diagnostics.filter((d) => d.source === 'go compiler' && !d.message.includes('stale'));
    return c.some((d) => d.code === 'escapes-to-heap') && !c.some((d) => d.code === 'moved-to-heap') ? c : undefined;
  }, 'overlay build result');

  // A type error: the build fails, the model's estimates stay, and the status says so.
  const broken = noEscape.replace('func New', 'func New(x undefinedType)\nfunc Old');
  await h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: broken }] });
  await until(() => (statuses.some((s) => s.includes('build failed, showing estimates')) ? [] : undefined), 'build-failed status');
  const p3 = latest()!;
  assert.ok(p3.diagnostics.length > 0, 'never an empty screen');
  assert.ok(p3.diagnostics.every((d) => d.source !== 'go compiler'), 'failed build: model findings only');

  const report = (await h.client.sendRequest('goMemoryHints/compilerReport', { uri })) as { text?: string };
  assert.ok(report.text && /p\.go:\d+:\d+:/.test(report.text), 'the report names file:line:col positions');
});
