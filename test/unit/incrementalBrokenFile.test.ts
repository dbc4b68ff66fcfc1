/**
 * A keystroke can make the whole file one ERROR tree without touching a struct's text: its
 * cached layout finding must then say the declaration is inside code that does not parse, as a
 * fresh analysis does, and offer no reorder (found by the property test through the server:
 * two edits typed into bufio/scan.go, analyzed after each).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { DocumentStore } from '../../server/src/documents';
import { defaultSettings } from '../../server/src/settings';
import { initParser } from '../../server/src/syntax/parser';
import { AnalysisService } from '../../server/src/workspace/analysisService';

function goroot(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const GOROOT = goroot();
const skip = !GOROOT && process.env.CI !== 'true' ? 'go is not installed (GOROOT/src/bufio/scan.go is the input; set CI=true to make this a failure)' : false;

before(async () => {
  await initParser();
});

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('a struct cached before its file stopped parsing gets the refusal a fresh analysis gives', { skip }, () => {
  assert.ok(GOROOT, 'CI=true but `go` is not on PATH');
  const original = fs.readFileSync(path.join(GOROOT, 'src/bufio/scan.go'), 'utf8');
  const layout = (svc: AnalysisService, uri: string) =>
    (svc.forDocument(uri)?.analysis.findings ?? []).filter((f) => f.code === 'struct-layout').map((f) => [f.range.start.line, f.noFixReason ?? null, f.fixes.length]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-broken-'));
  try {
    const uri = 'file://' + path.join(dir, 'scan.go');
    const docs = new DocumentStore();
    const settings = { ...defaultSettings(), compiler: 'off' as const };
    // (every text analyzed as it is: the server would keep the findings of before the file broke, see heldEdits.test.ts)
    const svc = new AnalysisService(docs, () => settings, () => {}, { keepOnBrokenEdits: false });
    docs.open(uri, 'go', 1, original);
    assert.deepEqual(layout(svc, uri).map(([, , fixes]) => fixes), [1], 'Scanner can be reordered in the file as it is');
    // the edits the property test typed: `(` over ScanRunes' results and opening brace, then garbage
    // in Scan's body (each found after the text before it)
    let text = original;
    let version = 1;
    const edits = [
      ['func ScanRunes(data []byte, atEOF bool) (advance int, ', 38, '('],
      ['s.buf[s.end:len(s.bu', 4, 'ȩ𛋛𝚷ￅ𖼞🅎'],
    ] as const;
    for (const [after, del, insert] of edits) {
      const found = text.indexOf(after);
      assert.ok(found >= 0, `scan.go has ${after}`);
      const at = found + after.length;
      const range = { start: positionOf(text, at), end: positionOf(text, at + del) };
      text = text.slice(0, at) + insert + text.slice(at + del);
      docs.change(uri, ++version, [{ range, text: insert }]);
      layout(svc, uri);
    }
    const fresh = new AnalysisService(docs, () => settings, () => {});
    assert.deepEqual(layout(svc, uri), layout(fresh, uri));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
