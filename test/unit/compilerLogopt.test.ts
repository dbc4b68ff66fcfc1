/**
 * The `-json=0,DIR` copy log: parser on hand-written log lines and on the fixture's captured log
 * (test/compiler-captures/esc.json-esc.json, collide.json-type.json), the name-collision check, the
 * directory helpers, and the merge with the model's large-copy hints. Pure: no go needed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { mergeCompilerFindings, mergeFileWithCompiler } from '../../server/src/analysis/merge';
import { toCompilerPosition } from '../../server/src/analysis/positions';
import type { Finding } from '../../server/src/analysis/types';
import { CODES } from '../../server/src/analysis/codes';
import { fileUriToPath, lostFiles, parseLogoptFile, sourceStem, type LogoptFile } from '../../server/src/compiler/logopt';
import { expectedPackages, jsonFlag, nonceSpelling, pruneLogDirs, readLogDir } from '../../server/src/compiler/logoptDir';
import { parseEscapeOutput, type ParsedEscapes } from '../../server/src/compiler/parse';

const ROOT = path.resolve(__dirname, '../../..');
const CAPTURES = path.join(ROOT, 'test/compiler-captures');
const DIR = '/w/cp';
const FILE = `${DIR}/cp.go`;

// Hand-written source and log. Line 6 has 2-byte and 4-byte characters before the copy at `c`:
// byte column 33, UTF-16 column 28.
const SRC = [
  'package cp',
  '',
  'type Big struct{ A [32]int64 }',
  '',
  'func Use(p *Big, xs []Big) (t int64) {',
  '\ts := "héllo wörld 🙂"; var c Big = *p; _ = s',
  '\tfor _, x := range xs {',
  '\t\tt += x.A[0] + c.A[1]',
  '\t}',
  '\treturn t + Take(*p) + p.Sum()',
  '}',
  '',
].join('\n');

const HEADER = `{"version":0,"package":"example.com/cp","goos":"linux","goarch":"amd64","gc_version":"go1.26.8","file":"${FILE}"}`;
const at = (line: number, col: number) => `"range":{"start":{"line":${line},"character":${col}},"end":{"line":${line},"character":${col}}}`;
const LOG = [
  HEADER,
  `{${at(5, 6)},"severity":3,"code":"canInlineFunction","source":"go compiler","message":"cost: 47"}`,
  `{${at(6, 33)},"severity":3,"code":"copy","source":"go compiler","message":"256 bytes"}`,
  `{${at(7, 14)},"severity":3,"code":"copy","source":"go compiler","message":"256 bytes"}`,
  `{${at(10, 17)},"severity":3,"code":"copy","source":"go compiler","message":"256 bytes"}`,
  `{${at(10, 17)},"severity":3,"code":"copy","source":"go compiler","message":"256 bytes"}`,
  `{${at(10, 29)},"severity":3,"code":"copy","source":"go compiler","message":"256 bytes","relatedInformation":[{"location":{"uri":"file:///w/cp/big%20sum.go","range":{"start":{"line":3,"character":14},"end":{"line":3,"character":14}}},"message":"inlineLoc"}]}`,
  `{${at(10, 29)},"severity":3,"code":"escape","source":"go compiler","message":"x escapes to heap"}`,
  'not json at all',
  '{"range":{"start":{"line":2,"character":1}},"code":"copy","message":"256 bytes"',
  '',
].join('\n');
const TEXT = ['# example.com/cp', './cp.go:10:29: inlining call to Big.Sum', './cp.go:10:17: inlining call to Take', ''].join('\n');

function texts(abs: string): string | undefined {
  if (abs === FILE) return SRC;
  if (abs === `${DIR}/big sum.go`) return 'package cp\n\nfunc (b Big) Sum() (s int64) {\n\tfor _, v := range b.A {\n';
  return undefined;
}

function parse(files: LogoptFile[], text = TEXT): ParsedEscapes {
  const r = parseEscapeOutput(text, { cwd: DIR, packageDir: DIR, getText: texts, logopt: files, exitCode: 0 });
  assert.equal(r.ok, true);
  return r as ParsedEscapes;
}

function copies(r: ParsedEscapes): Finding[] {
  return r.findings.filter((f) => f.code === 'large-copy');
}

describe('compiler -json copy log', () => {
  const file = parseLogoptFile('example.com/cp', 'cp.json', LOG);

  it('reads the header and only the copy entries; a broken copy line is counted, not thrown', () => {
    assert.equal(file.header?.file, FILE);
    assert.equal(file.header?.version, 0);
    assert.equal(file.header?.gcVersion, 'go1.26.8');
    assert.equal(file.entries.length, 5);
    assert.ok(file.entries.every((e) => e.code === 'copy' && e.file === FILE));
    assert.equal(file.badLines, 1);
    assert.deepEqual(file.entries[4].inlined, [{ file: '/w/cp/big sum.go', line: 3, column: 14 }]);
  });

  it('lines and byte columns are 1-based; UTF-16 columns come out, through positions.ts', () => {
    const c = copies(parse([file])).find((f) => f.range.start.line === 5);
    assert.ok(c);
    const line = SRC.split('\n')[5];
    assert.equal(c.range.start.character, line.indexOf('c Big'));
    assert.equal(c.range.start.character, 28);
    assert.deepEqual(toCompilerPosition(SRC, c.range.start), { line: 6, column: 33 });
    assert.equal(c.message, 'copies 256 bytes (assigned by value)');
    assert.equal(line.slice(c.range.start.character, c.range.end.character), 'c');
  });

  it('one finding per position and size, in plain words, category alloc, source compiler', () => {
    const r = parse([file]);
    const cs = copies(r);
    assert.equal(r.copies, 4);
    assert.equal(cs.length, 4);
    assert.equal(r.dropped.duplicate, 1);
    for (const f of cs) {
      assert.equal(f.category, 'alloc');
      assert.equal(f.source, 'compiler');
      assert.deepEqual(f.fixes, []);
      assert.equal(CODES[f.code].category, 'alloc');
    }
    const byLine = (l: number) => cs.filter((f) => f.range.start.line === l - 1).map((f) => f.message);
    assert.deepEqual(byLine(7), ['copies 256 bytes (the range value, every iteration)']);
    // `Take(*p)`: logged twice at the call's `(`; Take is inlined there (text), the copies are not inside it.
    assert.deepEqual(byLine(10).sort(), ['copies 256 bytes (via inlining of Big.Sum)', 'copies 256 bytes twice (passed by value to Take)']);
    const take = cs.find((f) => f.message.includes('Take'))!;
    assert.equal(SRC.split('\n')[9].slice(take.range.start.character, take.range.end.character), '(*p)');
    const range = cs.find((f) => f.range.start.line === 6)!;
    assert.equal(SRC.split('\n')[6].slice(range.range.start.character, range.range.end.character), 'range');
    assert.match(range.why[0], /copies 256 bytes here/);
    assert.match(range.why[1], /range over the index/);
    // the copy inside the inlined callee: its position there is related information
    const inl = cs.find((f) => f.message.includes('via inlining'))!;
    assert.deepEqual(inl.related.map((x) => [x.file, x.range.start.line, x.range.start.character]), [['/w/cp/big sum.go', 2, 13]]);
  });

  it('the captured log of the fixture package: CopyBig returns 256 bytes', () => {
    const esc = path.join(ROOT, 'test/testdata/compiler/fixture/esc');
    const log = parseLogoptFile('example.com/fixture/esc', 'esc.json', fs.readFileSync(path.join(CAPTURES, 'esc.json-esc.json'), 'utf8'));
    // The capture was made in /work/main; the header names the file where it was.
    const relocated: LogoptFile = { ...log, entries: log.entries.map((e) => ({ ...e, file: path.join(esc, 'esc.go') })) };
    const r = parseEscapeOutput('', { cwd: esc, packageDir: esc, getText: (f) => fs.readFileSync(f, 'utf8'), logopt: [relocated], exitCode: 0 });
    assert.ok(r.ok);
    const cs = r.findings.filter((f) => f.code === 'large-copy');
    assert.equal(cs.length, 1);
    const line = fs.readFileSync(path.join(esc, 'esc.go'), 'utf8').split('\n')[cs[0].range.start.line];
    assert.match(line, /^func CopyBig\(b \*Big\) Big \{ return \*b \}$/);
    assert.equal(line.slice(cs[0].range.start.character, cs[0].range.end.character), 'return');
    assert.equal(cs[0].message, 'copies 256 bytes (the returned value)');
  });

  it('<autogenerated> entries and files outside the package are dropped and counted', () => {
    const auto = parseLogoptFile('p', '%3Cautogenerated%3E.json', [
      HEADER.replace(FILE, '<autogenerated>'),
      `{${at(1, 0)},"severity":3,"code":"copy","source":"go compiler","message":"304 bytes","relatedInformation":[{"location":{"uri":"file://${FILE}","range":{"start":{"line":6,"character":33},"end":{"line":6,"character":33}}},"message":"inlineLoc"}]}`,
    ].join('\n'));
    const foreign = parseLogoptFile('p', 'type.json', [
      HEADER.replace(FILE, '/usr/local/go/src/sync/atomic/type.go'),
      `{${at(58, 6)},"severity":3,"code":"copy","source":"go compiler","message":"128 bytes"}`,
    ].join('\n'));
    const r = parse([auto, foreign], '');
    assert.equal(copies(r).length, 0);
    assert.equal(r.dropped.autogenerated, 1);
    assert.equal(r.dropped.foreign, 1);
  });

  it('a version other than 0 is not read', () => {
    const v1 = parseLogoptFile('p', 'cp.json', LOG.replace('"version":0', '"version":1'));
    assert.equal(v1.entries.length, 0);
  });

  it('file URIs become paths (percent escapes, Windows drive letters)', () => {
    assert.equal(fileUriToPath('file:///a/b%20c/d.go'), '/a/b c/d.go');
    assert.equal(fileUriToPath('file:///C:/x/y.go'), 'C:/x/y.go');
    assert.equal(fileUriToPath('file://C:/x/y.go'), 'C:/x/y.go');
    assert.equal(fileUriToPath('/plain/path.go'), '/plain/path.go');
  });

  it('a package file whose log a foreign file of the same base name overwrote is found (captured collision)', () => {
    const collide = '/w/collide';
    const captured = fs.readFileSync(path.join(CAPTURES, 'collide.json-type.json'), 'utf8');
    // The capture's winner was the package's own type.go (it sorted after /usr/local/go); flip it to the
    // loser's view: the header names sync/atomic's type.go.
    const lostView = parseLogoptFile('example.com/fixture/collide', 'type.json', captured.replace(/"file":"[^"]*"/, '"file":"/usr/local/go/src/sync/atomic/type.go"'));
    const won = parseLogoptFile('example.com/fixture/collide', 'type.json', captured.replace(/"file":"[^"]*"/, `"file":"${collide}/type.go"`));
    const compiled = [`${collide}/type.go`, `${collide}/other.go`];
    assert.deepEqual(lostFiles([lostView], compiled, (f) => f), [`${collide}/type.go`]);
    assert.deepEqual(lostFiles([won], compiled, (f) => f), []);
    assert.equal(sourceStem('/a/x.go'), 'x');
    assert.equal(sourceStem('/a/x_test.go'), 'x_test');
  });

  it('garbage logs never throw and every copy range lies inside its line', () => {
    const lines = SRC.split('\n');
    const entry = fc.record({
      line: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.constant(6)),
      col: fc.oneof(fc.integer({ min: -1, max: 80 }), fc.constant(33)),
      bytes: fc.constantFrom('256 bytes', '0 bytes', 'bytes', '12x bytes', ''),
      code: fc.constantFrom('copy', 'copy', 'nilcheck', 'copyx'),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(entry.map((e) => `{${at(e.line, e.col)},"code":"${e.code}","message":"${e.bytes}"}`), fc.string({ maxLength: 40 })), { maxLength: 20 }), (ls) => {
        const f = parseLogoptFile('p', 'cp.json', [HEADER, ...ls].join('\n'));
        for (const c of copies(parse([f], ''))) {
          const { start, end } = c.range;
          assert.ok(start.line >= 0 && start.line < lines.length, JSON.stringify(c.range));
          assert.ok(start.character >= 0 && end.character <= Math.max(lines[start.line].length, start.character + 1), JSON.stringify(c.range));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('copy log directories', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-logopt-test-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the nonce spelling cleans back to the same directory (a new action ID, the same files)', () => {
    const dir = path.join(root, 'abc');
    const n = nonceSpelling(dir);
    assert.notEqual(n, dir);
    assert.equal(path.normalize(n).replace(/[\\/]$/, ''), dir);
    assert.notEqual(nonceSpelling(dir), n);
  });

  it('-json flags are quoted for the go command when the directory has spaces', () => {
    assert.equal(jsonFlag('/tmp/x'), '-json=0,/tmp/x');
    assert.equal(jsonFlag('/tmp/a b'), "'-json=0,/tmp/a b'");
    assert.equal(jsonFlag("/tmp/it's b"), '"-json=0,/tmp/it\'s b"');
    assert.equal(jsonFlag('/tmp/"it\'s" b'), undefined);
  });

  it('expected packages come from the -m=2 headers (variants by package path, not the test main)', () => {
    assert.deepEqual(expectedPackages(['example.com/cp'], false), ['example.com/cp']);
    assert.deepEqual(expectedPackages(['example.com/cp [example.com/cp.test]', 'example.com/cp_test [example.com/cp.test]', 'example.com/cp.test'], true), [
      'example.com/cp',
      'example.com/cp_test',
    ]);
  });

  it('reads package directories; files left by an earlier compile are skipped', async () => {
    const dir = path.join(root, 'read');
    const sub = path.join(dir, 'example.com%2Fcp');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'cp.json'), LOG);
    fs.writeFileSync(path.join(sub, 'old.json'), HEADER.replace('cp.go', 'old.go') + '\n');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(sub, 'old.json'), old, old);
    const r = await readLogDir(dir);
    assert.deepEqual([...r.packages], ['example.com/cp']);
    assert.deepEqual(r.files.map((f) => f.name), ['cp.json']);
    assert.equal(r.stale, 1);
    assert.deepEqual(await readLogDir(path.join(root, 'missing')), { packages: new Set(), files: [], newestMs: 0, stale: 0 });
  });

  it('pruning keeps the newest directories', async () => {
    const prev = process.env.GMH_LOGOPT_ROOT;
    process.env.GMH_LOGOPT_ROOT = path.join(root, 'prune');
    try {
      for (let i = 0; i < 6; i++) {
        const d = path.join(root, 'prune', `k${i}`);
        fs.mkdirSync(d, { recursive: true });
        const t = new Date(Date.now() - (10 - i) * 60_000);
        fs.utimesSync(d, t, t);
      }
      assert.equal(await pruneLogDirs(4), 2);
      assert.deepEqual(fs.readdirSync(path.join(root, 'prune')).sort(), ['k2', 'k3', 'k4', 'k5']);
    } finally {
      if (prev === undefined) delete process.env.GMH_LOGOPT_ROOT;
      else process.env.GMH_LOGOPT_ROOT = prev;
    }
  });
});

describe('merging compiler copies with the model', () => {
  const f = (code: string, line: number, source: 'model' | 'compiler', character = 1): Finding => ({
    file: FILE,
    range: { start: { line, character }, end: { line, character: character + 1 } },
    code,
    category: 'alloc',
    message: code,
    why: [],
    related: [],
    source,
    fixes: [],
  });

  it('a compiler copy replaces the model large-copy hint on its line; other model hints stay', () => {
    const model = [f('large-range-copy', 6, 'model', 8), f('large-param-copy', 4, 'model', 9), f('slice-append-in-loop', 6, 'model')];
    const compiler = [f('large-copy', 6, 'compiler', 13), f('large-copy', 9, 'compiler')];
    const merged = mergeCompilerFindings(model, compiler, new Set([FILE]));
    assert.deepEqual(merged.map((x) => `${x.range.start.line}:${x.code}:${x.source}`), [
      '4:large-param-copy:model',
      '6:slice-append-in-loop:model',
      '6:large-copy:compiler',
      '9:large-copy:compiler',
    ]);
    // a file that did not build keeps the model's hints
    assert.equal(mergeCompilerFindings(model, compiler, new Set()).length, 3);
  });

  it('after an edit, the moved (stale) compiler copy still replaces the model hint on its new line', () => {
    const built = SRC;
    const now = '// a new first line\n' + SRC;
    const model = [f('large-range-copy', 7, 'model', 8)];
    const compiler = [f('large-copy', 6, 'compiler', 13)];
    const merged = mergeFileWithCompiler(model, compiler, built, now);
    assert.deepEqual(merged.map((x) => `${x.range.start.line}:${x.code}:${x.source}:${!!x.stale}`), ['7:large-copy:compiler:true']);
  });
});
