import { ADVICE_CODES, defaultAdviceSettings } from './analysis/advice';

/**
 * The one schema of user settings (`goMemoryHints.*`) with their defaults. The
 * `contributes.configuration` of package.json is checked against it by a test.
 */
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  goarch: string;
  goos: string;
  buildTags: string[];
  'layout.severity': SeveritySetting;
  'escape.severity': SeveritySetting;
  'leak.severity': SeveritySetting;
  'noescape.severity': SeveritySetting;
  'alloc.severity': SeveritySetting;
  'advice.severity': SeveritySetting;
  advice: Record<string, boolean>;
  'inlayHints.enable': boolean;
  'diagnostics.maxPerFile': number;
  largeCopyThreshold: number;
  compiler: 'auto' | 'on' | 'off';
  goPath: string;
  compilerTimeoutSeconds: number;
  compilerEnv: Record<string, string>;
}

const SEVERITIES: SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface SettingSpec {
  default: unknown;
  description: string;
  enum?: string[];
  type: 'string' | 'boolean' | 'number' | 'array' | 'object';
  /** For object settings shown as a list of checkboxes. */
  properties?: Record<string, { type: 'boolean'; default: boolean; description: string }>;
}

export const SETTINGS_SCHEMA: { [K in keyof Settings]: SettingSpec } = {
  goarch: {
    type: 'string',
    default: '',
    enum: ['', 'amd64', 'arm64', 'riscv64', 'ppc64', 'ppc64le', 's390x', 'loong64', 'mips64', 'mips64le', 'wasm', '386', 'arm', 'mips', 'mipsle'],
    description: 'Target architecture for sizes and builds. Empty: the workspace GOARCH from `go env`, else amd64.',
  },
  goos: { type: 'string', default: '', description: 'Target OS for build constraints and builds. Empty: the workspace GOOS from `go env`, else the host OS.' },
  buildTags: { type: 'array', default: [], description: 'Extra build tags (like `-tags`).' },
  'layout.severity': { type: 'string', enum: SEVERITIES, default: 'information', description: 'Severity of "struct could be smaller" diagnostics.' },
  'escape.severity': { type: 'string', enum: SEVERITIES, default: 'warning', description: 'Severity of heap-escape diagnostics (moved to heap, escapes to heap).' },
  'leak.severity': { type: 'string', enum: SEVERITIES, default: 'off', description: 'Severity of "leaking param" facts.' },
  'noescape.severity': { type: 'string', enum: SEVERITIES, default: 'off', description: 'Severity of "does not escape" facts.' },
  'alloc.severity': { type: 'string', enum: SEVERITIES, default: 'information', description: 'Severity of allocation hints (preallocation, map size hints, string building, ...).' },
  'advice.severity': { type: 'string', enum: SEVERITIES, default: 'information', description: "Severity of the memory guides' advice (sync.Pool, retention, timers, resources, GC knobs, ...)." },
  advice: {
    type: 'object',
    default: defaultAdviceSettings(),
    description: 'Turn single advice hints on or off (see docs/hints.md for each code).',
    properties: Object.fromEntries(ADVICE_CODES.map((c) => [c.code, { type: 'boolean', default: c.defaultOn, description: c.description }])),
  },
  'inlayHints.enable': { type: 'boolean', default: false, description: 'Mark heap allocations with an inlay hint at the end of the line.' },
  'diagnostics.maxPerFile': {
    type: 'number',
    default: 1000,
    description:
      "At most this many diagnostics per file (errors first, then warnings, information, hints, each from the top of the file), and one saying how many more there are; 0: no limit. VS Code itself shows at most 1,000 of an extension's diagnostics per file.",
  },
  largeCopyThreshold: { type: 'number', default: 128, description: 'Values at least this many bytes copied by parameter or by range are reported.' },
  compiler: {
    type: 'string',
    enum: ['auto', 'on', 'off'],
    default: 'auto',
    description: "Merge the Go compiler's own escape analysis: auto (when `go` is found and the workspace is trusted), on, off.",
  },
  goPath: { type: 'string', default: '', description: 'Path of the `go` executable (empty: found on PATH).' },
  compilerTimeoutSeconds: { type: 'number', default: 60, description: 'A compiler run taking longer is killed (with its whole process tree).' },
  compilerEnv: { type: 'object', default: {}, description: 'Extra environment variables for compiler runs.' },
};

export function defaultSettings(): Settings {
  const s: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(SETTINGS_SCHEMA)) s[k] = structuredClone(spec.default);
  return s as unknown as Settings;
}

/** Merges a raw settings object (from the client, possibly nested or partial or wrong) over the defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const out = defaultSettings() as unknown as Record<string, unknown>;
  const flat = flatten(raw);
  for (const [k, spec] of Object.entries(SETTINGS_SCHEMA)) {
    const v = flat[k];
    if (v === undefined || v === null) continue;
    if (spec.type === 'array' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : spec.type === 'object' ? typeof v === 'object' && !Array.isArray(v) : typeof v === spec.type) {
      if (spec.enum && !spec.enum.includes(v as string)) continue;
      if (spec.properties) {
        // Checkbox objects: keep the defaults, take only known keys with boolean values.
        const merged = { ...(out[k] as Record<string, boolean>) };
        for (const [name, b] of Object.entries(v as Record<string, unknown>)) if (name in spec.properties && typeof b === 'boolean') merged[name] = b;
        out[k] = merged;
      } else if (spec.type === 'object') {
        out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x === 'string'));
      } else out[k] = v;
    }
  }
  return out as unknown as Settings;
}

function flatten(raw: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (key in SETTINGS_SCHEMA) out[key] = v;
      else flatten(v, key, out);
    }
  }
  return out;
}
