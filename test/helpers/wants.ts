/**
 * `// want "regex" "regex"` expectations written in Go fixtures, the way Go's own
 * analyzers and escape tests state them. Regexes are Go-style quoted strings.
 */
export function parseWants(text: string, opts: { anchored?: boolean; base?: 0 | 1 } = {}): Map<number, RegExp[]> {
  const out = new Map<number, RegExp[]>();
  const base = opts.base ?? 0;
  text.split('\n').forEach((line, i) => {
    const m = /\/\/ want (.*)$/.exec(line);
    if (!m) return;
    const res = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => {
      // Tolerant unquoting: `\\` and `\"` as in a Go string; other escapes stay regex escapes.
      const src = x[1].replace(/\\(["\\])/g, '$1');
      return new RegExp(opts.anchored ? '^' + src + '$' : src);
    });
    out.set(i + base, res);
  });
  return out;
}
