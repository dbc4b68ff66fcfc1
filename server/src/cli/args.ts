/** Minimal flag parsing shared by the subcommands: `--flag`, `--flag value`, `--flag=value`. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value. */
  values: string[];
  /** Boolean flags. */
  bools: string[];
}

export interface ParsedArgs {
  values: Map<string, string>;
  bools: Set<string>;
  positional: string[];
}

export function parseArgs(args: string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { values: new Map(), bools: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      out.positional.push(a);
      continue;
    }
    if (a === '--') {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name === '-h' || name === '--help') {
      out.bools.add('--help');
      continue;
    }
    if (spec.bools.includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      out.bools.add(name);
    } else if (spec.values.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      out.values.set(name, v);
    } else {
      throw new UsageError(`unknown flag ${name}`);
    }
  }
  return out;
}
