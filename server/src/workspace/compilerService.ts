import * as path from 'path';
import { normalizeLoneCR } from '../analysis/positions';
import type { Finding } from '../analysis/types';
import { CompilerFailure, CompilerSuccess, compileEscapes } from '../compiler/escapeBuild';
import { renderCompilerReport } from '../compiler/parse';
import { findGo } from '../compiler/run';
import type { DocumentStore } from '../documents';
import { uriToPath } from '../documents';
import type { Settings } from '../settings';

/**
 * Runs the real compiler for the packages of open documents — on open, on save and
 * after typing stops — with unsaved buffers as overlays, one build per package at
 * a time (an edit cancels the running build), and keeps each package's last
 * result with the file texts it was computed from, so findings can be carried
 * over later edits as stale.
 */
export type CompilerStatus = 'off' | 'untrusted' | 'missing' | 'compiling' | 'ok' | 'failed';

export interface PackageCompile {
  key: string;
  dir: string;
  includeTests: boolean;
  status: CompilerStatus;
  /** Last successful build and the texts of the files it saw. */
  success?: CompilerSuccess;
  builtTexts?: Map<string, string>;
  failure?: CompilerFailure;
  controller?: AbortController;
  timer?: NodeJS.Timeout;
  generation: number;
}

export const IDLE_DELAY_MS = 1200;

export class CompilerService {
  private readonly packages = new Map<string, PackageCompile>();
  trusted = false;
  private goMissingReported = false;
  lastTouched: string | undefined;

  constructor(
    private readonly docs: DocumentStore,
    private readonly settings: () => Settings,
    private readonly onResult: (pc: PackageCompile) => void,
    private readonly notifyOnce: (message: string) => void,
  ) {}

  /** Whether the compiler may run at all (setting, trust). */
  mode(): 'off' | 'untrusted' | 'on' {
    if (this.settings().compiler === 'off') return 'off';
    if (!this.trusted) return 'untrusted';
    return 'on';
  }

  keyFor(uri: string): { key: string; dir: string; includeTests: boolean } | undefined {
    const p = uriToPath(uri);
    if (!p) return undefined;
    const includeTests = p.endsWith('_test.go');
    const dir = path.dirname(p);
    return { key: dir + (includeTests ? '#tests' : ''), dir, includeTests };
  }

  state(uri: string): PackageCompile | undefined {
    const k = this.keyFor(uri);
    return k ? this.packages.get(k.key) : undefined;
  }

  /** Schedules a build: at once (open, save) or after typing stops (edit). An edit cancels a running build. */
  request(uri: string, reason: 'open' | 'save' | 'edit'): void {
    this.lastTouched = uri;
    const k = this.keyFor(uri);
    if (!k) return;
    let pc = this.packages.get(k.key);
    if (!pc) {
      pc = { ...k, status: 'off', generation: 0 };
      this.packages.set(k.key, pc);
    }
    const mode = this.mode();
    if (mode !== 'on') {
      pc.status = mode;
      this.onResult(pc);
      return;
    }
    if (pc.timer) clearTimeout(pc.timer);
    if (reason === 'edit') pc.controller?.abort(new Error('edited'));
    else pc.status = 'compiling'; // pending: a report request right now waits for this build
    const delay = reason === 'edit' ? IDLE_DELAY_MS : 0;
    const target = pc;
    target.timer = setTimeout(() => {
      target.timer = undefined;
      void this.build(target);
    }, delay);
  }

  private async build(pc: PackageCompile): Promise<void> {
    const s = this.settings();
    const generation = ++pc.generation;
    pc.controller?.abort(new Error('superseded'));
    const controller = new AbortController();
    pc.controller = controller;
    const unsaved = new Map<string, string>();
    for (const d of this.docs.all()) {
      const p = uriToPath(d.uri);
      if (p && path.dirname(p) === pc.dir) unsaved.set(p, d.doc.getText());
    }
    pc.status = 'compiling';
    this.onResult(pc);
    const result = await compileEscapes({
      packageDir: pc.dir,
      unsaved,
      goos: s.goos || undefined,
      goarch: s.goarch || undefined,
      tags: s.buildTags,
      env: s.compilerEnv,
      includeTests: pc.includeTests,
      timeoutMs: s.compilerTimeoutSeconds * 1000,
      signal: controller.signal,
      goPath: s.goPath || undefined,
    });
    if (generation !== pc.generation) return;
    pc.controller = undefined;
    if (result.ok) {
      pc.status = 'ok';
      pc.success = result;
      pc.builtTexts = new Map([...unsaved].map(([file, text]) => [file, normalizeLoneCR(text)]));
      pc.failure = undefined;
    } else if (result.reason === 'cancelled') {
      pc.status = pc.success ? 'ok' : 'off';
    } else {
      pc.status = result.reason === 'go-missing' ? 'missing' : 'failed';
      pc.failure = result;
      if (result.reason === 'go-missing' && !this.goMissingReported) {
        this.goMissingReported = true;
        this.notifyOnce(`Go Memory Hints: ${result.message}; showing the embedded model's estimates. Set goMemoryHints.goPath or goMemoryHints.compiler = "off".`);
      }
    }
    this.onResult(pc);
  }

  /** A build is running or scheduled for the document's package. */
  busy(uri: string): boolean {
    const pc = this.state(uri);
    return !!pc && (pc.status === 'compiling' || pc.timer !== undefined);
  }

  /** Compiler findings of one file with the text they were computed from, if the last build succeeded. */
  compilerFindings(uri: string): { findings: Finding[]; builtText: string } | undefined {
    const pc = this.state(uri);
    const p = uriToPath(uri);
    if (!pc?.success || !pc.builtTexts || !p || this.mode() !== 'on' || pc.status === 'failed') return undefined;
    const builtText = pc.builtTexts.get(p);
    if (builtText === undefined) return undefined;
    // The compiler logs copies from 128 bytes; a higher largeCopyThreshold hides the smaller ones, as for the model.
    const threshold = this.settings().largeCopyThreshold;
    const findings = pc.success.findings.filter((f) => f.file === p && !(f.code === 'large-copy' && copyBytes(f) < threshold));
    return { findings, builtText };
  }

  /** The raw report of the package of a document (last build), rendered as text. */
  report(uri: string): string | undefined {
    const pc = this.state(uri);
    const r = pc?.success?.report ?? pc?.failure?.report;
    if (!r) return undefined;
    return renderCompilerReport(r);
  }

  async workspaceTarget(cwd: string): Promise<{ goarch?: string; goos?: string }> {
    if (this.mode() !== 'on') return {};
    const go = await findGo(this.settings().goPath || undefined, cwd).catch(() => undefined);
    return go ? { goarch: go.env.GOARCH, goos: go.env.GOOS } : {};
  }

  dispose(): void {
    for (const pc of this.packages.values()) {
      pc.controller?.abort(new Error('shutdown'));
      if (pc.timer) clearTimeout(pc.timer);
    }
  }
}

/** The size in a `large-copy` message ("copies 256 bytes …"). */
function copyBytes(f: Finding): number {
  const m = /^copies (\d+) bytes/.exec(f.message);
  return m ? Number(m[1]) : Infinity;
}

export function statusText(pc: PackageCompile | undefined, mode: 'off' | 'untrusted' | 'on'): { text: string; tooltip: string } {
  if (mode === 'off') return { text: '$(pulse) mem: model', tooltip: 'Go Memory Hints: embedded model estimates (compiler off). Click to turn the compiler on.' };
  if (mode === 'untrusted') return { text: '$(shield) mem: model', tooltip: 'Go Memory Hints: untrusted workspace — the compiler is never run here; model estimates only.' };
  switch (pc?.status) {
    case 'compiling':
      return { text: '$(sync~spin) mem: compiling…', tooltip: 'Go Memory Hints: running go build -gcflags=-m=2 (model estimates meanwhile). Click to turn the compiler off.' };
    case 'ok':
      return { text: '$(check) mem: compiler', tooltip: `Go Memory Hints: compiler results (${pc.success?.goVersion ?? 'go'}), model for edited regions. Click to turn the compiler off.` };
    case 'failed':
      return { text: '$(warning) mem: estimates', tooltip: `compiler: build failed, showing estimates — ${pc.failure?.message ?? ''}` };
    case 'missing':
      return { text: '$(pulse) mem: model', tooltip: 'Go Memory Hints: go not found; showing the embedded model estimates.' };
    default:
      return { text: '$(pulse) mem: model', tooltip: 'Go Memory Hints: embedded model estimates.' };
  }
}
