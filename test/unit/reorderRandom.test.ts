import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { defaultBuildContext } from '../../server/src/analysis/buildConstraints';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { analyzeStructs } from '../../server/src/analysis/layout';
import { layoutFindings } from '../../server/src/analysis/layout/findings';
import { applyTextEdits } from '../../server/src/analysis/layout/reorderApply';
import type { Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { PackageLoader } from '../../server/src/workspace/packageLoader';
import { loadStdTables } from '../../server/src/workspace/stdData';

/**
 * Random gofmt'ed structs (comments, tags, embedded fields, blank lines, nested
 * structs, non-ASCII) → reorder fix → gofmt must leave the result unchanged, and
 * every field name, tag and comment must survive.
 */
const SEED = Number(process.env.REORDER_SEED ?? 20240611);
const COUNT = Number(process.env.REORDER_COUNT ?? 200);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint16', 'float32', 'float64', 'complex128', 'string', '[]byte', '*int',
  'map[string]int', 'any', '[3]byte', '[2]int64', 'struct{}', 'time.Time', 'time.Duration', 'sync.Mutex', 'func()',
  'chan int', 'error', '*E1', 'G[int16]', 'byte', 'rune', 'uintptr', '[0]int64', 'struct{ a, b int8 }',
];
const EMBEDS = ['E1', '*E2', 'sync.Mutex', '*time.Location', 'G[int8]', 'E3'];
const WORDS = ['size', 'the', 'é', '世界', 'cache', 'x', 'TODO', 'naïve', 'flag', 'pointer', 'bytes', 'αβγ', 'ok'];

function generate(count: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  let src = 'package p\n\nimport (\n"sync"\n"time"\n)\n\nvar _ sync.Mutex\nvar _ time.Time\n\n';
  src += 'type E1 struct{ x int64 }\ntype E2 struct{ b bool }\ntype E3 struct{ c int32 }\ntype G[T any] struct{ v T }\n\n';
  for (let i = 0; i < count; i++) {
    const n = 2 + Math.floor(r() * 8);
    const used = new Set<string>();
    src += `// S${i} is random.\ntype S${i} struct {\n`;
    for (let k = 0; k < n; k++) {
      if (k > 0 && r() < 0.15) src += '\n';
      if (r() < 0.05) src += `// floating ${words(2)}\n\n`;
      if (r() < 0.2) src += `// f${k} ${words(1 + Math.floor(r() * 4))}\n`;
      if (r() < 0.05) src += `// more ${words(2)}\n`;
      let line: string;
      const emb = pick(EMBEDS);
      if (r() < 0.12 && !used.has(emb)) {
        used.add(emb);
        line = emb;
      } else {
        const base = `f${i}_${k}${'abcdefgh'.slice(0, Math.floor(r() * 8))}${r() < 0.1 ? 'é' : ''}`;
        const names = r() < 0.12 ? `${base}, ${base}z` : base;
        line = r() < 0.06 ? `${names} struct {\nq int64\nw bool${r() < 0.5 ? ' // inner' : ''}\n}` : `${names} ${pick(TYPES)}`;
      }
      if (r() < 0.25) line += ` \`json:"${'k'.repeat(1 + Math.floor(r() * 12))}${r() < 0.3 ? ',omitempty' : ''}"\``;
      if (r() < 0.3) line += r() < 0.1 ? ` /* ${words(1)} */` : ` // ${words(1 + Math.floor(r() * 4))}`;
      src += line + '\n';
    }
    if (r() < 0.1) src += `${r() < 0.5 ? '\n' : ''}// end ${words(2)}\n`;
    src += '}\n\n';
  }
  return src;
}

function gofmtBin(): string | undefined {
  const r = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return undefined;
  const p = path.join(r.stdout.trim(), 'bin', 'gofmt');
  return fs.existsSync(p) ? p : undefined;
}

function gofmt(bin: string, text: string): string {
  const r = spawnSync(bin, [], { input: text, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`gofmt failed: ${r.stderr}`);
  return r.stdout;
}

/** Per struct: sorted field names, tags and comments. */
function inventory(text: string): Map<string, string[]> {
  const tree = parseGo(text);
  const out = new Map<string, string[]>();
  for (const spec of tree.rootNode.descendantsOfType('type_spec')) {
    const name = spec?.childForFieldName('name')?.text;
    const st = spec?.childForFieldName('type');
    if (!name || !st || st.type !== 'struct_type') continue;
    const items: string[] = [];
    const walk = (n: Node): void => {
      if (n.type === 'field_identifier' || n.type === 'comment' || n.type === 'raw_string_literal') items.push(`${n.type}:${n.text}`);
      if (n.type === 'field_declaration' && n.childrenForFieldName('name').length === 0) items.push(`embedded:${n.text.split(/\s/)[0]}`);
      for (const c of n.children) if (c) walk(c);
    };
    walk(st);
    // Comments attached inside the struct span count too (doc and trailing ones are children of the list).
    out.set(name, items.sort());
  }
  tree.delete();
  return out;
}

function analyze(dir: string, file: string, text: string): Finding[] {
  const overlays = { textOf: (p: string) => (p === file ? { text } : undefined) };
  const pkg = new PackageLoader(overlays).load(dir, defaultBuildContext({ goarch: 'amd64', goos: 'linux' }));
  const index = indexPackage(pkg);
  return layoutFindings(analyzeStructs(index, { goarch: 'amd64', std: loadStdTables().layout }), index, () => false);
}

before(async () => {
  await initParser();
});

test(`reorder keeps ${COUNT} random gofmt'ed structs gofmt-clean and loses nothing`, (t) => {
  const bin = gofmtBin();
  if (!bin) {
    if (process.env.CI === 'true') assert.fail('go is not installed but CI=true');
    t.skip('go not found: skipping the random gofmt test');
    return;
  }
  const input = gofmt(bin, generate(COUNT, SEED));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reorder-random-'));
  try {
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/random\n\ngo 1.22\n');
    const file = path.join(tmp, 'x.go');
    fs.writeFileSync(file, input);
    const findings = analyze(tmp, file, input);
    const fixed = findings.filter((f) => f.fixes.length > 0);
    const refusals = new Map<string, number>();
    for (const f of findings) if (!f.fixes.length) refusals.set(f.noFixReason ?? '?', (refusals.get(f.noFixReason ?? '?') ?? 0) + 1);
    const output = applyTextEdits(input, fixed.flatMap((f) => f.fixes[0].edits));
    fs.writeFileSync(path.join(tmp, 'out.go.txt'), output);
    const formatted = gofmt(bin, output);
    // Per-struct mismatches, for a readable failure.
    const mismatches: string[] = [];
    if (formatted !== output) {
      const a = output.split('\ntype ');
      const b = formatted.split('\ntype ');
      for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) mismatches.push(`got:\ntype ${a[i]}\ngofmt:\ntype ${b[i]}`);
    }
    const before = inventory(input);
    const after = inventory(output);
    const lost: string[] = [];
    for (const [name, items] of before) if (JSON.stringify(after.get(name)) !== JSON.stringify(items)) lost.push(name);
    const again = analyze(tmp, file, output).filter((f) => f.fixes.length > 0);
    t.diagnostic(`${COUNT} structs, ${findings.length} improvable, ${fixed.length} fixed, refusals: ${JSON.stringify([...refusals])}, gofmt mismatches: ${mismatches.length}`);
    assert.ok(fixed.length > COUNT / 4, `too few fixes (${fixed.length})`);
    assert.deepEqual(mismatches.slice(0, 3), [], `${mismatches.length} structs are not gofmt-clean after the fix`);
    assert.deepEqual(lost, [], 'field names, tags or comments changed');
    assert.deepEqual(again.map((f) => f.message), [], 'a second run still offers fixes');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
