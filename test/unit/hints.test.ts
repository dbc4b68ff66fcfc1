import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { indexPackage, PackageIndex } from '../../server/src/analysis/goPackage';
import type { GoType } from '../../server/src/analysis/goTypes';
import { analyzeAllocationHints, isSuppressed, parseDirective, SizeOracle } from '../../server/src/analysis/hints';
import { localUnderlying } from '../../server/src/analysis/typeResolver';
import type { Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { parseWants } from '../helpers/wants';
import { loadFixturePackage } from '../helpers/fixturePackage';

const HINTS = path.resolve(__dirname, '../../../test/testdata/hints');

/** A size oracle for fixtures: basic types, arrays and structs of them (amd64); the layout model replaces it in the server. */
function fixtureSizes(index: PackageIndex): SizeOracle {
  const sizeof = (t: GoType): number | null => {
    switch (t.kind) {
      case 'basic':
        return ({ bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, string: 16 } as Record<string, number>)[t.name] ?? 8;
      case 'pointer':
      case 'map':
      case 'chan':
      case 'func':
        return 8;
      case 'slice':
        return 24;
      case 'interface':
        return 16;
      case 'array': {
        const e = sizeof(t.elem);
        return e === null || t.len === null ? null : e * t.len;
      }
      case 'struct': {
        let n = 0;
        for (const f of t.fields) {
          const s = sizeof(f.type);
          if (s === null) return null;
          n += Math.ceil(s / 8) * 8;
        }
        return n;
      }
      case 'named': {
        const u = localUnderlying(t, index);
        return u ? sizeof(u) : null;
      }
      default:
        return null;
    }
  };
  return { sizeof };
}



function render(f: Finding): string {
  return `${f.code}: ${f.message}`;
}

describe('allocation hints fixtures', () => {
  before(async () => {
    await initParser();
  });
  const cases = fs.existsSync(HINTS) ? fs.readdirSync(HINTS).filter((d) => fs.statSync(path.join(HINTS, d)).isDirectory()) : [];
  it('has fixtures', () => assert.ok(cases.length > 0));
  for (const c of cases) {
    it(c, () => {
      const pkg = loadFixturePackage(path.join(HINTS, c));
      const index = indexPackage(pkg);
      const findings = analyzeAllocationHints(index, { sizes: fixtureSizes(index) });
      const problems: string[] = [];
      for (const file of pkg.files) {
        const ws = parseWants(file.text, { anchored: false, base: 0 });
        const mine = findings.filter((f) => f.file === file.path);
        const lines = new Set([...ws.keys(), ...mine.map((f) => f.range.start.line)]);
        for (const line of [...lines].sort((a, b) => a - b)) {
          const got = mine.filter((f) => f.range.start.line === line);
          const exp = ws.get(line) ?? [];
          const unmatched = [...got];
          for (const re of exp) {
            const k = unmatched.findIndex((f) => re.test(render(f)));
            if (k < 0) problems.push(`${path.basename(file.path)}:${line + 1}: no finding matches ${re}; got ${JSON.stringify(got.map(render))}`);
            else unmatched.splice(k, 1);
          }
          for (const f of unmatched) problems.push(`${path.basename(file.path)}:${line + 1}: unexpected ${render(f)}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});

describe('suppression directives', () => {
  before(async () => {
    await initParser();
  });
  it('parses directive forms', () => {
    assert.deepEqual(parseDirective('//memhints:ignore'), { func: false, codes: [] });
    assert.deepEqual(parseDirective('//memhints:ignore defer-in-loop,alloc-in-loop -- hot path reviewed'), { func: false, codes: ['defer-in-loop', 'alloc-in-loop'] });
    assert.deepEqual(parseDirective('//memhints:ignore -- reason'), { func: false, codes: [] });
    assert.deepEqual(parseDirective('//memhints:ignore-func'), { func: true, codes: [] });
    assert.equal(parseDirective('// memhints:ignore'), undefined);
    assert.equal(parseDirective('//memhints:ignored'), undefined);
  });
  it('silences a line, the next line, and a function', () => {
    const text = [
      'package p', // 0
      '',
      'func f() {', // 2
      '\tx := 1 //memhints:ignore', // 3
      '\t//memhints:ignore alloc-in-loop', // 4
      '\ty := 2', // 5
      '\t_, _ = x, y', // 6
      '}',
      '',
      '// g does things.', // 9
      '//memhints:ignore-func defer-in-loop', // 10
      'func g() {', // 11
      '\tprintln()', // 12
      '}', // 13
    ].join('\n');
    const file = { path: '/x.go', text, tree: parseGo(text) };
    assert.equal(isSuppressed(file, 3, 'anything'), true);
    assert.equal(isSuppressed(file, 5, 'alloc-in-loop'), true);
    assert.equal(isSuppressed(file, 5, 'defer-in-loop'), false);
    assert.equal(isSuppressed(file, 6, 'alloc-in-loop'), false);
    assert.equal(isSuppressed(file, 12, 'defer-in-loop'), true);
    assert.equal(isSuppressed(file, 11, 'defer-in-loop'), true);
    assert.equal(isSuppressed(file, 12, 'alloc-in-loop'), false);
    assert.equal(isSuppressed(file, 2, 'defer-in-loop'), false);
  });
});
