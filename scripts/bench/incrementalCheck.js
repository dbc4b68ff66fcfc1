#!/usr/bin/env node
'use strict';
/**
 * Incremental analysis equals a fresh one, on real packages: a long-lived analysis service
 * (the server's: open document, incremental re-parse, per-function caches, the escape
 * session's shortcuts) takes a series of edits to a GOROOT file — typing in bodies,
 * parameters added to signatures, fields added to structs, stray characters — and after
 * every edit its findings for the file must be exactly those of a fresh service on the same
 * text. Exits 1 on the first difference (printed).
 * `npm run check:incremental [-- --edits=N --seed=S --kinds=body,signature,type]`.
 *
 * Needs `go` (for GOROOT) and a build (out/).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { rng, findSites, makeEdits } = require('./edits');

const OUT = path.resolve(__dirname, '../../out/server/src');
const { initParser } = require(path.join(OUT, 'syntax/parser'));
const { DocumentStore } = require(path.join(OUT, 'documents'));
const { AnalysisService } = require(path.join(OUT, 'workspace/analysisService'));
const { defaultSettings } = require(path.join(OUT, 'settings'));

const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
};
const EDITS = Number(arg('edits', '12'));
const SEED = Number(arg('seed', '11'));
const FILES = ['net/http/server.go', 'go/types/expr.go'];
/** `--kinds=signature,type`: only those edits (default: a mix with stray characters). */
const KINDS = arg('kinds', '').split(',').filter(Boolean);

function findingsOf(svc, uri) {
  const r = svc.forDocument(uri);
  const file = new URL(uri).pathname;
  return (r?.analysis.findings ?? [])
    .filter((f) => f.file === file)
    .map((f) => JSON.stringify([f.range, f.code, f.message, f.why, f.related, f.fixes, f.noFixReason ?? null]))
    .sort();
}

/** One edit applied (not reverted): an apply change of a random kind, or a stray character. */
function nextChange(text, random) {
  const sites = findSites(text);
  if (KINDS.length) {
    const [edit] = makeEdits(sites, KINDS[Math.floor(random() * KINDS.length)], 1, random);
    return { label: edit.kind, change: edit.apply };
  }
  const r = random();
  if (r < 0.15) {
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    const character = Math.floor(random() * (lines[line].length + 1));
    return { label: 'stray', change: { range: { start: { line, character }, end: { line, character } }, text: '{}()*&x\n'[Math.floor(random() * 8)] } };
  }
  const kind = r < 0.7 ? 'body' : r < 0.85 ? 'signature' : 'type';
  const [edit] = makeEdits(sites, kind, 1, random);
  return edit ? { label: kind, change: edit.apply } : nextChange(text, random);
}

(async () => {
  await initParser();
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const random = rng(SEED);
  let failures = 0;
  for (const rel of FILES) {
    const file = path.join(goroot, 'src', rel);
    const uri = 'file://' + file;
    const docs = new DocumentStore();
    const settings = defaultSettings();
    // (every text analyzed as it is: the server keeps the last findings over a half-typed edit that breaks other
    // declarations — heldEdits.test.ts —, which a fresh analysis of that text does not have)
    const svc = new AnalysisService(docs, () => settings, (m) => console.log(`  (incremental) ${m.slice(0, 300)}`), { keepOnBrokenEdits: false });
    docs.open(uri, 'go', 1, fs.readFileSync(file, 'utf8'));
    findingsOf(svc, uri);
    const t0 = Date.now();
    for (let i = 0; i < EDITS; i++) {
      const { label, change } = nextChange(docs.get(uri).doc.getText(), random);
      docs.change(uri, i + 2, [change]);
      const got = findingsOf(svc, uri);
      const freshDocs = new DocumentStore();
      freshDocs.open(uri, 'go', 1, docs.get(uri).doc.getText());
      const freshService = new AnalysisService(freshDocs, () => settings, () => {});
      const want = findingsOf(freshService, uri);
      // (the fresh parses of the package's files live in WASM memory until deleted)
      freshService.dispose();
      freshDocs.close(uri);
      const missing = want.filter((w) => !got.includes(w));
      const extra = got.filter((g) => !want.includes(g));
      if (missing.length || extra.length) {
        failures++;
        console.log(`✗ ${rel} edit ${i + 1} (${label} at ${change.range.start.line + 1}:${change.range.start.character + 1} ${JSON.stringify(change.text)}): ${missing.length} missing, ${extra.length} extra`);
        for (const m of missing.slice(0, 3)) console.log(`  missing ${m.slice(0, 300)}`);
        for (const x of extra.slice(0, 3)) console.log(`  extra   ${x.slice(0, 300)}`);
        break;
      }
    }
    console.log(`${failures ? '✗' : '✓'} ${rel}: ${EDITS} edits, incremental = fresh after each (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    svc.dispose();
    docs.close(uri);
  }
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
