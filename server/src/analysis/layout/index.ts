import type { PackageIndex } from '../goPackage';
import type { StdLayoutTable } from '../stdTables';
import { Arch, archByName } from './arch';
import { findStructs, StructReport } from './structs';
import { ExternalTypeResolver, LayoutEngine } from './sizes';

export { ARCH_NAMES, archByName } from './arch';
export type { Arch } from './arch';
export { heapAllocation } from './sizeClass';
export type { HeapAllocation } from './sizeClass';
export { LayoutEngine } from './sizes';
export type { FieldLayout, Layout, LayoutResult, StructLayout } from './sizes';
export { findStructs, optimalOrder, reportStruct, reportStructs, structNodesIn, structSpecs } from './structs';
export type { StructReport } from './structs';
export { structLayoutJson } from './layoutJson';
export type { StructLayoutJson } from './layoutJson';

export interface LayoutOptions {
  goarch: string;
  std?: StdLayoutTable;
  external?: ExternalTypeResolver;
}

export function layoutEngineFor(index: PackageIndex, opts: LayoutOptions): LayoutEngine {
  const arch: Arch = archByName(opts.goarch) ?? archByName('amd64')!;
  return new LayoutEngine({ arch, index, std: opts.std, external: opts.external });
}

/** Every struct of the package with its layout and optimal order on `opts.goarch`. */
export function analyzeStructs(index: PackageIndex, opts: LayoutOptions): StructReport[] {
  return findStructs(index, layoutEngineFor(index, opts));
}
