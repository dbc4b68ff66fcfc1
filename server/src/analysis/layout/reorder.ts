import type { PackageIndex } from '../goPackage';
import type { Fix } from '../types';
import type { StructReport } from './structs';

/**
 * The "Reorder fields for minimal size" fix. Returns the fix, or why it is not
 * offered. (Being implemented: see test/unit/reorder*.test.ts.)
 */
export function reorderFix(report: StructReport, index: PackageIndex): { fix?: Fix; refusal?: string } {
  void report;
  void index;
  return { refusal: 'reordering is not implemented yet' };
}
