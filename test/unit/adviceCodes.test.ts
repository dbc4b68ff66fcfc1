import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { ADVICE_CODES, analyzeAdvice, defaultAdviceSettings } from '../../server/src/analysis/advice';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { loadStdTables } from '../../server/src/workspace/stdData';

const ROOT = path.resolve(__dirname, '../../..');
const ADVICE = path.join(ROOT, 'test/testdata/advice');

function fixtureFiles(): string[] {
  return fs
    .readdirSync(ADVICE)
    .flatMap((d) => (fs.statSync(path.join(ADVICE, d)).isDirectory() ? fs.readdirSync(path.join(ADVICE, d)).filter((f) => f.endsWith('.go')).map((f) => path.join(ADVICE, d, f)) : []));
}

function pkgOf(text: string, p = '/virtual/x.go') {
  return indexPackage({ dir: path.dirname(p), importPath: 'example.com/x', files: [{ path: p, text, tree: parseGo(text) }] });
}

describe('advice codes', () => {
  before(async () => {
    await initParser();
  });

  it('are unique, kebab-case, described, with a default', () => {
    const codes = ADVICE_CODES.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of ADVICE_CODES) {
      assert.match(c.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(c.description.length > 20, c.code);
      assert.equal(typeof c.defaultOn, 'boolean');
    }
    assert.deepEqual(Object.keys(defaultAdviceSettings()), codes);
  });

  it('each has a catalogue entry in docs/hints.md', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/hints.md'), 'utf8');
    const headings = new Set([...doc.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1].trim().replace(/`/g, '')));
    for (const c of ADVICE_CODES) assert.ok(headings.has(c.code), `docs/hints.md has no heading for ${c.code}`);
  });

  it('each is expected by at least one fixture', () => {
    const all = fixtureFiles().map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    for (const c of ADVICE_CODES) assert.ok(all.includes(`// want "${c.code}`) || new RegExp(`// want .*"${c.code}`).test(all), `no fixture expects ${c.code}`);
  });

  it('codes option runs only the chosen hints; //memhints:ignore silences', () => {
    const text = [
      'package p',
      '',
      'import "time"',
      '',
      'func f(ch chan int) {',
      '\tfor {',
      '\t\tselect {',
      '\t\tcase <-ch:',
      '\t\tcase <-time.After(time.Second):',
      '\t\t\treturn',
      '\t\t}',
      '\t\tselect {',
      '\t\tcase <-ch:',
      '\t\tcase <-time.After(time.Second): //memhints:ignore time-after-in-loop',
      '\t\t\treturn',
      '\t\t}',
      '\t}',
      '}',
    ].join('\n');
    const all = analyzeAdvice(pkgOf(text), { goVersion: '1.22', strict: true });
    assert.deepEqual(all.map((f) => `${f.range.start.line}:${f.code}`), ['8:time-after-in-loop']);
    assert.deepEqual(analyzeAdvice(pkgOf(text), { goVersion: '1.22', codes: new Set(['runtime-gc-call']) }), []);
  });

  it('never throws on code being typed (every fixture cut at many points)', () => {
    const std = loadStdTables();
    for (const f of fixtureFiles()) {
      const text = fs.readFileSync(f, 'utf8');
      const step = Math.max(1, Math.floor(text.length / 25));
      for (let cut = step; cut < text.length; cut += step) {
        const broken = text.slice(0, cut);
        assert.doesNotThrow(() => analyzeAdvice(pkgOf(broken, f), { std, strict: true }), `${path.basename(path.dirname(f))} cut at ${cut}`);
      }
    }
  });
});
