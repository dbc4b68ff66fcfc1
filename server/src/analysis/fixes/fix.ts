import type { FileInfo } from '../goPackage';
import type { Fix, TextEdit } from '../types';
import { importedName, importEdits, packageUses } from './imports';

/**
 * A fix with its import needs: imports to add (paths) and uses of imported
 * packages it deletes (path → count). Its `edits` already hold the import edits
 * for applying it alone; "fix all" recomputes imports for the chosen set.
 */
export interface ImportAwareFix extends Fix {
  importChanges?: { add: string[]; removedUses: Record<string, number>; bodyEdits: number };
}

/** Completes a fix with the import edits needed when it is applied alone. */
export function withImports(file: FileInfo, fix: Fix, add: string[], removedUses: Record<string, number> = {}): ImportAwareFix {
  const remove = Object.entries(removedUses)
    .filter(([path, n]) => {
      const name = importedName(file, path);
      return !!name && n > 0 && packageUses(file, name) <= n;
    })
    .map(([path]) => path);
  const bodyEdits = fix.edits.length;
  const edits: TextEdit[] = [...fix.edits, ...importEdits(file, add, remove)];
  return { ...fix, edits, importChanges: { add, removedUses, bodyEdits } };
}
