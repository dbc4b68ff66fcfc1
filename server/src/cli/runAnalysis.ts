import * as path from 'path';
import { analyzePackage, PackageAnalysis } from '../analysis/analyze';
import { defaultBuildContext, fileIncluded } from '../analysis/buildConstraints';
import { indexPackage, PackageIndex } from '../analysis/goPackage';
import { byPosition, mergeCompilerFindings } from '../analysis/merge';
import type { Category, Finding } from '../analysis/types';
import { compileEscapes } from '../compiler/escapeBuild';
import { findGo } from '../compiler/run';
import { hostGoos } from '../workspace/host';
import { goVersionOf, importPathOf, PackageLoader } from '../workspace/packageLoader';
import { loadStdTables } from '../workspace/stdData';
import { ExternalLayouts } from '../workspace/moduleResolver';
import type { PackageTarget } from './paths';

export type CompilerMode = 'auto' | 'on' | 'off';

export interface PackageRun {
  target: PackageTarget;
  index: PackageIndex;
  analysis: PackageAnalysis;
  /** Findings of the named files (all files when a directory was named), merged with the compiler's. */
  findings: Finding[];
  /** What the compiler did for this package, for messages. */
  compiler: 'not-run' | 'merged' | 'failed' | 'missing';
  compilerMessage?: string;
}

const ALL: Category[] = ['layout', 'escape', 'leak', 'noescape', 'alloc', 'advice'];

export async function analyzeTargets(
  targets: PackageTarget[],
  opts: { goarch: string; compiler: CompilerMode; categories?: Set<Category>; onProgress?: (done: number, total: number, dir: string) => void },
): Promise<PackageRun[]> {
  const std = loadStdTables();
  const loader = new PackageLoader();
  const ctx = defaultBuildContext({ goarch: opts.goarch, goos: process.env.GOOS || hostGoos() });
  const categories = opts.categories ?? new Set(ALL);
  let goAvailable: boolean | undefined;
  const externals = new ExternalLayouts(loader, ctx, std.layout);
  const runs: PackageRun[] = [];
  for (const [i, target] of targets.entries()) {
    opts.onProgress?.(i, targets.length, target.dir);
    const pkg = loader.load(target.dir, ctx, { extraFiles: target.only ? [...target.only] : [], onlyFiles: !!target.only, importPath: importPathOf(target.dir) });
    const index = indexPackage(pkg);
    const external = externals.resolverFor(target.dir);
    const analysis = analyzePackage(index, { goarch: opts.goarch, std, categories, largeCopyThreshold: 128, goVersion: goVersionOf(target.dir), external });
    for (const e of analysis.errors) console.error(`go-memory-hints: warning: ${target.dir}: ${e.split('\n')[0]}`);
    let findings = analysis.findings;
    let compiler: PackageRun['compiler'] = 'not-run';
    let compilerMessage: string | undefined;
    if (opts.compiler !== 'off' && pkg.files.length > 0) {
      if (goAvailable === undefined) goAvailable = !!(await findGo().catch(() => undefined));
      if (!goAvailable) {
        compiler = 'missing';
        compilerMessage = 'go not found on PATH';
      } else {
        const r = await compileEscapes({ packageDir: target.dir, goarch: opts.goarch, goos: ctx.goos });
        if (r.ok) {
          // (the compiler builds the directory's package: files named on the command line that its build
          // excludes, a `//go:build ignore` generator, keep the model's findings)
          const built = new Set(pkg.files.filter((f) => fileIncluded(path.basename(f.path), f.text, ctx)).map((f) => f.path));
          findings = mergeCompilerFindings(findings, r.findings.filter((f) => categories.has(f.category)), built);
          compiler = 'merged';
        } else {
          compiler = 'failed';
          compilerMessage = r.message;
        }
      }
    }
    if (target.only) findings = findings.filter((f) => target.only!.has(f.file));
    findings = [...findings].sort(byPosition);
    runs.push({ target, index, analysis, findings, compiler, compilerMessage });
  }
  opts.onProgress?.(targets.length, targets.length, '');
  return runs;
}
