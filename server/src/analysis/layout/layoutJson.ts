import { typeString } from '../goTypes';
import type { StructReport } from './structs';

/** The `layout --json` shape of one struct (1-based line; null where a size cannot be known). */
export interface StructLayoutJson {
  file: string;
  line: number;
  name: string;
  size: number | null;
  align: number | null;
  ptrdata: number | null;
  sizeClass: number | null;
  padding: number | null;
  fields: { name: string; type: string; offset: number | null; size: number | null; align: number | null }[];
  optimal: { size: number; ptrdata: number; order: string[] } | null;
}

export function structLayoutJson(r: StructReport): StructLayoutJson {
  const l = r.layout;
  const alloc = r.allocation;
  return {
    file: r.file.path,
    line: r.nameRange.start.line + 1,
    name: r.name,
    size: l?.size ?? null,
    align: l?.align ?? null,
    ptrdata: l?.ptrdata ?? null,
    sizeClass: alloc && alloc.kind !== 'none' ? alloc.classBytes : null,
    padding: l?.padding ?? null,
    fields: l
      ? l.fields.map((f) => ({ name: f.name, type: f.typeText ?? typeString(f.type), offset: f.offset, size: f.size, align: f.align }))
      : r.fields.map((f) => ({ name: f.name, type: f.typeText ?? typeString(f.type), offset: null, size: null, align: null })),
    optimal: r.optimal ? { size: r.optimal.size, ptrdata: r.optimal.ptrdata, order: r.optimal.order } : null,
  };
}
