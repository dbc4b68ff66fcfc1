import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, test } from 'node:test';
import { defaultBuildContext } from '../../server/src/analysis/buildConstraints';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { analyzeStructs } from '../../server/src/analysis/layout';
import { initParser } from '../../server/src/syntax/parser';
import { ExternalLayouts, packageDirOf, parseGoMod } from '../../server/src/workspace/moduleResolver';
import { PackageLoader } from '../../server/src/workspace/packageLoader';
import { loadStdTables } from '../../server/src/workspace/stdData';

const APP = path.resolve(__dirname, '../../../test/testdata/modules/app');
let modcache = '';
const saved = process.env.GOMODCACHE;

before(async () => {
  await initParser();
  // A module cache holding example.com/cached@v1.2.3 (as `go mod download` would leave it).
  modcache = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-modcache-'));
  const dir = path.join(modcache, 'example.com', 'cached@v1.2.3', 'thing');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'thing.go'), 'package thing\n\ntype T struct {\n\tA, B, C int64\n\tS string\n}\n');
  process.env.GOMODCACHE = modcache;
});
after(() => {
  if (saved === undefined) delete process.env.GOMODCACHE;
  else process.env.GOMODCACHE = saved;
  fs.rmSync(modcache, { recursive: true, force: true });
});

test('go.mod parsing: module, require blocks, local and versioned replaces', () => {
  const m = parseGoMod('/r', 'module a.b/c // comment\n\nrequire x.y/z v1.0.0\nrequire (\n\tp.q/r v2.0.0 // indirect\n)\nreplace p.q/r => ../r\nreplace x.y/z v1.0.0 => x.y/fork v1.1.0\n');
  assert.equal(m.module, 'a.b/c');
  assert.equal(m.replaces.get('p.q/r'), path.resolve('/r', '../r'));
  assert.equal(m.requires.get('x.y/z'), 'v1.1.0#x.y/fork');
});

test('types from the same module, a replace directive and the module cache get exact sizes; a missing module says unknown', () => {
  const loader = new PackageLoader();
  const ctx = defaultBuildContext({ goarch: 'amd64' });
  const dir = path.join(APP, 'model');
  assert.equal(packageDirOf('example.com/app/other', dir), path.join(APP, 'other'));
  const pkg = loader.load(dir, ctx, { importPath: 'example.com/app/model' });
  const reports = analyzeStructs(indexPackage(pkg), { goarch: 'amd64', std: loadStdTables().layout, external: new ExternalLayouts(loader, ctx, loadStdTables().layout).resolverFor(dir) });
  const by = (n: string) => reports.find((r) => r.name === n)!;
  assert.equal(by('SameModule').layout?.size, 32, 'bool + struct{int64; [3]int32} = 8 + 24');
  assert.equal(by('Replaced').layout?.size, 24);
  assert.equal(by('Replaced').layout?.ptrdata, 16);
  assert.equal(by('Cached').layout?.size, 48);
  assert.equal(by('Missing').layout, null);
  assert.match(by('Missing').unknownReason ?? '', /unknown/);
});
