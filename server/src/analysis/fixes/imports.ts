import type { Node, Tree } from 'web-tree-sitter';
import { topDecls } from '../checker/nodes';
import { defaultPackageName, FileInfo, stringLiteralValue } from '../goPackage';
import type { TextEdit } from '../types';
import { insertAt, replaceNode, replaceRange } from './edits';

/**
 * Import edits that leave gofmt-clean source: a new standard-library import goes
 * into the first group of std imports at its sorted place (goimports' grouping),
 * a single `import "x"` becomes a parenthesized list, and a removed import takes
 * its line with it (and the whole declaration when it was the last one).
 */
interface Spec {
  node: Node;
  path: string;
  name: string;
  decl: Node;
}

function isStd(path: string): boolean {
  return !path.split('/')[0].includes('.');
}

/** By tree: each fix asks again, and listing a big file's top-level declarations each time was quadratic. */
const specsCache = new WeakMap<Tree, { decls: Node[]; specs: Spec[] }>();

function specsOf(file: FileInfo): { decls: Node[]; specs: Spec[] } {
  const hit = specsCache.get(file.file.tree);
  if (hit) return hit;
  const found = collectSpecs(file);
  specsCache.set(file.file.tree, found);
  return found;
}

function collectSpecs(file: FileInfo): { decls: Node[]; specs: Spec[] } {
  const decls: Node[] = [];
  const specs: Spec[] = [];
  for (const top of topDecls(file.file.tree)) {
    if (top.type !== 'import_declaration') continue;
    const d = top.node;
    decls.push(d);
    for (const s of d.descendantsOfType('import_spec')) {
      if (!s) continue;
      const p = s.childForFieldName('path');
      if (!p) continue;
      const path = stringLiteralValue(p);
      specs.push({ node: s, path, name: s.childForFieldName('name')?.text ?? defaultPackageName(path), decl: d });
    }
  }
  return { decls, specs };
}

/** The name under which `path` is imported in the file, or undefined. */
export function importedName(file: FileInfo, path: string): string | undefined {
  for (const [name, p] of file.imports) if (p === path) return name;
  return undefined;
}

function lineBounds(text: string, start: number, end: number): [number, number] {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  let le = text.indexOf('\n', end);
  le = le < 0 ? text.length : le + 1;
  return [ls, le];
}

function isBlankLineAt(text: string, lineStart: number): boolean {
  const e = text.indexOf('\n', lineStart);
  return text.slice(lineStart, e < 0 ? text.length : e).trim() === '';
}

function prevLineStart(text: string, lineStart: number): number {
  if (lineStart === 0) return -1;
  return text.lastIndexOf('\n', lineStart - 2) + 1;
}

/** Edits adding `add` and removing `remove` (import paths) in one file. */
export function importEdits(file: FileInfo, add: string[], remove: string[]): TextEdit[] {
  const text = file.file.text;
  const { decls, specs } = specsOf(file);
  const edits: TextEdit[] = [];
  const toAdd = [...new Set(add)].filter((p) => !specs.some((s) => s.path === p)).sort();
  const removed = specs.filter((s) => remove.includes(s.path) && !add.includes(s.path));
  const removedIds = new Set(removed.map((s) => s.node.id));
  const handledDecls = new Set<number>();

  // Single `import "x"` that is removed while something is added: reuse it.
  if (toAdd.length === 1 && removed.length === 1 && removed[0].decl.descendantsOfType('import_spec').length === 1 && !removed[0].decl.text.includes('(')) {
    return [replaceNode(file, removed[0].node, JSON.stringify(toAdd[0]))];
  }

  for (const d of decls) {
    const own = specs.filter((s) => s.decl.id === d.id);
    const gone = own.filter((s) => removedIds.has(s.node.id));
    if (gone.length === 0) continue;
    if (gone.length === own.length && !(toAdd.length > 0 && d.text.includes('(') && d.id === firstParenDecl(decls)?.id)) {
      let [ls, le] = lineBounds(text, d.startIndex, d.endIndex);
      const prev = prevLineStart(text, ls);
      if (le < text.length && isBlankLineAt(text, le) && (prev < 0 || isBlankLineAt(text, prev))) le = lineBounds(text, le, le)[1];
      edits.push(replaceRange(file, ls, le, ''));
      handledDecls.add(d.id);
      continue;
    }
    for (const s of gone) {
      let [ls, le] = lineBounds(text, s.node.startIndex, s.node.endIndex);
      const prev = prevLineStart(text, ls);
      const prevBlank = prev >= 0 && isBlankLineAt(text, prev);
      const nextBlank = le < text.length && isBlankLineAt(text, le);
      const nextClose = text.slice(le).trimStart().startsWith(')');
      const prevOpen = prev >= 0 && text.slice(prev, ls).trim().endsWith('(');
      if (nextBlank && (prevBlank || prevOpen)) le = lineBounds(text, le, le)[1];
      else if (prevBlank && nextClose) ls = prev;
      edits.push(replaceRange(file, ls, le, ''));
    }
  }
  if (toAdd.length === 0) return edits;

  const paren = firstParenDecl(decls);
  if (paren) {
    const own = specs.filter((s) => s.decl.id === paren.id);
    const indent = own.length ? text.slice(text.lastIndexOf('\n', own[0].node.startIndex - 1) + 1, own[0].node.startIndex) : '\t';
    // groups: runs of specs without blank lines between them
    const groups: Spec[][] = [];
    let prevEnd = -1;
    for (const s of own) {
      const gap = prevEnd >= 0 ? text.slice(prevEnd, s.node.startIndex) : '';
      if (prevEnd < 0 || /\n[ \t]*\n/.test(gap)) groups.push([]);
      groups[groups.length - 1].push(s);
      prevEnd = s.node.endIndex;
    }
    const std = groups.find((g) => g.every((s) => isStd(s.path)) && g.some((s) => !removedIds.has(s.node.id)));
    for (const p of toAdd) {
      const line = `${indent}${JSON.stringify(p)}\n`;
      if (std) {
        const before = std.find((s) => s.path > p);
        if (before) edits.push(insertAt(file, lineBounds(text, before.node.startIndex, before.node.startIndex)[0], line));
        else edits.push(insertAt(file, lineBounds(text, std[std.length - 1].node.endIndex, std[std.length - 1].node.endIndex)[1], line));
      } else if (own.length) {
        const first = lineBounds(text, own[0].node.startIndex, own[0].node.startIndex)[0];
        const remaining = own.some((s) => !removedIds.has(s.node.id));
        edits.push(insertAt(file, first, line + (remaining && p === toAdd[toAdd.length - 1] ? '\n' : '')));
      } else {
        const open = paren.text.indexOf('(');
        edits.push(insertAt(file, paren.startIndex + open + 1, `\n${line.replace(/\n$/, '')}`));
      }
    }
    return edits;
  }
  const singles = decls.filter((d) => !handledDecls.has(d.id) && !specs.some((s) => s.decl.id === d.id && s.path === 'C'));
  if (singles.length === 1) {
    const d = singles[0];
    const spec = specs.find((s) => s.decl.id === d.id)!;
    const all = [{ path: spec.path, text: spec.node.text }, ...toAdd.map((p) => ({ path: p, text: JSON.stringify(p) }))];
    all.sort((a, b) => (a.path < b.path ? -1 : 1));
    return [...edits, replaceNode(file, d, `import (\n${all.map((a) => `\t${a.text}`).join('\n')}\n)`)];
  }
  if (singles.length > 1) {
    const d = singles[0];
    return [...edits, insertAt(file, d.startIndex, toAdd.map((p) => `import ${JSON.stringify(p)}\n`).join(''))];
  }
  const pkg = file.file.tree.rootNode.namedChildren.find((c) => c?.type === 'package_clause');
  const at = pkg ? pkg.endIndex : 0;
  const block = toAdd.length === 1 ? `import ${JSON.stringify(toAdd[0])}` : `import (\n${toAdd.map((p) => `\t${JSON.stringify(p)}`).join('\n')}\n)`;
  return [...edits, insertAt(file, at, `\n\n${block}`)];
}

function firstParenDecl(decls: Node[]): Node | undefined {
  return decls.find((d) => d.children.some((c) => c?.type === 'import_spec_list'));
}

/** Number of `name.X` selector uses of an imported package name in the file. */
export function packageUses(file: FileInfo, name: string): number {
  let n = 0;
  const visit = (node: Node): void => {
    if (node.type === 'selector_expression' || node.type === 'qualified_type') {
      const op = node.childForFieldName('operand') ?? node.childForFieldName('package');
      if (op && (op.type === 'identifier' || op.type === 'package_identifier') && op.text === name) n++;
    }
    for (const c of node.namedChildren) if (c) visit(c);
  };
  visit(file.file.tree.rootNode);
  return n;
}
