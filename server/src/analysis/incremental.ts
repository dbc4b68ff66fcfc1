import type { Node, Tree } from 'web-tree-sitter';
import { derivedOf, topDecls, type TopDecl } from './checker/nodes';
import { detach, detachedWords, TextMemo, textHash } from './textMemo';
import type { PackageIndex } from './goPackage';

/**
 * What per-function caches need to know between two analyses of a package: which
 * package-level names changed. A function's cached result stays valid while its own
 * text is the same and none of the words it contains names a changed declaration.
 *
 * A declaration's "interface" is what other code can depend on: a type, var or const
 * spec whole, a function's signature without its body. A name changes when its
 * interface text changes, appears or goes; then every declaration whose interface
 * mentions a changed name changes too (a field type, a result type, an initializer),
 * transitively. Words are compared by text, so this over-approximates (a local
 * variable named like a changed type invalidates too), never the reverse.
 */

/** Identifier-like words of a text (any non-ASCII character counts as a letter: an over-approximation). */
export function wordsOf(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g) ?? []);
}

/**
 * A function's words, plus `.m` for each name written after a dot (`x.Close()`, `T.Close`,
 * `pkg.F`): a method is only reached through a selector, so a changed method invalidates the
 * functions with `.Close`, not every function whose text has the word Close.
 */
function functionWords(text: string): Set<string> {
  const out = wordsOf(text);
  // (a comment may sit between the dot and the name: `s./* the field */p`, or gofmt's `s.\n\t// why\n\tp`)
  for (const m of text.matchAll(/\.(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)/g)) out.add(`.${m[1]}`);
  return out;
}

/** Names written where a type goes in a function's body: type identifiers, and the first argument of new and make. */
function typePositionNames(fn: Node): Set<string> {
  const out = new Set<string>();
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const n of body.descendantsOfType(['type_identifier', 'call_expression'])) {
    if (!n) continue;
    if (n.type === 'type_identifier') out.add(n.text);
    else if (/^(new|make)$/.test(n.childForFieldName('function')?.text ?? '')) {
      const first = n.childForFieldName('arguments')?.namedChildren[0];
      if (first?.type === 'identifier') out.add(first.text);
    }
  }
  return out;
}

/**
 * A function's words without the names its receiver, parameters and results declare: those are in scope in the
 * whole body (the spec: "the scope of an identifier denoting a method receiver, function parameter, or result
 * variable is the function body"), so a body naming `p` or `err` there means the parameter or an inner local, never
 * the package-level declaration of that name. A syntax error that makes a half-typed statement's `var p T` a
 * package-level declaration then no longer invalidates every `Read(p []byte)` of the package. A name is kept when
 * the text may use it otherwise: in the signature's types (`func f(p p)` names the type p), after a dot (`x.p`: a
 * field or method, tracked as `.p` and `p`), or before a colon that is not `:=` (a composite-literal key `T{p: 1}`
 * names a field; a label), or where a type goes in the body (typePositionNames). Only the function's own parameters
 * count, not those of a func type in its signature.
 */
function withoutBoundNames(all: Set<string>, fn: Node, text: string): Set<string> {
  const sig = ['receiver', 'parameters', 'result'].map((f) => fn.childForFieldName(f));
  let out = all;
  let sigRefs: Set<string> | undefined;
  let typeNames: Set<string> | undefined;
  for (const list of sig) {
    // only the function's own parameters: not those of a function type or interface method written in its
    // signature (`cb func(p int)`, `func() func(p int)`), whose names are in scope nowhere in the body
    if (list?.type !== 'parameter_list') continue;
    const decls = list.namedChildren.filter((d) => d?.type === 'parameter_declaration' || d?.type === 'variadic_parameter_declaration');
    // (a second receiver, in code that does not compile, is declared by nothing: the model's checker binds the first)
    for (const decl of list === sig[0] ? decls.slice(0, 1) : decls) {
      if (!decl) continue;
      for (const n of decl.childrenForFieldName('name')) {
        if (!n || !out.has(n.text) || all.has(`.${n.text}`)) continue;
        // written where a type goes (`new(T)`, `&conn{}` while typing): the model's checker looks types up in the
        // package whatever the locals are, as Go would after reporting the error
        if ((typeNames ??= typePositionNames(fn)).has(n.text)) continue;
        if (new RegExp(`(?<![\\w.\u0080-\uffff])${n.text}(?:\\s|/\\*[\\s\\S]*?\\*/)*:(?!=)`).test(text)) continue;
        if ((sigRefs ??= referenceWords([...sig, fn.childForFieldName('type_parameters')])).has(n.text)) continue;
        if (out === all) out = new Set(all);
        out.delete(n.text);
      }
    }
  }
  return out;
}

interface DeclInterface {
  names: string[];
  /** A hash of its interface text (see the top of this file). */
  text: string;
  /** The names it refers to. */
  words: Set<string>;
  /**
   * `method`: its name is not a package-level identifier (only selectors reach it);
   * `value`: a var or const spec, whose initializer may call methods.
   */
  kind: 'type' | 'func' | 'method' | 'value';
  /**
   * A struct type's named fields that refer to declarations only through an indirection
   * (`*T`, `[]T`, `map[K]T`, `chan T`, func and interface types) — those words are not in
   * `words`: a change of T leaves the struct's layout as it is, so the struct does not change;
   * only code that reaches T through the field does, and that code names the field.
   */
  fields?: { names: string[]; words: Set<string> }[];
}

export interface TreeFacts {
  decls: DeclInterface[];
  /** The file's package clause and imports, verbatim (part of every function's identity). */
  header: string;
  /** A hash of the header (for keys). */
  headerHash: string;
  /** Words of each top-level function or method, by node id. */
  funcWords: Map<number, Set<string>>;
}

const factsCache = new WeakMap<Tree, TreeFacts>();
/** A function's words by its text: after a keystroke only the edited function's are new (the sets are shared: never mutated). */
const words = new TextMemo<Set<string>>();
const refWords = new TextMemo<Set<string>>();
const typeRefs = new TextMemo<{ words: Set<string>; fields: { names: string[]; words: Set<string> }[] }>();

/**
 * Every name written in code (not in string literals or comments): what a var or const initializer
 * can refer to; a field or method name also as `.m` (see functionWords).
 */
function codeWords(node: Node): Set<string> {
  const out = new Set<string>();
  for (const n of node.descendantsOfType(['identifier', 'type_identifier', 'field_identifier', 'package_identifier'])) {
    if (!n) continue;
    out.add(n.text);
    if (n.type === 'field_identifier') out.add(`.${n.text}`);
  }
  return out;
}

/**
 * The names a type expression or a signature refers to: type names, package names and
 * identifiers in expressions (array lengths), but not field names (field_identifier) or
 * parameter names — `conn net.Conn` refers to net, not to a declaration named conn.
 */
function referenceWords(nodes: (Node | null)[]): Set<string> {
  const out = new Set<string>();
  for (const node of nodes) {
    if (!node) continue;
    for (const n of node.descendantsOfType(['type_identifier', 'identifier', 'package_identifier'])) if (n && !isParamName(n)) out.add(n.text);
  }
  return out;
}

/** A parameter's own name (`conn` in `conn net.Conn`): declares, refers to nothing. */
function isParamName(n: Node): boolean {
  const p = n.type === 'identifier' ? n.parent?.type : undefined;
  return p === 'parameter_declaration' || p === 'variadic_parameter_declaration';
}

/**
 * The names a type or var spec refers to (not its field or parameter names): what a struct's
 * layout findings depend on besides its own text — a field named like a changed declaration
 * does not make them stale.
 */
export function specReferences(spec: Node): Set<string> {
  return refWords.get(spec, () => detachedWords(spec.type === 'var_spec' ? codeWords(spec) : referenceWords([spec])), 'spec');
}

/** Type expressions whose values hold what they name behind a pointer: its size and layout do not reach through. */
const INDIRECT = new Set(['pointer_type', 'slice_type', 'map_type', 'channel_type', 'function_type', 'interface_type']);

/**
 * A type spec's references split like the compiler's sizes are: the names a struct holds by
 * value (fields of type T or [N]T, embedded fields, type parameters, array lengths) in `words`,
 * and per named field the names it reaches only through an indirection. Any other type spec
 * refers by all its words.
 */
function typeReferences(spec: Node): { words: Set<string>; fields: { names: string[]; words: Set<string> }[] } {
  const type = spec.childForFieldName('type');
  if (spec.type !== 'type_spec' || type?.type !== 'struct_type') return { words: detachedWords(referenceWords([spec])), fields: [] };
  const words = referenceWords([spec.childForFieldName('type_parameters')]);
  const fields: { names: string[]; words: Set<string> }[] = [];
  for (const list of type.namedChildren) {
    if (list?.type !== 'field_declaration_list') continue;
    for (const f of list.namedChildren) {
      if (f?.type !== 'field_declaration') continue;
      const names = f.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : []));
      const ft = f.childForFieldName('type');
      if (!names.length || !ft) {
        // embedded: its fields and methods are promoted, reached without naming it
        for (const w of referenceWords([f])) words.add(w);
        continue;
      }
      const indirect = new Set<string>();
      splitReferences(ft, words, indirect);
      if (indirect.size) fields.push({ names: [...detachedWords(names)], words: detachedWords(indirect) });
    }
  }
  return { words: detachedWords(words), fields };
}

function splitReferences(root: Node, direct: Set<string>, indirect: Set<string>): void {
  // iterative: a type nested thousands deep must not overflow the stack
  const stack: [Node, boolean][] = [[root, false]];
  while (stack.length) {
    const [n, behindPointer] = stack.pop()!;
    const under = behindPointer || INDIRECT.has(n.type);
    if (n.type === 'type_identifier' || n.type === 'package_identifier' || n.type === 'identifier') {
      if (!isParamName(n)) (under ? indirect : direct).add(n.text);
      continue;
    }
    // a generic instantiation may hold its arguments by value: all of it counts as direct
    if (n.type === 'generic_type' && !under) {
      for (const w of referenceWords([n])) direct.add(w);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push([c, under]);
  }
}

/**
 * The declarations of one tree (memoized per tree: trees are immutable), each top-level
 * declaration's part derived once per text (see TopDecl: a re-parsed tree keeps the parts of
 * the declarations an edit did not touch).
 */
export function treeFacts(tree: Tree): TreeFacts {
  const hit = factsCache.get(tree);
  if (hit) return hit;
  const decls: DeclInterface[] = [];
  const header: string[] = [];
  const funcWords = new Map<number, Set<string>>();
  for (const d of topDecls(tree)) {
    const f = derivedOf(d, 'facts', () => declFacts(d));
    if (f.header !== undefined) header.push(f.header);
    for (const x of f.decls) decls.push(x);
    if (f.words) funcWords.set(d.node.id, f.words);
  }
  const joined = header.join('\n');
  const facts = { decls, header: joined, headerHash: textHash(joined), funcWords };
  factsCache.set(tree, facts);
  return facts;
}

/**
 * One top-level declaration's part of TreeFacts. Kept across trees with the declaration
 * (TopDecl.derived), so it holds no nodes and no slice of the file's text: interface texts
 * are hashes, words are detached.
 */
interface DeclFacts {
  /** The package clause or an import declaration, verbatim (detached). */
  header?: string;
  decls: DeclInterface[];
  /** A function's or method's words (see functionWords). */
  words?: Set<string>;
}

function declFacts(top: TopDecl): DeclFacts {
  const d = top.node;
  switch (top.type) {
    case 'package_clause':
    case 'import_declaration':
      return { header: detach(d.text), decls: [] };
    case 'function_declaration':
    case 'method_declaration': {
      const body = d.childForFieldName('body');
      // offsets into the declaration's own text (the root's text starts at its first token, not at 0)
      const text = d.text;
      const sig = text.slice(0, (body ? body.startIndex : top.end) - top.start);
      const nameNode = d.childForFieldName('name');
      const name = nameNode?.text ?? '';
      // What callers can depend on is the signature after the receiver: a method whose receiver
      // type changed is not itself changed for them (they got the receiver value through a
      // declaration that names the type, and that one changes). Its own body is recomputed:
      // its text names the receiver type.
      const callable = top.type === 'method_declaration' && nameNode ? text.slice(nameNode.startIndex - top.start, (body ? body.startIndex : top.end) - top.start) : sig;
      const parts = ['type_parameters', 'parameters', 'result'].map((f) => d.childForFieldName(f));
      const refs = refWords.get(callable, () => detachedWords(referenceWords(parts)), 'sig');
      const decls: DeclInterface[] = name !== '_' ? [{ names: [detach(name)], text: textHash(sig), words: refs, kind: top.type === 'method_declaration' ? 'method' : 'func' }] : [];
      return { decls, words: words.get(d, () => detachedWords(withoutBoundNames(functionWords(text), d, text))) };
    }
    case 'const_declaration': {
      // iota constants depend on their place in the group: the whole group is one interface
      const names = specsOf(d).flatMap((spec) => spec.childrenForFieldName('name').map((n) => n?.text ?? '').filter((n) => n !== '' && n !== '_'));
      return { decls: [{ names: [...detachedWords(names)], text: textHash(d.text), words: refWords.get(d, () => detachedWords(codeWords(d)), 'value'), kind: 'value' }] };
    }
    case 'type_declaration':
    case 'var_declaration': {
      const decls: DeclInterface[] = [];
      for (const spec of specsOf(d)) {
        // the blank identifier declares nothing anyone can name
        const names = [...detachedWords(spec.childrenForFieldName('name').map((n) => n?.text ?? '').filter((n) => n !== '' && n !== '_'))];
        if (!names.length) continue;
        // a type refers to other declarations by type names (and constants in array lengths),
        // not by its field or parameter names; a var's initializer by any name in its code
        if (top.type === 'type_declaration') {
          const refs = typeRefs.get(spec, () => typeReferences(spec));
          decls.push({ names, text: textHash(spec.text), words: refs.words, kind: 'type', ...(refs.fields.length ? { fields: refs.fields } : {}) });
        } else decls.push({ names, text: textHash(spec.text), words: refWords.get(spec, () => detachedWords(codeWords(spec)), 'value'), kind: 'value' });
      }
      return { decls };
    }
    default:
      // comments, and ERROR nodes: the index leaves them out, so they declare nothing others can see
      return { decls: [] };
  }
}

function specsOf(d: Node): Node[] {
  const out: Node[] = [];
  for (const c of d.namedChildren) {
    if (!c) continue;
    if (c.type.endsWith('_spec') || c.type === 'type_alias') out.push(c);
    else if (c.type.endsWith('_spec_list')) for (const s of c.namedChildren) if (s && (s.type.endsWith('_spec') || s.type === 'type_alias')) out.push(s);
  }
  return out;
}

/** Tracks a package's declaration interfaces from one analysis to the next. */
export class DeclChanges {
  private lastFiles: Map<string, { tree: Tree; header: string; names: Map<string, string> }> | undefined;

  /**
   * The names whose declarations changed since the previous call, with their
   * dependents; `undefined` on the first call (nothing is known to be valid).
   */
  update(index: PackageIndex): Set<string> | undefined {
    const files = new Map<string, { tree: Tree; header: string; names: Map<string, string> }>();
    for (const f of index.pkg.files) files.set(f.path, { tree: f.tree, header: treeFacts(f.tree).header, names: namesOf(f.tree) });
    const prev = this.lastFiles;
    this.lastFiles = files;
    if (!prev) return undefined;
    // Only files whose tree is not the previous run's can have changed declarations.
    const differing = new Set<string>();
    for (const p of new Set([...files.keys(), ...prev.keys()])) {
      const a = files.get(p);
      const b = prev.get(p);
      if (a && b && a.tree === b.tree) continue;
      const na = a?.names ?? new Map<string, string>();
      const nb = b?.names ?? new Map<string, string>();
      // the file's imports are part of what each of its declarations means (`sync.Pool` may no longer resolve)
      const sameHeader = a?.header === b?.header;
      for (const [n, t] of na) if (!sameHeader || nb.get(n) !== t) differing.add(n);
      for (const n of nb.keys()) if (!na.has(n)) differing.add(n);
    }
    const all: DeclInterface[] = [];
    if (differing.size) for (const f of index.pkg.files) all.push(...treeFacts(f.tree).decls);
    const changed = new Set<string>();
    // Names a type declaration or a signature can refer to: package-level ones. A method name
    // is reached only through a selector, which type expressions never contain, so a changed
    // method changes the functions that mention it (and var/const initializers) but no type —
    // even when a type has the same name (the method Header of response and the type Header).
    const changedTop = new Set<string>();
    // a method is marked `.M`: the functions that select it (their words have `.M`, see functionWords)
    const mark = (n: string, method: boolean) => {
      if (method) changed.add(`.${n}`);
      else {
        changed.add(n);
        changedTop.add(n);
      }
    };
    for (const n of differing) {
      if (n.startsWith('.')) mark(n.slice(1), true);
      else mark(n, false);
    }
    for (let grew = changed.size > 0; grew; ) {
      grew = false;
      // (index loops: every declaration of the package, per signature keystroke)
      for (let i = 0; i < all.length; i++) {
        const d = all[i];
        const method = d.kind === 'method';
        if (d.names.every((n) => (method ? changed.has(`.${n}`) : changedTop.has(n)))) continue;
        const refs = d.kind === 'value' ? changed : changedTop;
        if (meets(d.words, refs)) {
          for (const n of d.names) mark(n, method);
          grew = true;
          continue;
        }
        if (!d.fields) continue;
        // A field that reaches a changed type through a pointer: the struct stays, code using the field changes.
        for (const f of d.fields) {
          if (f.names.every((n) => changed.has(n)) || !meets(f.words, changedTop)) continue;
          for (const n of f.names) changed.add(n);
          grew = true;
        }
      }
    }
    return changed;
  }
}

function meets(words: Set<string>, names: Set<string>): boolean {
  // (the smaller set iterated: a declaration has tens of words, a signature edit changes a few names)
  if (names.size < words.size) {
    for (const n of names) if (words.has(n)) return true;
    return false;
  }
  for (const w of words) if (names.has(w)) return true;
  return false;
}

const namesMemo = new WeakMap<Tree, Map<string, string>>();

/**
 * A tree's declared names with what each means (its declarations' interface texts; the
 * file's imports are compared apart, see update). Methods are keyed `.M`, apart from the
 * package-level names: a method and a type may share a name.
 */
function namesOf(tree: Tree): Map<string, string> {
  const hit = namesMemo.get(tree);
  if (hit) return hit;
  const names = new Map<string, string>();
  const decls = treeFacts(tree).decls;
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i];
    for (let j = 0; j < d.names.length; j++) {
      const name = d.names[j];
      const n = d.kind === 'method' ? `.${name}` : name;
      const prev = names.get(n);
      names.set(n, prev === undefined ? d.text : `${prev}\0${d.text}`);
    }
  }
  namesMemo.set(tree, names);
  return names;
}

/** True when none of `words` is in `changed` (a function unaffected by the changes). */
export function untouched(words: Set<string> | undefined, changed: Set<string> | undefined): boolean {
  if (!changed || !words) return false;
  if (changed.size === 0) return true;
  for (const w of changed) if (words.has(w)) return false;
  return true;
}
