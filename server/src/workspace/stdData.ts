import * as fs from 'fs';
import * as path from 'path';
import type { StdEscapeTable, StdLayoutTable, StdTables } from '../analysis/stdTables';

/** Loads the shipped standard-library tables once (data/ in the repo, or next to the bundle). */
let cached: StdTables | undefined;

function findData(name: string): string | undefined {
  for (let d = __dirname, i = 0; i < 5; i++, d = path.dirname(d)) {
    for (const c of [path.join(d, 'data', name), path.join(d, name)]) if (fs.existsSync(c)) return c;
  }
  return undefined;
}

function readJson<T>(name: string): T | undefined {
  const p = findData(name);
  if (!p) return undefined;
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function loadStdTables(): StdTables {
  cached ??= {
    layout: readJson<StdLayoutTable>('std-layout.json'),
    escape: readJson<StdEscapeTable>('std-escape.json'),
  };
  return cached;
}
