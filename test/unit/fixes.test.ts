import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { applyFixes, fixAllText } from '../../server/src/analysis/fixes';
import { GoPackage, indexPackage } from '../../server/src/analysis/goPackage';
import { analyzeAllocationHints } from '../../server/src/analysis/hints';
import type { Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { loadFixturePackage } from '../helpers/fixturePackage';

/**
 * Golden tests of the fixes: test/testdata/fixes/<case>/x.go → x.go.golden holds
 * the text after applying every offered fix (fix-all plus fixes that need review).
 * Cases named `refuse-*` must not change, and each `// nofix "regex"` line must
 * carry a finding whose noFixReason matches. UPDATE_GOLDEN=1 rewrites goldens.
 */
const FIXES = path.resolve(__dirname, '../../../test/testdata/fixes');
const UPDATE = process.env.UPDATE_GOLDEN === '1';


function fixPackage(pkg: GoPackage, includeReviewFixes: boolean): { texts: Map<string, string>; findings: Finding[]; applied: number } {
  const index = indexPackage(pkg);
  const findings = analyzeAllocationHints(index);
  const texts = new Map<string, string>();
  let applied = 0;
  for (const file of index.files.values()) {
    const r = fixAllText(file, findings, { includeReviewFixes });
    texts.set(file.file.path, r.text);
    applied += r.applied.length;
  }
  return { texts, findings, applied };
}

function hasError(text: string): boolean {
  return parseGo(text).rootNode.hasError;
}

describe('fix goldens', () => {
  before(async () => {
    await initParser();
  });
  const cases = fs.existsSync(FIXES) ? fs.readdirSync(FIXES).filter((d) => fs.statSync(path.join(FIXES, d)).isDirectory()).sort() : [];
  it('has cases', () => assert.ok(cases.length > 0));
  for (const c of cases) {
    it(c, () => {
      const dir = path.join(FIXES, c);
      const pkg = loadFixturePackage(dir);
      const { texts, findings, applied } = fixPackage(pkg, true);
      for (const file of pkg.files) {
        const golden = `${file.path}.golden`;
        const got = texts.get(file.path)!;
        if (UPDATE) fs.writeFileSync(golden, got);
        assert.ok(fs.existsSync(golden), `missing ${golden} (run with UPDATE_GOLDEN=1)`);
        assert.equal(got, fs.readFileSync(golden, 'utf8'), `${path.basename(golden)} differs`);
        assert.equal(hasError(got), false, 'fixed text has syntax errors');
        // nofix expectations
        file.text.split('\n').forEach((line, i) => {
          const m = /\/\/ nofix "((?:[^"\\]|\\.)*)"/.exec(line);
          if (!m) return;
          const re = new RegExp(JSON.parse(`"${m[1]}"`));
          const f = findings.find((x) => x.file === file.path && x.range.start.line === i && x.noFixReason && re.test(x.noFixReason));
          assert.ok(f, `line ${i + 1}: no finding with a noFixReason matching ${re}; got ${JSON.stringify(findings.filter((x) => x.range.start.line === i).map((x) => x.noFixReason ?? '(fix offered)'))}`);
          assert.equal(f.fixes.length, 0);
        });
      }
      if (c.startsWith('refuse-')) {
        for (const file of pkg.files) assert.equal(texts.get(file.path), file.text, 'a refusal case must not change');
        assert.ok(findings.some((f) => f.noFixReason), 'a refusal case needs a finding with noFixReason');
      } else {
        assert.ok(applied > 0, 'no fix applied');
      }
      // every fix alone leaves parseable code
      for (const f of findings) {
        for (const fix of f.fixes) {
          const file = pkg.files.find((x) => x.path === f.file)!;
          assert.equal(hasError(applyFixes(file.text, fix.edits)), false, `${fix.kind} alone breaks syntax`);
          assert.ok(fix.title.length > 0 && fix.kind.length > 0);
        }
      }
    });
    it(`${c}: fixing twice changes nothing`, () => {
      const dir = path.join(FIXES, c);
      const first = fixPackage(loadFixturePackage(dir), true).texts;
      const second = fixPackage(loadFixturePackage(dir, { texts: first }), true);
      for (const [p, t] of first) assert.equal(second.texts.get(p), t, `${path.basename(p)} changed on the second pass`);
      assert.equal(second.applied, 0);
    });
  }
});

describe('fix-all', () => {
  before(async () => {
    await initParser();
  });
  it('leaves upper-bound preallocation to review', () => {
    const text = 'package p\n\nfunc f(xs []int) []int {\n\tys := []int{}\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\tys = append(ys, x)\n\t\t}\n\t}\n\treturn ys\n}\n';
    const pkg: GoPackage = { dir: '/p', importPath: '', files: [{ path: '/p/x.go', text, tree: parseGo(text) }] };
    const index = indexPackage(pkg);
    const findings = analyzeAllocationHints(index);
    assert.equal(findings.length, 1);
    assert.match(findings[0].fixes[0].title, /upper bound/);
    assert.equal(fixAllText(index.files.get('/p/x.go')!, findings).text, text);
    assert.match(fixAllText(index.files.get('/p/x.go')!, findings, { includeReviewFixes: true }).text, /ys := make\(\[\]int, 0, len\(xs\)\)/);
  });
  it('applies insertions before replacements at the same offset, and rejects overlaps', () => {
    const r = (l: number, c: number, l2: number, c2: number) => ({ start: { line: l, character: c }, end: { line: l2, character: c2 } });
    assert.equal(applyFixes('abcdef', [{ file: 'x', range: r(0, 2, 0, 4), newText: 'X' }, { file: 'x', range: r(0, 2, 0, 2), newText: 'I' }]), 'abIXef');
    assert.throws(() => applyFixes('abcdef', [{ file: 'x', range: r(0, 1, 0, 4), newText: '' }, { file: 'x', range: r(0, 2, 0, 5), newText: '' }]));
  });
});
