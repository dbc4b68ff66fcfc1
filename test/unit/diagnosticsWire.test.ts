import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { before, test } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyze';
import { defaultBuildContext } from '../../server/src/analysis/buildConstraints';
import { indexPackage } from '../../server/src/analysis/goPackage';
import type { Category, Finding } from '../../server/src/analysis/types';
import { toDiagnostic } from '../../server/src/features/convert';
import { publishBytes, publishParams, wireEncoder, type PublishItem } from '../../server/src/features/diagnosticsWire';
import type { SeveritySetting } from '../../server/src/settings';
import { initParser } from '../../server/src/syntax/parser';
import { PackageLoader } from '../../server/src/workspace/packageLoader';
import { loadStdTables } from '../../server/src/workspace/stdData';

/**
 * The bytes a publish goes out as (joined from each finding's bytes, features/diagnosticsWire.ts) must say what
 * JSON.stringify of the diagnostics would: every field of every diagnostic, for the findings of every fixture
 * package, and again after the findings' bytes were kept by an earlier publish.
 */
const TESTDATA = path.resolve(__dirname, '../../../test/testdata');
const ALL: Category[] = ['layout', 'escape', 'leak', 'noescape', 'alloc', 'advice'];
const SEVERITIES: SeveritySetting[] = ['error', 'warning', 'information', 'hint'];

let findings: Finding[] = [];
before(async () => {
  await initParser();
  const std = loadStdTables();
  for (const group of ['escape', 'advice', 'hints', 'layout']) {
    for (const c of fs.readdirSync(path.join(TESTDATA, group))) {
      const dir = path.join(TESTDATA, group, c);
      if (!fs.statSync(dir).isDirectory()) continue;
      const pkg = new PackageLoader().load(dir, defaultBuildContext({ goarch: 'amd64' }));
      findings.push(...analyzePackage(indexPackage(pkg), { goarch: 'amd64', std, categories: new Set(ALL), largeCopyThreshold: 128 }).findings);
    }
  }
});

/** What the default JSON encoder would send for the same publish. */
function expected(uri: string, version: number, items: PublishItem[]) {
  const diagnostics = items.map((it, id) => toDiagnostic(it.finding, it.severity, { id, version }));
  return JSON.parse(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } }));
}

test('the publish bytes parse to the diagnostics JSON.stringify would send, for every fixture finding', () => {
  assert.ok(findings.length > 300, `the fixtures give many findings (${findings.length})`);
  assert.ok(findings.some((f) => f.related.length) && findings.some((f) => f.fixes.length) && findings.some((f) => /[^\x00-\x7f]/.test(f.message)), 'related entries, fixes and non-ASCII messages are among them');
  const uri = 'file:///tmp/ünïcode dir/x.go';
  const items = findings.map((finding, i) => ({ finding, severity: SEVERITIES[i % SEVERITIES.length] }));
  for (const version of [1, 2, 1234567]) {
    const bytes = publishBytes(uri, version, items);
    assert.deepEqual(JSON.parse(bytes.toString('utf8')), expected(uri, version, items), `version ${version}`);
  }
});

test('a finding published again with another severity gets bytes with that severity', () => {
  const f = findings.find((x) => x.related.length)!;
  const once = JSON.parse(publishBytes('file:///x.go', 1, [{ finding: f, severity: 'warning' }]).toString());
  const again = JSON.parse(publishBytes('file:///x.go', 2, [{ finding: f, severity: 'error' }]).toString());
  assert.equal(once.params.diagnostics[0].severity, 2);
  assert.equal(again.params.diagnostics[0].severity, 1);
  assert.deepEqual(again.params.diagnostics[0].data, { id: 0, version: 2 });
});

test('an empty publish clears: the bytes carry an empty list', () => {
  assert.deepEqual(JSON.parse(publishBytes('file:///x.go', 7, []).toString()), expected('file:///x.go', 7, []));
});

test('the encoder sends a publish as its prepared bytes; the parameters, read as an object, say the same', async () => {
  const items = findings.slice(0, 50).map((finding) => ({ finding, severity: 'warning' as const }));
  const params = publishParams('file:///a/b.go', 3, items);
  const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params };
  const sent = JSON.parse(Buffer.from(await wireEncoder.encode(msg, { charset: 'utf-8' })).toString());
  assert.deepEqual(sent, expected('file:///a/b.go', 3, items));
  // what node IPC or a tracer would serialize: the `diagnostics` getter
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), sent);
});

test('every other message is encoded as vscode-jsonrpc would encode it', async () => {
  const msg = { jsonrpc: '2.0', id: 4, result: { contents: { kind: 'markdown', value: '| a | → |' } } };
  assert.equal(Buffer.from(await wireEncoder.encode(msg, { charset: 'utf-8' })).toString(), JSON.stringify(msg));
});
