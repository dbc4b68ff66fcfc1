import type { Tree } from 'web-tree-sitter';
import type { PackageIndex } from '../goPackage';
import { treeFacts } from '../incremental';

/**
 * Most advice looks at one function. A few rules also read other functions: the
 * sync.Pool rules (every Get and Put of the same pool, fixes that edit the Get sites)
 * and the GC-knob rules (does the file measure memory or register finalizers
 * anywhere?). Those functions are named by these words; the texts of the functions
 * that contain one are the package facts the cached advice depends on: when one of
 * them changes, appears or goes, every function's advice is computed again.
 */
const CROSS_FUNCTION_WORDS = [
  // sync.Pool sites (pool.ts, poolSites.ts, poolReuse.ts, poolFix.ts)
  'Pool', 'Get', 'Put',
  // memory measurement and finalizers that make a forced GC legitimate (gcKnobs.ts MEASURING)
  'runtime', 'pprof', 'debug', 'metrics', 'ReadMemStats', 'MemProfile', 'WriteHeapProfile', 'Lookup', 'WriteTo',
  'WriteHeapDump', 'ReadGCStats', 'SetFinalizer', 'AddCleanup', 'WriteProfileTo',
];

const perTree = new WeakMap<Tree, string>();

function factsOfTree(tree: Tree): string {
  const hit = perTree.get(tree);
  if (hit !== undefined) return hit;
  const facts = treeFacts(tree);
  const parts: string[] = [facts.header];
  for (const d of tree.rootNode.namedChildren) {
    if (!d || (d.type !== 'function_declaration' && d.type !== 'method_declaration')) continue;
    const words = facts.funcWords.get(d.id);
    if (words && CROSS_FUNCTION_WORDS.some((w) => words.has(w))) parts.push(d.text);
  }
  const out = parts.join('\0');
  perTree.set(tree, out);
  return out;
}

/** The package facts advice depends on beyond each function's own text (see above). */
export function crossFunctionFacts(index: PackageIndex): string {
  return index.pkg.files.map((f) => `${f.path}\0${factsOfTree(f.tree)}`).join('\0\0');
}
