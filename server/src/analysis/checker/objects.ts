import type { Node } from 'web-tree-sitter';
import type { GoType, Signature } from '../goTypes';
import type { FuncDecl } from '../goPackage';
import type { StdFunc } from '../stdTables';

/** A constant value: integers as bigint-free numbers, strings, booleans. */
export type ConstValue = number | string | boolean;

/**
 * What an identifier denotes (go/types' Object). Local objects belong to the
 * function (declaration or literal) `owner` that declares them.
 */
export interface Obj {
  /** Unique per package checker. */
  id: number;
  kind: 'var' | 'const' | 'func' | 'type' | 'pkg' | 'builtin' | 'nil';
  name: string;
  type: GoType;
  /** Identifier node at the declaration; null for universe objects and imports. */
  decl: Node | null;
  /** package-level object (global var, func, type, const) vs local. */
  global: boolean;
  /** For locals: the function_declaration / method_declaration / func_literal declaring it. */
  owner?: Node;
  /** Parameter / result / receiver of `owner`. */
  role?: 'param' | 'result' | 'recv';
  /** Index among params (receiver excluded) or results. */
  index?: number;
  /** Constant value when known. */
  value?: ConstValue;
  /** For kind 'pkg': import path. */
  pkgPath?: string;
  /** For package funcs: key in index.funcs. */
  funcKey?: string;
}

/** The callee of a call expression, as far as it can be known statically. */
export type Callee =
  | { kind: 'conversion'; to: GoType }
  | { kind: 'builtin'; name: string }
  /** A function or method of this package; `recv` is the receiver expression for method calls. */
  | { kind: 'local'; decl: FuncDecl; sig: Signature; recv?: Receiver }
  /** A standard-library function or method with its escape-table entry. */
  | { kind: 'std'; key: string; fn: StdFunc; sig: Signature; recv?: Receiver }
  /** A method called through an interface value. */
  | { kind: 'interface'; method: string; ifaceType: GoType; recv: Receiver; sig?: Signature }
  /** A call of a function literal written in place. */
  | { kind: 'funcLit'; lit: Node; sig: Signature }
  /** A function value (variable, field, result of a call). */
  | { kind: 'dynamic'; sig?: Signature }
  /** A function of another module / an unknown package, no summary. */
  | { kind: 'external'; pkg: string; name: string; sig?: Signature; recv?: Receiver };

/**
 * The receiver argument of a method call: `expr` (the operand of the selector),
 * the implicit pointer indirections through embedded fields (`ptrDerefs`, counting
 * `expr` itself being a pointer), and what the method's receiver takes: `addr` =
 * the compiler inserts `&` (pointer method on addressable value), `deref` = it
 * inserts `*` (value method through a pointer).
 */
export interface Receiver {
  expr: Node;
  ptrDerefs: number;
  adjust: 'none' | 'addr' | 'deref';
  /** Type of the receiver parameter. */
  type: GoType;
}
