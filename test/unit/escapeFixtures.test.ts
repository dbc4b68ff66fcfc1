/**
 * Runs the escape model on every fixture package under test/testdata/escape and
 * checks the `// want "regex" ...` expectations written in the sources (the way
 * Go's analyzers and test/escape*.go do): every want must be matched by a model
 * finding on that line, and every heap / leak / does-not-escape finding of the
 * model must be wanted. The wants were verified with the real compiler
 * (escapeFixturesCompiler.test.ts keeps checking that).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { EscapeSession } from '../../server/src/analysis/escape';
import { indexPackage } from '../../server/src/analysis/goPackage';
import type { StdTables } from '../../server/src/analysis/stdTables';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { parseWants } from '../helpers/wants';

const ROOT = path.resolve(__dirname, '../../../test/testdata/escape');
const DATA = path.resolve(__dirname, '../../../data');


function loadStd(): StdTables {
  const std: StdTables = {};
  const lp = path.join(DATA, 'std-layout.json');
  const ep = path.join(DATA, 'std-escape.json');
  if (fs.existsSync(lp)) std.layout = JSON.parse(fs.readFileSync(lp, 'utf8'));
  if (fs.existsSync(ep)) std.escape = JSON.parse(fs.readFileSync(ep, 'utf8'));
  return std;
}

const dirs = fs.existsSync(ROOT) ? fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()) : [];
let std: StdTables = {};

before(async () => {
  await initParser();
  std = loadStd();
});

for (const d of dirs) {
  test(`escape fixture ${d}`, () => {
    const dir = path.join(ROOT, d);
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .map((f) => {
        const p = path.join(dir, f);
        const text = fs.readFileSync(p, 'utf8');
        return { path: p, text, tree: parseGo(text) };
      });
    const index = indexPackage({ dir, importPath: `escfixtures/${d}`, files });
    const { findings } = new EscapeSession().run(index, { std });
    const problems: string[] = [];
    for (const f of files) {
      const wants = parseWants(f.text, { anchored: true, base: 1 });
      const got = findings.filter((x) => x.file === f.path);
      const byLine = new Map<number, string[]>();
      for (const g of got) {
        const l = g.range.start.line + 1;
        byLine.set(l, [...(byLine.get(l) ?? []), g.message]);
      }
      const base = path.basename(f.path);
      for (const [line, res] of wants) {
        const msgs = byLine.get(line) ?? [];
        for (const re of res) {
          const i = msgs.findIndex((m) => re.test(m));
          if (i < 0) problems.push(`${base}:${line}: missing ${re.source} (model: ${JSON.stringify(byLine.get(line) ?? [])})`);
          else msgs.splice(i, 1);
        }
      }
      for (const [line, msgs] of byLine) {
        const wanted = wants.get(line) ?? [];
        for (const m of msgs) {
          if (m.startsWith('zero-copy')) continue;
          if (!wanted.some((re) => re.test(m))) problems.push(`${base}:${line}: unexpected "${m}"`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}
