/**
 * Text from outside (people, carriers, models) made valid before it is kept: PostgreSQL cannot store a NUL
 * character, and a lone UTF-16 surrogate is not text at all. Applied at the edges (HTTP bodies, what a
 * call leg or a model delivers); the event log applies it once more as a last resort.
 */

const NUL = /\u0000/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** `text` without NUL characters, lone surrogates replaced by U+FFFD; the same string when it was valid. */
export function validText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A JSON-like value with every string in it (keys too) made valid; the same value when nothing needed it. */
export function validDeep<T>(value: T): T {
  if (typeof value === 'string') return validText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const c = validDeep(v);
      if (c !== v) changed = true;
      return c;
    });
    return (changed ? out : value) as T;
  }
  // Plain objects, including the prototype-less ones parsers make (route params, query strings).
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (value && typeof value === 'object' && (proto === Object.prototype || proto === null)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = validText(k);
      const c = validDeep(v);
      if (c !== v || key !== k) changed = true;
      out[key] = c;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
