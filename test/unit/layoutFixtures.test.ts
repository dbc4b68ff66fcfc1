import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { before, test } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyze';
import { defaultBuildContext } from '../../server/src/analysis/buildConstraints';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { initParser } from '../../server/src/syntax/parser';
import { PackageLoader } from '../../server/src/workspace/packageLoader';
import { loadStdTables } from '../../server/src/workspace/stdData';
import { parseWants } from '../helpers/wants';

/** Layout fixtures: `// want "struct-layout: ..."` on struct lines; `// goarch: X` picks the architecture. */
const ROOT = path.resolve(__dirname, '../../../test/testdata/layout');

before(async () => {
  await initParser();
});

for (const c of fs.readdirSync(ROOT)) {
  test(`layout fixture ${c}`, () => {
    const dir = path.join(ROOT, c);
    const first = fs.readdirSync(dir).filter((n) => n.endsWith('.go')).sort().map((n) => fs.readFileSync(path.join(dir, n), 'utf8')).join('\n');
    const goarch = /\/\/ goarch: (\w+)/.exec(first)?.[1] ?? 'amd64';
    const pkg = new PackageLoader().load(dir, defaultBuildContext({ goarch }));
    const analysis = analyzePackage(indexPackage(pkg), { goarch, std: loadStdTables(), categories: new Set(['layout']), largeCopyThreshold: 128 });
    assert.deepEqual(analysis.errors, []);
    for (const file of pkg.files) {
      const wants = parseWants(file.text);
      const got = analysis.findings.filter((f) => f.file === file.path);
      const lines = new Set([...wants.keys(), ...got.map((f) => f.range.start.line)]);
      for (const line of lines) {
        const here = got.filter((f) => f.range.start.line === line).map((f) => `${f.code}: ${f.message}`);
        const expected = wants.get(line) ?? [];
        const where = `${path.basename(file.path)}:${line + 1}`;
        assert.equal(here.length, expected.length, `${where}: expected ${expected.length} finding(s), got ${JSON.stringify(here)}`);
        for (const re of expected) assert.ok(here.some((h) => re.test(h)), `${where}: no finding matches ${re}: ${JSON.stringify(here)}`);
      }
    }
  });
}

test('generic structs report "depends on T" instead of a size, and constant array lengths resolve', () => {
  const dir = path.join(ROOT, 'amd64');
  const pkg = new PackageLoader().load(dir, defaultBuildContext({ goarch: 'amd64' }));
  const a = analyzePackage(indexPackage(pkg), { goarch: 'amd64', std: loadStdTables(), categories: new Set(['layout']), largeCopyThreshold: 128 });
  const g = a.structs.find((s) => s.name === 'Generic')!;
  assert.equal(g.layout, null);
  assert.equal(g.unknownReason, 'depends on T');
  const arr = a.structs.find((s) => s.name === 'Arr')!;
  assert.equal(arr.layout?.size, 8);
  assert.deepEqual(arr.layout?.fields.map((f) => [f.name, f.offset, f.size]), [['buf', 0, 6], ['n', 6, 2]]);
});
