import * as fs from 'fs';
import * as path from 'path';
import type { GoPackage } from '../../server/src/analysis/goPackage';
import { parseGo } from '../../server/src/syntax/parser';

/**
 * A fixture directory as a package: every `.go` file parsed (texts may be
 * overridden, e.g. by a fix's result); `_test.go` files go to `testFiles`.
 */
export function loadFixturePackage(dir: string, opts: { texts?: Map<string, string>; importPath?: string } = {}): GoPackage {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.go'))
    .sort()
    .map((f) => {
      const p = path.join(dir, f);
      const text = opts.texts?.get(p) ?? fs.readFileSync(p, 'utf8');
      return { path: p, text, tree: parseGo(text) };
    });
  const tests = files.filter((f) => f.path.endsWith('_test.go'));
  return { dir, importPath: opts.importPath ?? '', files: files.filter((f) => !f.path.endsWith('_test.go')), testFiles: tests };
}
