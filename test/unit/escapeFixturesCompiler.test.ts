/**
 * Checks the `// want` expectations of test/testdata/escape against the real
 * compiler (`go build -gcflags=-m`), so the fixtures stay truth, not guesses.
 * Skipped with a message when `go` is missing, unless CI=true (then it fails).
 */
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseWants } from '../helpers/wants';

const ROOT = path.resolve(__dirname, '../../../test/testdata/escape');


const goOk = cp.spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
const dirs = fs.existsSync(ROOT) ? fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()) : [];

for (const d of dirs) {
  test(`escape fixture ${d} agrees with the compiler`, (t) => {
    if (!goOk) {
      if (process.env.CI === 'true') assert.fail('go is required in CI to check escape fixtures against the compiler');
      t.skip('go not found: cannot check fixtures against the compiler');
      return;
    }
    const r = cp.spawnSync('go', ['build', '-o', process.platform === 'win32' ? 'NUL' : '/dev/null', '-gcflags=-m', `./${d}`], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PWD: ROOT, GOFLAGS: '-mod=mod' },
    });
    assert.equal(r.status, 0, r.stderr);
    const reports = new Map<string, string[]>();
    for (const line of r.stderr.split('\n')) {
      const m = /^(.*?\.go):(\d+):\d+: (.*)$/.exec(line);
      if (!m || /inlin/.test(m[3])) continue;
      const key = `${path.basename(m[1])}:${m[2]}`;
      reports.set(key, [...(reports.get(key) ?? []), m[3]]);
    }
    const problems: string[] = [];
    const dir = path.join(ROOT, d);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.go'))) {
      const wants = parseWants(fs.readFileSync(path.join(dir, f), 'utf8'), { anchored: true, base: 1 });
      for (const [line, res] of wants) {
        const msgs = reports.get(`${f}:${line}`) ?? [];
        for (const re of res) if (!msgs.some((m) => re.test(m))) problems.push(`${f}:${line}: compiler does not say ${re.source} (it says ${JSON.stringify(msgs)})`);
      }
      for (const [key, msgs] of reports) {
        if (!key.startsWith(f + ':')) continue;
        const wanted = wants.get(Number(key.split(':')[1])) ?? [];
        for (const m of msgs) if (!m.startsWith('zero-copy') && !wanted.some((re) => re.test(m))) problems.push(`${key}: compiler says "${m}" but no want matches`);
      }
    }
    assert.deepEqual(problems, []);
  });
}
