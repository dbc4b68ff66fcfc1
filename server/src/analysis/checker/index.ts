/**
 * The package type checker used by the memory models (escape model, allocation
 * hints). Approximates go/types over tree-sitter trees, tolerating broken code.
 *
 * API (stable):
 *   const pc = new PackageChecker(index, { std: { layout, escape }, goarch: 'amd64' });
 *   const info = pc.checkFunction(index.funcs.get('T.M')!);   // memoized per function node
 *   info.typeOf(exprNode)      → GoType (a `tuple` for multi-value calls, `unknown` when not knowable)
 *   info.objectOf(identNode)   → Obj (var/const/func/type/pkg/builtin/nil; locals carry `owner`, `role`, `index`)
 *   info.constValue(exprNode)  → number | string | boolean | undefined (`const N = 4`, `len("ab")`, iota)
 *   info.calleeOf(callNode)    → Callee: conversion | builtin | local (package func/method, receiver) |
 *                                std (escape-table entry) | interface (method via iface) | funcLit | dynamic | external
 *   info.frames.get(fnNode.id) → { params, results, recv, sig } for the declaration and every func literal in it
 *   info.locals, info.funcLits, info.caseVars (type-switch clause → its variable), info.elidedTypes / elidedPointer
 *   pc.oracle: underlying(t), hasPointers(t), isDirectIface(t) (pointer-shaped), isInterface(t),
 *              lookupField(t, name) → { type, ptrDerefs } (promoted through embedding)
 *   pc.lookupMethod(t, name) → local decl | std entry | interface, with pointer-receiver info
 *   pc.signatureOf(funcDecl), pc.globalObject(name), pc.stdSignature(stdFunc)
 *   defaultType(t) — untyped constant kinds to their default types.
 */
export { PackageChecker, FunctionInfo, defaultType } from './checker';
export type { CheckerOptions } from './checker';
export type { Obj, Callee, Receiver, ConstValue } from './objects';
export { TypeOracle, parseTypeString, ANY } from './typeUtil';
export { evalConst } from './constants';
