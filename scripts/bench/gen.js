'use strict';
// Generates a large, valid Go file for the benchmark: struct types, methods and functions that
// allocate (pointers returned, closures, appends, fmt, maps) and call each other, so the escape
// model sees a real call graph. Deterministic for a given line count.
const fs = require('fs');
const os = require('os');
const path = require('path');

function chunk(i) {
  const T = `Rec${i}`;
  const prev = i > 0 ? `Rec${i - 1}` : 'int';
  return [
    `// ${T} is generated record number ${i}.`,
    `type ${T} struct {`,
    `\tflag  bool`,
    `\tid    int64`,
    `\tok    bool`,
    `\tname  string`,
    `\tnext  *${T}`,
    `\ttags  []string`,
    `\tprev  *${prev}`,
    `}`,
    ``,
    `// New${T} returns a new record; the record escapes.`,
    `func New${T}(name string, n int) *${T} {`,
    `\tr := &${T}{name: name, id: int64(n)}`,
    `\tfor j := 0; j < n; j++ {`,
    `\t\tr.tags = append(r.tags, fmt.Sprintf("%s-%d", name, j))`,
    `\t}`,
    `\tif n > 3 {`,
    `\t\tr.next = New${T}(name, n-1)`,
    `\t}`,
    `\treturn r`,
    `}`,
    ``,
    `// Sum${i} adds the ids of a chain; nothing escapes.`,
    `func (r *${T}) Sum${i}(limit int) int64 {`,
    `\tvar total int64`,
    `\tseen := make(map[int64]bool, limit)`,
    `\tfor p := r; p != nil && limit > 0; p = p.next {`,
    `\t\tif !seen[p.id] {`,
    `\t\t\ttotal += p.id`,
    `\t\t\tseen[p.id] = true`,
    `\t\t}`,
    `\t\tlimit--`,
    `\t}`,
    `\tcb := func(x int64) int64 { return x + total }`,
    `\treturn cb(int64(len(r.name)))`,
    `}`,
    ``,
    `// Join${i} concatenates names in a loop.`,
    `func Join${i}(rs []*${T}) string {`,
    `\ts := ""`,
    `\tfor _, r := range rs {`,
    `\t\ts += r.name + ","`,
    `\t}`,
    `\tvar out []int`,
    `\tfor k := range rs {`,
    `\t\tout = append(out, k)`,
    `\t}`,
    `\t_ = out`,
    `\treturn s`,
    `}`,
    ``,
  ];
}

/** Go source of about `lines` lines. */
function generateGo(lines) {
  const out = ['// Code generated for the go-memory-hints benchmark. DO NOT EDIT.', '', 'package big', '', 'import "fmt"', ''];
  for (let i = 0; out.length < lines; i++) out.push(...chunk(i));
  return out.join('\n') + '\n';
}

/** Writes a module with one package `big` holding one generated file; returns the file path. */
function writeBigPackage(lines, root = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-bench-big-'))) {
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/big\n\ngo 1.22\n');
  const file = path.join(root, 'big.go');
  fs.writeFileSync(file, generateGo(lines));
  return file;
}

module.exports = { generateGo, writeBigPackage };
