import type { Node } from 'web-tree-sitter';
import type { GoType } from '../goTypes';
import { typeString } from '../goTypes';
import { FuncContext, nodeRange } from './context';
import { findAll, kids } from './syntax';

/**
 * `large-param-copy` / `large-range-copy`: values of at least the threshold
 * (default 128 bytes, the size from which the compiler logs a `copy` move) copied
 * into a parameter or receiver on every call, or into the range value variable
 * on every iteration (like gocritic hugeParam / rangeValCopy). Sizes come from
 * the layout model through `options.sizes`; without it these hints are off.
 */
export function checkLargeCopies(ctx: FuncContext): void {
  const sizes = ctx.options.sizes;
  if (!sizes) return;
  const threshold = ctx.options.largeCopyThreshold ?? 128;
  const big = (t: GoType): number | null => {
    if (t.kind === 'unknown' || t.kind === 'typeparam') return null;
    const n = sizes.sizeof(t);
    return n !== null && n >= threshold ? n : null;
  };
  const frame = ctx.info.frames.get(ctx.fn.id);
  if (frame && ctx.fn.childForFieldName('body')) {
    for (const p of [...(frame.recv ? [frame.recv] : []), ...frame.params]) {
      if (!p.decl || p.name === '_' || p.name === '') continue;
      const n = big(p.type);
      if (n === null) continue;
      const what = p.role === 'recv' ? 'receiver' : 'parameter';
      ctx.report({
        range: nodeRange(p.decl),
        code: 'large-param-copy',
        message: `${what} \`${p.name}\` (${typeString(p.type)}, ${n} bytes) is copied on every call; pass a pointer (*${typeString(p.type)}) instead.`,
      });
    }
  }
  const body = ctx.fn.childForFieldName('body');
  if (!body) return;
  for (const r of findAll(body, ['range_clause'], true)) {
    const left = kids(r.childForFieldName('left'));
    const right = r.childForFieldName('right');
    const v: Node | undefined = left[1];
    if (!v || v.text === '_' || !right) continue;
    const t = ctx.info.underlying(ctx.info.typeOf(right));
    let elem: GoType | undefined;
    if (t.kind === 'slice' || t.kind === 'array' || t.kind === 'map') elem = t.elem;
    else if (t.kind === 'pointer' && ctx.info.underlying(t.elem).kind === 'array') elem = (ctx.info.underlying(t.elem) as { elem: GoType }).elem;
    if (!elem) continue;
    const n = big(elem);
    if (n === null) continue;
    ctx.report({
      range: nodeRange(v),
      code: 'large-range-copy',
      message: `each iteration copies ${n} bytes (${typeString(elem)}) into \`${v.text}\`; range over the index and use a pointer to the element (&${right.text}[i]) instead.`,
    });
  }
}
