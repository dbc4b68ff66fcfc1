import type { PackageIndex } from '../goPackage';
import type { Finding } from '../types';
import { reorderFix } from './reorder';
import type { StructReport } from './structs';

/**
 * A diagnostic on each struct whose optimal field order is smaller in size, in size
 * class or in pointer bytes; nothing for structs already optimal (unlike gopls's
 * "wasted" percentage, which counts unavoidable trailing padding).
 */
export function layoutFindings(reports: StructReport[], index: PackageIndex, isSuppressed: (r: StructReport) => boolean): Finding[] {
  const out: Finding[] = [];
  for (const r of reports) {
    const l = r.layout;
    const o = r.optimal;
    if (!l || !o || !r.allocation) continue;
    const smaller = o.size < l.size;
    const fewerPtr = o.ptrdata < l.ptrdata;
    const classChange = r.allocation.kind === 'small' && o.allocation.kind === 'small' && o.allocation.classBytes < r.allocation.classBytes;
    if (!smaller && !fewerPtr) continue;
    if (isSuppressed(r)) continue;
    const parts: string[] = [];
    if (smaller) parts.push(`${l.size} → ${o.size} bytes (−${l.size - o.size} B)`);
    if (classChange) parts.push(`size class ${r.allocation.classBytes} → ${o.allocation.classBytes} B`);
    if (fewerPtr) parts.push(`pointer bytes ${l.ptrdata} → ${o.ptrdata} (less for the GC to scan)`);
    const { fix, refusal } = reorderFix(r, index);
    out.push({
      file: r.file.path,
      range: r.nameRange,
      code: 'struct-layout',
      category: 'layout',
      message: `struct ${r.name} could be smaller by reordering its fields: ${parts.join(', ')}`,
      why: [`optimal order: ${o.order.join(', ')}`],
      related: [],
      source: 'model',
      fixes: fix ? [fix] : [],
      noFixReason: refusal,
    });
  }
  return out;
}
