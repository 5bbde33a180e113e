import type { Problem } from '../errors.js';

/**
 * Keys that reach an object's prototype when front matter is copied with `obj[key] =
 * value` (as any validator or spread may do): `__proto__` would replace the prototype
 * (`{"__proto__": {"draft": true}}` hid an article), `constructor` and `prototype` change
 * what type checks see. No front matter field needs them, so they are refused at any
 * depth, whatever the syntax, before anything validates or copies the data.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one of the refused keys. */
export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

/**
 * Problems for every refused key in `data` (a parsed front matter), and `data` without
 * them so that the rest can still be validated and every problem reported at once.
 * `data` comes back as is when it holds none: the usual case costs one walk, no copy.
 */
export function withoutPrototypeKeys(
  data: Record<string, unknown>,
  file: string,
  lineOf: (key: string | undefined) => number,
): { data: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  for (const key of Object.keys(data)) {
    const value = data[key];
    const found = isPrototypeKey(key) ? ([key, key] as const) : typeof value === 'object' && value !== null ? findPrototypeKey(value, key) : undefined;
    if (found === undefined) continue;
    const [last, at] = found;
    problems.push({
      code: 'FrontMatterReservedKey',
      message: `The key "${last}" is not allowed in front matter: it names a part of every JavaScript object, and could change what other fields mean`,
      file,
      line: lineOf(key),
      path: at,
      hint: `Rename or remove "${last}"; front matter keys "__proto__", "constructor" and "prototype" are refused.`,
    });
  }
  return { data: problems.length === 0 ? data : strip(data), problems };
}

/** The first refused key inside `value` and its dotted path (under `at`), if any. Iterative: nesting may be deep. */
function findPrototypeKey(value: unknown, at: string): readonly [string, string] | undefined {
  const stack: Array<[unknown, string]> = [[value, at]];
  // Parsers refuse cycles (yaml's aliases are checked first), but a cycle here must
  // never become an endless walk.
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, where] = stack.pop() as [unknown, string];
    if (v === null || typeof v !== 'object' || v instanceof Date || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${where}[${i}]`]);
      continue;
    }
    const keys = Object.keys(v);
    for (const k of keys) if (isPrototypeKey(k)) return [k, `${where}.${k}`];
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      stack.push([(v as Record<string, unknown>)[k], `${where}.${k}`]);
    }
  }
  return undefined;
}

/** A copy of `value` with every refused key left out, into objects without a prototype. */
function strip(value: Record<string, unknown>): Record<string, unknown> {
  const copy = (v: unknown, depth: number): unknown => {
    // Past this depth nothing is kept: validation has no field that deep.
    if (v === null || typeof v !== 'object' || v instanceof Date || depth > 64) return depth > 64 ? undefined : v;
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v)) if (!isPrototypeKey(k)) out[k] = copy((v as Record<string, unknown>)[k], depth + 1);
    return out;
  };
  return copy(value, 0) as Record<string, unknown>;
}
