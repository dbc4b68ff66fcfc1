import type { PackageIndex } from './goPackage';
import { analyzeAllocationHints, isSuppressed } from './hints';
import { analyzeStructs, layoutEngineFor, StructReport } from './layout';
import { layoutFindings } from './layout/findings';
import type { StdTables } from './stdTables';
import type { Category, Finding } from './types';

/**
 * The pure analysis of one package: struct layouts, layout diagnostics, the
 * escape model and allocation hints. No LSP, no fs, no processes.
 */
export interface AnalysisOptions {
  goarch: string;
  std: StdTables;
  /** Categories to compute; the others are skipped entirely. */
  categories: ReadonlySet<Category>;
  largeCopyThreshold: number;
  goVersion?: string;
}

export interface PackageAnalysis {
  structs: StructReport[];
  findings: Finding[];
}

export function analyzePackage(index: PackageIndex, opts: AnalysisOptions): PackageAnalysis {
  const structs = analyzeStructs(index, { goarch: opts.goarch, std: opts.std.layout });
  const findings: Finding[] = [];
  if (opts.categories.has('layout')) {
    findings.push(...layoutFindings(structs, index, (r) => isSuppressed(r.file, r.nameRange.start.line, 'struct-layout')));
  }
  if (opts.categories.has('alloc')) {
    const engine = layoutEngineFor(index, { goarch: opts.goarch, std: opts.std.layout });
    const sizes = {
      sizeof: (t: Parameters<typeof engine.layoutOf>[0]) => {
        const l = engine.layoutOf(t);
        return l.ok ? l.size : null;
      },
    };
    findings.push(...analyzeAllocationHints(index, { sizes, largeCopyThreshold: opts.largeCopyThreshold, goVersion: opts.goVersion }));
  }
  return { structs, findings };
}
