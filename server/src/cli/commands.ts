import * as fs from 'fs';
import * as path from 'path';
import { indexPackage } from '../analysis/goPackage';
import { defaultBuildContext } from '../analysis/buildConstraints';
import { fixAllEdits, applyFixes } from '../analysis/fixes';
import { analyzeStructs, ARCH_NAMES, structLayoutJson } from '../analysis/layout';
import { formatLayoutText } from '../analysis/layout/layoutText';
import type { Finding, Severity } from '../analysis/types';
import { initParser } from '../syntax/parser';
import { hostGoarch, hostGoos } from '../workspace/host';
import { importPathOf, PackageLoader } from '../workspace/packageLoader';
import { loadStdTables } from '../workspace/stdData';
import { ExternalLayouts } from '../workspace/moduleResolver';
import { parseArgs, UsageError } from './args';
import { cliSeverity, formatText, severityRank, textOfIndex, toFindingJson } from './output';
import { expandTargets } from './paths';
import { analyzeTargets, CompilerMode } from './runAnalysis';
import { toSarif } from './sarif';
import { unifiedDiff } from './unifiedDiff';

export const VERSION = '0.1.0';

const GOARCH_HELP = `--goarch ARCH   target architecture (default: $GOARCH, else the host's): ${ARCH_NAMES.join(', ')}`;

export const USAGE: Record<string, string> = {
  main: `usage: go-memory-hints <command> [flags] PATH...

Shows where Go code allocates on the heap and why, what structs cost in memory,
and applies fixes that remove allocations. PATH is a .go file, a package
directory, or dir/... for every package below dir.

commands:
  check    report heap escapes, allocation hints and struct layout findings
  layout   print the memory layout of every struct type under PATH
  fix      apply the safe quick fixes (preallocation, map hints, reorder, ...)
  lsp      run the language server (--stdio) for any LSP editor

run 'go-memory-hints <command> --help' for the flags of a command.`,
  layout: `usage: go-memory-hints layout [--json] [--goarch ARCH] PATH...

Prints every struct type (named, and anonymous ones inside declarations) found
under PATH: size, alignment, pointer bytes, padding, runtime size class, each
field's offset, and the optimal field order.

flags:
  --json          print {"goarch": ..., "types": [...]} (1-based lines; null when unknown)
  ${GOARCH_HELP}`,
  check: `usage: go-memory-hints check [--format text|json|sarif] [--json] [--goarch ARCH]
                             [--compiler auto|on|off] [--fail-on SEVERITY] PATH...

Reports heap escapes (moved-to-heap, escapes-to-heap, leaking-param,
does-not-escape), allocation hints and struct layout findings. Lines are 1-based
and columns are byte columns, like the Go compiler.

flags:
  --format F        text (file:line:col: message, like go vet), json, or sarif (SARIF 2.1.0)
  --json            same as --format json
  --compiler MODE   auto (default: merge the real compiler's results when go is found),
                    on (compiler results required), off (embedded model only)
  --fail-on SEV     exit 1 when a finding has this severity or higher:
                    error, warning, information, hint
  ${GOARCH_HELP}

exit status: 0 no finding reached --fail-on (or no --fail-on); 1 a finding reached it;
2 usage error; 3 internal error or (with --compiler on) the compiler could not run.`,
  fix: `usage: go-memory-hints fix [--write|--diff] [--only CODE,...] [--goarch ARCH] PATH...

Applies the safe fixes (the editor's "Fix all"): slice preallocation, map size
hints, strings.Builder, strconv, struct field reordering, ... By default prints
the fixed files' diff without writing (same as --diff).

flags:
  --write           rewrite the files in place
  --diff            print a unified diff (default)
  --only CODES      only fixes of findings with these codes (comma-separated);
                    also applies fixes that are offered for review only
  ${GOARCH_HELP}

exit status: 0 success (whether or not there were changes); 2 usage error; 3 internal error.`,
  lsp: `usage: go-memory-hints lsp --stdio

Runs the language server over stdin/stdout for Neovim, Emacs (eglot), Helix and
any other LSP client. Settings arrive as initializationOptions.settings or via
workspace/configuration (section goMemoryHints).`,
};

function goarchOf(values: Map<string, string>): string {
  const g = values.get('--goarch') ?? (process.env.GOARCH || hostGoarch());
  if (!ARCH_NAMES.includes(g)) throw new UsageError(`unsupported GOARCH ${g} (supported: ${ARCH_NAMES.join(', ')})`);
  return g;
}

export async function runLayout(args: string[]): Promise<number> {
  const a = parseArgs(args, { values: ['--goarch'], bools: ['--json'] });
  if (a.bools.has('--help')) return help('layout');
  if (a.positional.length === 0) throw new UsageError('layout needs at least one PATH');
  const goarch = goarchOf(a.values);
  await initParser();
  const std = loadStdTables();
  const loader = new PackageLoader();
  const ctx = defaultBuildContext({ goarch, goos: process.env.GOOS || hostGoos() });
  const types = [];
  const texts: string[] = [];
  for (const { dir, only } of expandTargets(a.positional)) {
    const pkg = loader.load(dir, ctx, { extraFiles: only ? [...only] : [], onlyFiles: !!only, importPath: importPathOf(dir) });
    const external = new ExternalLayouts(loader, ctx, std.layout).resolverFor(dir);
    const reports = analyzeStructs(indexPackage(pkg), { goarch, std: std.layout, external }).filter((r) => !only || only.has(r.file.path));
    for (const r of reports) {
      types.push(structLayoutJson(r));
      texts.push(formatLayoutText(r, path.relative(process.cwd(), r.file.path) || r.file.path, goarch));
    }
  }
  if (a.bools.has('--json')) console.log(JSON.stringify({ goarch, types }, null, 2));
  else if (texts.length) console.log(texts.join('\n\n'));
  else console.error('go-memory-hints: no struct types found');
  return 0;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

export async function runCheck(args: string[]): Promise<number> {
  const a = parseArgs(args, { values: ['--goarch', '--format', '--compiler', '--fail-on'], bools: ['--json'] });
  if (a.bools.has('--help')) return help('check');
  if (a.positional.length === 0) throw new UsageError('check needs at least one PATH');
  const format = a.bools.has('--json') ? 'json' : (a.values.get('--format') ?? 'text');
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format ${format} (text, json, sarif)`);
  const compiler = (a.values.get('--compiler') ?? 'auto') as CompilerMode;
  if (!['auto', 'on', 'off'].includes(compiler)) throw new UsageError(`--compiler must be auto, on or off`);
  const failOn = a.values.get('--fail-on') as Severity | undefined;
  if (failOn && !SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
  const goarch = goarchOf(a.values);
  const targets = expandTargets(a.positional);
  await initParser();
  const showProgress = targets.length > 1 && process.stderr.isTTY !== undefined;
  const runs = await analyzeTargets(targets, {
    goarch,
    compiler,
    onProgress: showProgress
      ? (done, total, dir) => {
          if (done < total) process.stderr.write(`\rchecking ${done + 1}/${total} ${path.relative(process.cwd(), dir) || '.'}`.padEnd(80).slice(0, 100));
          else process.stderr.write('\r'.padEnd(81) + '\r');
        }
      : undefined,
  });
  for (const r of runs) {
    if (r.compiler === 'failed' || r.compiler === 'missing') {
      const msg = `go-memory-hints: ${path.relative(process.cwd(), r.target.dir) || '.'}: compiler ${r.compiler === 'missing' ? 'not available' : 'failed'}: ${r.compilerMessage ?? ''}${compiler === 'on' ? '' : ' (showing model estimates)'}`;
      console.error(msg);
      if (compiler === 'on') return 3;
    }
  }
  const findings: Finding[] = runs.flatMap((r) => r.findings);
  const textOf = textOfIndex(runs.map((r) => r.index));
  if (format === 'json') console.log(JSON.stringify({ findings: findings.map((f) => toFindingJson(f, textOf)) }, null, 2));
  else if (format === 'sarif') console.log(JSON.stringify(toSarif(findings, VERSION, process.cwd()), null, 2));
  else for (const f of findings) console.log(formatText(toFindingJson(f, textOf)));
  if (failOn && findings.some((f) => severityRank(cliSeverity(f)) >= severityRank(failOn))) return 1;
  return 0;
}

export async function runFix(args: string[]): Promise<number> {
  const a = parseArgs(args, { values: ['--goarch', '--only'], bools: ['--write', '--diff'] });
  if (a.bools.has('--help')) return help('fix');
  if (a.positional.length === 0) throw new UsageError('fix needs at least one PATH');
  if (a.bools.has('--write') && a.bools.has('--diff')) throw new UsageError('--write and --diff exclude each other');
  const only = a.values.get('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const goarch = goarchOf(a.values);
  await initParser();
  const runs = await analyzeTargets(expandTargets(a.positional), { goarch, compiler: 'off' });
  let changedFiles = 0;
  let applied = 0;
  for (const r of runs) {
    for (const [filePath, info] of r.index.files) {
      if (r.target.only && !r.target.only.has(filePath)) continue;
      const fs_ = r.findings.filter((f) => f.file === filePath && (!only || only.includes(f.code)));
      const { edits, applied: fixes } = fixAllEdits(info, fs_, { includeReviewFixes: !!only });
      if (fixes.length === 0) continue;
      const next = applyFixes(info.file.text, edits);
      if (next === info.file.text) continue;
      changedFiles++;
      applied += fixes.length;
      if (a.bools.has('--write')) fs.writeFileSync(filePath, next);
      else {
        const rel = path.relative(process.cwd(), filePath);
        process.stdout.write(unifiedDiff(info.file.text, next, `a/${rel}`, `b/${rel}`));
      }
    }
  }
  console.error(`go-memory-hints: ${applied} fix(es) in ${changedFiles} file(s)${a.bools.has('--write') ? ' written' : ''}`);
  return 0;
}

function help(cmd: string): number {
  console.log(USAGE[cmd]);
  return 0;
}
