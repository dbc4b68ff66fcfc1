/**
 * Results derived from a piece of source text alone (a declaration's words, its uses),
 * remembered across trees: after a keystroke every declaration of the edited file is a
 * new node of a new tree, but all except one have the same text as before.
 *
 * Keys are a hash of the text, not the text: a declaration's text is a slice of its
 * file's text, and V8 keeps the whole file alive behind each slice — keyed by slices, the
 * memo would hold every version of every edited file.
 */
export class TextMemo<T> {
  /** Two generations: when the current one is full it becomes the old one, and what is still asked for moves back. */
  private current = new Map<string, T>();
  private old = new Map<string, T>();

  constructor(private readonly limit = 5_000) {}

  get(text: string, compute: () => T, salt = ''): T {
    const key = `${salt}\0${textHash(text)}`;
    let v = this.current.get(key);
    if (v !== undefined) return v;
    v = this.old.get(key) ?? compute();
    if (this.current.size >= this.limit) {
      this.old = this.current;
      this.current = new Map();
    }
    this.current.set(key, v);
    return v;
  }
}

/** Length and two 32-bit FNV-1a hashes (different offsets): collisions are not a practical concern. */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000197);
  }
  return `${text.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}
