import type { Node } from 'web-tree-sitter';
import type { FileInfo } from '../goPackage';
import type { TextEdit } from '../types';

/** Builds TextEdits from UTF-16 offsets of a file (tree-sitter indices on JS strings are UTF-16). */
export function replaceRange(file: FileInfo, start: number, end: number, newText: string): TextEdit {
  return {
    file: file.file.path,
    range: { start: file.positionAt(start), end: file.positionAt(end) },
    newText,
  };
}

export function replaceNode(file: FileInfo, node: Node, newText: string): TextEdit {
  return replaceRange(file, node.startIndex, node.endIndex, newText);
}

export function insertAt(file: FileInfo, offset: number, newText: string): TextEdit {
  return replaceRange(file, offset, offset, newText);
}
