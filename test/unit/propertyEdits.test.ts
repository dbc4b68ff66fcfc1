/**
 * Property tests through the real server: random edits and byte garbage typed into
 * real Go files (read in place from GOROOT at test time, opened as unsaved buffers
 * of their own package), unbalanced braces, a generic program typed from scratch,
 * and pure garbage. Each case must leave the server answering within budget with
 * positions inside the document, and nothing logged as failed.
 * Seeds are printed; ROBUST_SEED=<n> replays, ROBUST_RUNS=<n> scales the runs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { probeDocument } from '../helpers/robustChecks';
import { RobustServer, seedFor } from '../helpers/robustHarness';

const ROOT = path.resolve(__dirname, '../../..');
const RUNS = Number(process.env.ROBUST_RUNS ?? '1');

function goroot(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Real Go files: a few from GOROOT (read in place) when go is installed, and our fixtures. */
function corpus(): { name: string; text: string }[] {
  const files: string[] = [];
  const gr = goroot();
  if (gr) {
    for (const rel of ['src/strings/builder.go', 'src/container/list/list.go', 'src/bufio/scan.go', 'src/sort/sort.go', 'src/encoding/json/encode.go']) {
      const p = path.join(gr, rel);
      if (fs.existsSync(p)) files.push(p);
    }
  }
  files.push(path.join(ROOT, 'test/testdata/robust/generics/generics.go'), path.join(ROOT, 'test/testdata/robust/unicode/unicode.go'));
  return files.map((p) => ({ name: path.basename(p), text: fs.readFileSync(p, 'utf8') }));
}

const FILES = corpus();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-prop-'));
let server: RobustServer;
let run = 0;

before(async () => {
  server = new RobustServer({ compiler: 'off', 'noescape.severity': 'hint', 'leak.severity': 'hint', 'inlayHints.enable': true });
  await server.initialize(scratch);
});
after(async () => {
  await server.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A fresh URI in a directory of its own (a one-file package that does not exist on disk). */
function freshUri(name: string): string {
  return 'file://' + path.join(scratch, `run${++run}`, name);
}

/** The LSP position of an offset: lines end at \n, \r\n and a lone \r (garbage may type one), as the server counts them. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

interface Edit {
  at: number;
  del: number;
  text: string;
}

/** Applies edits as incremental didChange notifications (one per edit) and returns the final text and version. */
async function typeEdits(uri: string, text: string, edits: Edit[]): Promise<{ text: string; version: number }> {
  let version = 1;
  for (const e of edits) {
    // (an offset between the \r and \n of a CRLF has no LSP position: the edit starts or ends before the pair)
    const whole = (o: number) => (o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10 ? o - 1 : o);
    const s = whole(e.at % (text.length + 1));
    const t = whole(Math.min(text.length, s + e.del));
    const range = { start: positionOf(text, s), end: positionOf(text, t) };
    text = text.slice(0, s) + e.text + text.slice(t);
    await server.change(uri, ++version, [{ range, text: e.text }]);
  }
  return { text, version };
}

const goTokens = fc.constantFrom(
  '{', '}', '(', ')', '[', ']', '\n', '\t', ';', ',', ':=', '=', '&', '*', '.', '"', '`', '/*', '*/', '//',
  'func', 'type', 'struct', 'interface', 'return', 'go ', 'defer ', 'for ', 'range ', 'map[string]', '[]byte',
  'x', 'T', 'any', '[T any]', '&T{}', 'append(s, x)', 'make([]int, n)', 'fmt.Sprintf("%d", 1)', 'package p\n',
);
const garbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('utf8')),
);
const edit = (text: fc.Arbitrary<string>) => fc.record({ at: fc.nat(), del: fc.nat({ max: 40 }), text });
const probes = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 });

async function check(uri: string, text: string, version: number, p: [number, number][], garbageDoc = false): Promise<void> {
  const problems = await probeDocument(server, uri, text, version, { probes: p, garbage: garbageDoc });
  await server.close(uri);
  assert.deepEqual(problems, [], `${uri} v${version}:\n${problems.join('\n')}\n--- text (first 400 chars) ---\n${text.slice(0, 400)}`);
}

test('random edits and byte garbage typed into real Go files', async () => {
  assert.ok(FILES.length >= 2);
  const seed = seedFor('random edits');
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: FILES.length - 1 }), fc.array(edit(fc.oneof(goTokens, garbage)), { minLength: 1, maxLength: 12 }), probes, async (fi, edits, p) => {
      server.resetLog();
      const f = FILES[fi];
      const uri = freshUri(f.name);
      await server.open(uri, f.text);
      const { text, version } = await typeEdits(uri, f.text, edits);
      await check(uri, text, version, p);
    }),
    { seed, numRuns: 30 * RUNS, endOnFailure: true, includeErrorInReport: true },
  );
});

test('unbalanced braces, brackets and parentheses', async () => {
  const seed = seedFor('unbalanced braces');
  const brace = fc.constantFrom('{', '}', '(', ')', '[', ']', '{{', '}}}', '');
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: FILES.length - 1 }), fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 2 }), text: brace }), { minLength: 1, maxLength: 8 }), probes, async (fi, edits, p) => {
      server.resetLog();
      const f = FILES[fi];
      const uri = freshUri(f.name);
      await server.open(uri, f.text);
      const { text, version } = await typeEdits(uri, f.text, edits);
      await check(uri, text, version, p);
    }),
    { seed, numRuns: 15 * RUNS, endOnFailure: true, includeErrorInReport: true },
  );
});

test('a generic program typed from scratch in random chunks (every state half-typed)', async () => {
  const seed = seedFor('half-typed generics');
  const program = fs.readFileSync(path.join(ROOT, 'test/testdata/robust/generics/generics.go'), 'utf8');
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 40 }), probes, async (chunks, p) => {
      server.resetLog();
      const uri = freshUri('generics.go');
      await server.open(uri, '');
      let typed = '';
      let version = 1;
      for (const n of chunks) {
        if (typed.length >= program.length) break;
        const next = program.slice(typed.length, typed.length + n);
        await server.change(uri, ++version, [{ range: { start: positionOf(typed, typed.length), end: positionOf(typed, typed.length) }, text: next }]);
        typed += next;
        // Look at some intermediate states, not only the last.
        if (version % 5 === 0) {
          const problems = await probeDocument(server, uri, typed, version, { probes: p });
          assert.deepEqual(problems, [], `after ${typed.length} chars:\n${problems.join('\n')}`);
        }
      }
      await check(uri, typed, version, p);
    }),
    { seed, numRuns: 10 * RUNS, endOnFailure: true, includeErrorInReport: true },
  );
});

test('pure garbage documents: no diagnostics, no hover, no fixes', async () => {
  const seed = seedFor('pure garbage');
  await fc.assert(
    fc.asyncProperty(garbage.filter((g) => !/[{}]/.test(g)), probes, async (g, p) => {
      server.resetLog();
      const uri = freshUri('garbage.go');
      await server.open(uri, g);
      await check(uri, g, 1, p, true);
    }),
    { seed, numRuns: 30 * RUNS, endOnFailure: true, includeErrorInReport: true },
  );
});
