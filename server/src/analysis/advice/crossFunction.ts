import type { Tree } from 'web-tree-sitter';
import { functionDecls } from '../checker/nodes';
import type { PackageIndex } from '../goPackage';
import { treeFacts } from '../incremental';
import { textHash } from '../textMemo';

/**
 * Most advice looks at one function. A few rules also read other functions: the
 * sync.Pool rules (every Get and Put of the same pool, fixes that edit the Get sites)
 * and the GC-knob rules (does the file measure memory or register finalizers
 * anywhere?). Those functions are named by these words; the texts of the functions
 * that contain one are the package facts the cached advice depends on: when one of
 * them changes, appears or goes, the advice of every function that names one of the
 * words (crossFunctionWords) is computed again.
 */
/** sync.Pool sites (pool.ts, poolSites.ts, poolReuse.ts, poolFix.ts): the pools' own names are added. */
const CROSS_FUNCTION_WORDS = ['Pool'];

/**
 * Memory measurement and finalizers that make a forced GC legitimate in a file (gcKnobs.ts
 * MEASURING): which functions call them does not matter, only whether the file does — so
 * the facts hold how many functions of the file name each.
 */
const MEASURING_WORDS = ['ReadMemStats', 'MemProfile', 'WriteHeapProfile', 'Lookup', 'WriteTo', 'WriteHeapDump', 'ReadGCStats', 'metrics', 'SetFinalizer', 'AddCleanup', 'WriteProfileTo'];

/**
 * The names a file gives sync.Pools: `var bufPool = sync.Pool{...}`, `p *sync.Pool`, a
 * field `pool sync.Pool`, `func getPool() *sync.Pool`. A Get or Put on a pool goes through one of these names (a file
 * that imports sync under another name makes every Get and Put count).
 */
function poolNamesOf(tree: Tree): string[] {
  const hit = poolNames.get(tree);
  if (hit) return hit;
  const text = tree.rootNode.text;
  const names = new Set<string>();
  if (/import[^;]*\b\w+\s+"sync"/.test(treeFacts(tree).header)) names.add('Get').add('Put');
  // vars, fields and parameters (`[]sync.Pool`, `map[K]*sync.Pool` too), and functions returning one
  // (each `sync.Pool` found by indexOf, the name read back from its line: one regex over the
  // whole text tried at every word cost 5 ms a keystroke on net/http)
  for (let i = text.indexOf('sync.Pool'); i >= 0; i = text.indexOf('sync.Pool', i + 9)) {
    const line = text.slice(text.lastIndexOf('\n', i) + 1, i);
    const m = VAR_BEFORE.exec(line) ?? FUNC_BEFORE.exec(line);
    if (m) names.add(m[1]);
  }
  const out = [...names];
  poolNames.set(tree, out);
  return out;
}

const VAR_BEFORE = /(\w+)\s*(?:=\s*)?(?:\[[^\]]*\]|map\[[^\]]*\]|[&*]|[ \t])*$/;
const FUNC_BEFORE = /func\s+(?:\([^)]*\)\s*)?(\w+)\s*\([^)]*\)\s*[*&]?$/;
const poolNames = new WeakMap<Tree, string[]>();
const perTree = new WeakMap<Tree, { words: string; text: string }>();

function factsOfTree(tree: Tree, words: string[]): string {
  const key = words.join(' ');
  const hit = perTree.get(tree);
  if (hit && hit.words === key) return hit.text;
  const facts = treeFacts(tree);
  const parts: string[] = [facts.header];
  const measuring = new Map<string, number>();
  for (const d of functionDecls(tree)) {
    const fw = facts.funcWords.get(d.id);
    if (!fw) continue;
    if (words.some((w) => fw.has(w))) parts.push(d.text);
    for (const w of MEASURING_WORDS) if (fw.has(w)) measuring.set(w, (measuring.get(w) ?? 0) + 1);
  }
  parts.push([...measuring].map(([w, n]) => `${w}=${n}`).join(','));
  const text = parts.join('\0');
  perTree.set(tree, { words: key, text });
  return text;
}

/** The calls the GC-knob rules report (gcKnobs.ts): the functions whose advice reads MEASURING_WORDS elsewhere. */
const GC_KNOB_WORDS = ['GC', 'FreeOSMemory', 'SetGCPercent', 'SetMemoryLimit'];

/**
 * The package facts advice depends on beyond each function's own text (see above), as a hash
 * (`key`), and the words that make a function's advice depend on them (`words`): pool words
 * and names (its Gets and Puts are matched with other functions') and the GC knobs (legitimate
 * when the file measures memory). The advice of any other function reads its own text only.
 */
export function crossFunctionFacts(index: PackageIndex): { words: Set<string>; key: string } {
  const pool = new Set(CROSS_FUNCTION_WORDS);
  for (const f of index.pkg.files) for (const n of poolNamesOf(f.tree)) pool.add(n);
  const sorted = [...pool].sort();
  const facts = index.pkg.files.map((f) => `${f.path}\0${factsOfTree(f.tree, sorted)}`).join('\0\0');
  return { words: new Set([...pool, ...GC_KNOB_WORDS]), key: textHash(facts) };
}
