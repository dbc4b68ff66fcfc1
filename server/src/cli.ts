#!/usr/bin/env node
/**
 * go-memory-hints: the command line on top of the same analysis as the server.
 * Lines are 1-based and columns are byte columns, like the Go compiler.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultBuildContext } from './analysis/buildConstraints';
import { indexPackage } from './analysis/goPackage';
import { analyzeStructs, ARCH_NAMES, structLayoutJson } from './analysis/layout';
import { formatLayoutText } from './analysis/layout/layoutText';
import { initParser } from './syntax/parser';
import { hostGoarch, hostGoos } from './workspace/host';
import { importPathOf, PackageLoader } from './workspace/packageLoader';
import { loadStdTables } from './workspace/stdData';

const USAGE = `usage: go-memory-hints <command> [flags] PATH...

commands:
  layout   print the memory layout of every struct type under PATH
  lsp      run the language server (--stdio)

run 'go-memory-hints <command> --help' for the flags of a command.`;

const LAYOUT_USAGE = `usage: go-memory-hints layout [--json] [--goarch ARCH] PATH...

Prints every struct type (named, and anonymous ones inside declarations) found under
PATH (a .go file or a package directory): size, alignment, pointer bytes, padding,
runtime size class, each field's offset, and the optimal field order.

flags:
  --json          print {"goarch": ..., "types": [...]} (1-based lines)
  --goarch ARCH   target architecture (default: $GOARCH, else the host's): ${ARCH_NAMES.join(', ')}`;

interface Flags {
  json: boolean;
  goarch: string;
  help: boolean;
  paths: string[];
}

class UsageError extends Error {}

function parseFlags(args: string[]): Flags {
  const f: Flags = { json: false, goarch: process.env.GOARCH || hostGoarch(), help: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--json') f.json = true;
    else if (name === '--goarch') f.goarch = value();
    else if (name === '-h' || name === '--help') f.help = true;
    else if (name.startsWith('-')) throw new UsageError(`unknown flag ${name}`);
    else f.paths.push(a);
  }
  if (!ARCH_NAMES.includes(f.goarch)) throw new UsageError(`unsupported GOARCH ${f.goarch} (supported: ${ARCH_NAMES.join(', ')})`);
  return f;
}

/** Groups PATH arguments into package directories, remembering which files were named. */
function packagesOf(paths: string[]): { dir: string; only?: Set<string> }[] {
  const byDir = new Map<string, Set<string> | undefined>();
  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) byDir.set(abs, undefined);
    else {
      const dir = path.dirname(abs);
      if (byDir.has(dir) && byDir.get(dir) === undefined) continue;
      const set = byDir.get(dir) ?? new Set<string>();
      set.add(abs);
      byDir.set(dir, set);
    }
  }
  return [...byDir].map(([dir, only]) => ({ dir, only }));
}

async function runLayout(args: string[]): Promise<number> {
  const flags = parseFlags(args);
  if (flags.help) {
    console.log(LAYOUT_USAGE);
    return 0;
  }
  if (flags.paths.length === 0) throw new UsageError('layout needs at least one PATH');
  await initParser();
  const std = loadStdTables();
  const loader = new PackageLoader();
  const ctx = defaultBuildContext({ goarch: flags.goarch, goos: process.env.GOOS || hostGoos() });
  const types = [];
  const texts: string[] = [];
  for (const { dir, only } of packagesOf(flags.paths)) {
    const pkg = loader.load(dir, ctx, { extraFiles: only ? [...only] : [], importPath: importPathOf(dir) });
    const index = indexPackage(pkg);
    const reports = analyzeStructs(index, { goarch: flags.goarch, std: std.layout }).filter((r) => !only || only.has(r.file.path));
    for (const r of reports) {
      types.push(structLayoutJson(r));
      texts.push(formatLayoutText(r, path.relative(process.cwd(), r.file.path) || r.file.path, flags.goarch));
    }
  }
  if (flags.json) console.log(JSON.stringify({ goarch: flags.goarch, types }, null, 2));
  else console.log(texts.join('\n'));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'layout':
      return runLayout(rest);
    case 'lsp': {
      const { startServer } = await import('./main');
      startServer();
      return -1;
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${cmd}`);
  }
}

/** Runs the CLI and sets the exit code (the `lsp` command keeps the process alive). */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`go-memory-hints: ${err.message}`);
        process.exitCode = 2;
      } else {
        console.error(`go-memory-hints: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        process.exitCode = 3;
      }
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));

export { main };
