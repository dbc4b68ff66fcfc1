'use strict';
// Edit sites for the keystroke benchmark, found by plain line patterns (gofmt'ed sources):
//   body       typing inside a function body: a character typed into an identifier, or a new statement line
//   signature  a parameter added to (then removed from) a function's parameter list
//   type       a field added to (then removed from) a struct type declaration
//   typing     a statement typed character by character on a new line of a function body (makeTyping)
// Every edit is an (apply, revert) pair of incremental LSP changes, so the file returns to its
// original text after each pair and sites stay valid.

/** mulberry32: a small seeded PRNG (the benchmark is reproducible for a given --seed). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pos(line, character) {
  return { line, character };
}

/** All candidate sites of each kind in a gofmt'ed Go text. */
function findSites(text) {
  const lines = text.split('\n');
  const body = [];
  const signature = [];
  const type = [];
  let inFunc = false;
  let inStruct = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^func /.test(l)) {
      const m = /^func (\([^)]*\) )?(\w+)(\[[^\]]*\])?\(/.exec(l);
      if (m) {
        const open = m[0].length - 1;
        let depth = 0;
        let close = -1;
        for (let c = open; c < l.length; c++) {
          if (l[c] === '(') depth++;
          else if (l[c] === ')' && --depth === 0) {
            close = c;
            break;
          }
        }
        if (close > 0) signature.push({ line: i, close, empty: close === open + 1 });
      }
      inFunc = /\{\s*$/.test(l);
      continue;
    }
    if (/^type \w+ struct \{\s*$/.test(l)) {
      inStruct = true;
      continue;
    }
    if (l === '}') {
      inFunc = false;
      inStruct = false;
      continue;
    }
    if (inStruct && /^\t\w+\s+\S/.test(l)) type.push({ line: i });
    if (inFunc && /^\t+[A-Za-z_]/.test(l) && !/^\t+(case|default)\b/.test(l)) {
      const prev = lines[i - 1].trimEnd();
      const ident = /[A-Za-z_][A-Za-z0-9_]*/.exec(l);
      const stmtBoundary = /[{})\]"\w]$/.test(prev) && !/^\s*\/\//.test(prev);
      if (ident) body.push({ line: i, identEnd: ident.index + ident[0].length, indent: /^\t+/.exec(l)[0], stmtBoundary });
    }
  }
  return { body, signature, type };
}

/**
 * `count` sites spread over the list: the k-th a random one of the k-th slice (stratified). Drawn one at a
 * time, as the caller asks for the next (the caller's own draws come between, as they always did for a seed).
 */
function* spread(list, count, random) {
  for (let k = 0; k < count; k++) {
    const lo = Math.floor((k * list.length) / count);
    const hi = Math.max(lo + 1, Math.floor(((k + 1) * list.length) / count));
    yield list[Math.min(list.length - 1, lo + Math.floor(random() * (hi - lo)))];
  }
}

/**
 * `count` edit pairs of one kind, spread over the file: [{kind, apply, revert}], each change an LSP
 * incremental content change.
 */
function makeEdits(sites, kind, count, random) {
  const list = sites[kind];
  if (!list.length) return [];
  const out = [];
  for (const s of spread(list, count, random)) {
    if (kind === 'body') {
      if (s.stmtBoundary && random() < 0.5) {
        const t = `${s.indent}benchTmp := len("x")\n`;
        out.push({ kind, apply: { range: { start: pos(s.line, 0), end: pos(s.line, 0) }, text: t }, revert: { range: { start: pos(s.line, 0), end: pos(s.line + 1, 0) }, text: '' } });
      } else {
        out.push({
          kind,
          apply: { range: { start: pos(s.line, s.identEnd), end: pos(s.line, s.identEnd) }, text: 'x' },
          revert: { range: { start: pos(s.line, s.identEnd), end: pos(s.line, s.identEnd + 1) }, text: '' },
        });
      }
    } else if (kind === 'signature') {
      const t = s.empty ? 'benchArg int' : ', benchArg int';
      out.push({
        kind,
        apply: { range: { start: pos(s.line, s.close), end: pos(s.line, s.close) }, text: t },
        revert: { range: { start: pos(s.line, s.close), end: pos(s.line, s.close + t.length) }, text: '' },
      });
    } else {
      const t = '\tbenchField int64\n';
      out.push({ kind, apply: { range: { start: pos(s.line, 0), end: pos(s.line, 0) }, text: t }, revert: { range: { start: pos(s.line, 0), end: pos(s.line + 1, 0) }, text: '' } });
    }
  }
  return out;
}

/**
 * Typing a statement: at `count` statement lines spread over the file, `if err := benchClose(); err != nil
 * { return }` typed on a new line one character per change (no auto-closed brackets: the braces and the
 * parenthesis stay open while typed, as in an editor that does not close them), then removed in one change.
 * Returns [{keys: [change…], revert: change}].
 */
function makeTyping(sites, count, random) {
  const list = sites.body.filter((s) => s.stmtBoundary);
  if (!list.length) return [];
  const out = [];
  for (const s of spread(list, count, random)) {
    const text = `${s.indent}if err := benchClose(); err != nil {\n${s.indent}\treturn\n${s.indent}}\n`;
    const keys = [];
    let line = s.line;
    let character = 0;
    for (const ch of text) {
      keys.push({ range: { start: pos(line, character), end: pos(line, character) }, text: ch });
      if (ch === '\n') {
        line++;
        character = 0;
      } else character++;
    }
    out.push({ keys, revert: { range: { start: pos(s.line, 0), end: pos(line, character) }, text: '' } });
  }
  return out;
}

/** Applies one LSP incremental change to a text (UTF-16 positions, like the server). */
function applyChange(text, change) {
  const off = (p) => {
    let i = 0;
    for (let l = 0; l < p.line; l++) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl + 1;
    }
    return Math.min(i + p.character, text.length);
  };
  const s = off(change.range.start);
  const e = off(change.range.end);
  return text.slice(0, s) + change.text + text.slice(e);
}

/**
 * A random edit anywhere in the text (for the leak test): insert or delete a few characters or a
 * line, type Go-ish snippets. Returns the LSP change.
 */
function randomEdit(text, random) {
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  const len = lines[line].length;
  const ch = Math.floor(random() * (len + 1));
  const r = random();
  if (r < 0.45 || text.length < 200) {
    const snippets = ['x', ' ', '(', ')', '{', '}', '\n', 'var q = &T{}\n', 'append(s, 1)', '"str"', '// c\n', 'func f() {}\n', '\t', ','];
    return { range: { start: pos(line, ch), end: pos(line, ch) }, text: snippets[Math.floor(random() * snippets.length)] };
  }
  if (r < 0.9) {
    const n = Math.min(len - ch, 1 + Math.floor(random() * 6));
    return { range: { start: pos(line, ch), end: pos(line, ch + n) }, text: '' };
  }
  const to = Math.min(lines.length - 1, line + 1);
  return { range: { start: pos(line, 0), end: pos(to, 0) }, text: '' };
}

module.exports = { rng, findSites, makeEdits, makeTyping, applyChange, randomEdit };
