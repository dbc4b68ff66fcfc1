import { typeString } from '../goTypes';
import type { HeapAllocation } from './sizeClass';
import type { StructLayout } from './sizes';
import type { StructReport } from './structs';

/** Plain-text and Markdown renderings of a struct's layout (CLI table and hover). */

export function allocationText(size: number, a: HeapAllocation | null): string {
  if (!a) return 'size class unknown';
  switch (a.kind) {
    case 'none':
      return 'zero-size: no heap allocation (zerobase)';
    case 'tiny':
      return `tiny allocator: packed with other pointer-free objects into 16-byte blocks`;
    case 'small':
      return `size class ${a.classBytes} B, ${a.waste} B wasted per allocation${a.header ? ` (incl. ${a.header} B malloc header)` : ''}`;
    case 'large':
      return `large object: ${a.classBytes / 8192} page(s) of 8 KiB = ${a.classBytes} B, ${a.waste} B wasted per allocation`;
  }
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

export function summaryLines(r: StructReport): string[] {
  const l = r.layout;
  if (!l) return [`size unknown: ${r.unknownReason ?? 'unknown'}`];
  const lines = [
    `size ${l.size} B, align ${l.align}, padding ${l.padding} B (${pct(l.padding, l.size)}), pointer bytes ${l.ptrdata}`,
    allocationText(l.size, r.allocation),
  ];
  const o = r.optimal;
  if (o && (o.size < l.size || o.ptrdata < l.ptrdata)) {
    const cls = o.allocation.kind === 'small' && r.allocation?.kind === 'small' && o.allocation.classBytes !== r.allocation.classBytes
      ? `, size class ${r.allocation.classBytes} → ${o.allocation.classBytes} B`
      : '';
    lines.push(`optimal order: ${o.size} B, pointer bytes ${o.ptrdata}${cls} — ${o.order.join(', ')}`);
  } else if (o) {
    lines.push('field order is already optimal');
  }
  return lines;
}

function rows(l: StructLayout): string[][] {
  return l.fields.map((f) => [String(f.offset), f.name, f.typeText ?? typeString(f.type), String(f.size), String(f.align), f.paddingAfter ? String(f.paddingAfter) : '']);
}

const HEAD = ['offset', 'field', 'type', 'size', 'align', 'pad after'];

export function formatLayoutText(r: StructReport, where: string, goarch: string): string {
  const out = [`${where}:${r.nameRange.start.line + 1}: ${r.name} (${goarch})`];
  if (r.layout) {
    const table = [HEAD, ...rows(r.layout)];
    const widths = HEAD.map((_, c) => Math.max(...table.map((row) => row[c].length)));
    const right = new Set([0, 3, 4, 5]);
    for (const row of table) {
      out.push('  ' + row.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
    }
  }
  for (const s of summaryLines(r)) out.push('  ' + s);
  return out.join('\n');
}

function md(s: string): string {
  return s.replace(/[|\\`*_]/g, (c) => '\\' + c);
}

/** The hover: a compact table, then the summary. */
export function formatLayoutMarkdown(r: StructReport, goarch: string): string {
  const parts = [`**${md(r.name)}** — memory layout on \`${goarch}\``];
  if (r.layout) {
    parts.push(
      ['| offset | field | type | size | align | pad |', '|---:|---|---|---:|---:|---:|', ...rows(r.layout).map((row) => `| ${row.map((c, i) => (i === 2 ? '`' + c.replace(/`/g, "'") + '`' : md(c))).join(' | ')} |`)].join('\n'),
    );
  }
  parts.push(summaryLines(r).map((s) => `- ${md(s)}`).join('\n'));
  return parts.join('\n\n');
}
