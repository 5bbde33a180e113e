import { isPrototypeKey } from './prototype-keys.js';

/**
 * A fast path for the YAML front matter almost every article has: `key: value` lines
 * whose values are quoted strings, plain words, dates or booleans, and block or flow
 * lists of such strings. It returns exactly what `yaml`'s `parseDocument(…, {schema:
 * 'core'}).toJS()` returns for that subset, and `undefined` for anything else (block
 * scalars, nested maps, anchors, numbers, escapes other than `\"` and `\\`, comments
 * after values, duplicate keys…), in which case the caller uses the `yaml` package.
 * The full parser costs ~0.25 ms per file; this one a few microseconds, which is most
 * of a cold build's front-matter time at 40,000 articles.
 */

export interface FastYamlResult {
  data: Record<string, unknown>;
  /** 1-based file line of each top-level key. */
  keyLines: Map<string, number>;
}

// Core-schema plain scalars that are not strings (YAML 1.2 §10.3.2), and the rest we refuse.
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
// A plain scalar we accept: starts with a letter, digit or a harmless symbol; no
// indicator that could change its meaning (`: `, ` #`, quotes, brackets, tabs).
const SAFE_PLAIN = /^[\p{L}\p{N}(.\/+$^=~\p{Pc}][^\t"'`{}[\],]*$/u;
// Characters YAML refuses or treats specially inside quoted scalars: controls and a BOM.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
// Line terminators other than `\n`: a line holding one is left to yaml.
const OTHER_BREAK = /[\r\u2028\u2029]/;

const SPACE = 0x20;
const DASH = 0x2d;
const COLON = 0x3a;

/**
 * Parses `source` (the text between the fences) or returns undefined to defer to `yaml`.
 *
 * Lines are scanned by character code, not split and matched with regular expressions:
 * this runs once per article, and at 40,000 articles the regular expressions' match
 * arrays and the split lines were most of what loading allocated. A line is
 * a list item when it is `[ ]*-[ ]+rest`, a key line when it is `key:` or
 * `key:[ ]+rest` with `key` matching `[A-Za-z_][A-Za-z0-9_-]*`, after trailing spaces
 * are dropped; anything else defers.
 */
export function fastYaml(source: string, firstLine: number): FastYamlResult | undefined {
  if (OTHER_BREAK.test(source)) return undefined;
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  let list: unknown[] | undefined;
  let listIndent = -1;
  let lineNo = firstLine - 1;
  for (let start = 0; start <= source.length; ) {
    const nl = source.indexOf('\n', start);
    const next = nl === -1 ? source.length : nl;
    lineNo++;
    // The line without its trailing spaces: [start, end).
    let end = next;
    while (end > start && source.charCodeAt(end - 1) === SPACE) end--;
    const lineStart = start;
    start = next + 1;
    if (end === lineStart || source.charCodeAt(lineStart) === 0x23 /* # */) continue;
    const rest = itemRest(source, lineStart, end);
    if (rest !== -1) {
      const indent = source.indexOf('-', lineStart) - lineStart;
      if (!list || (listIndent !== -1 && indent !== listIndent)) return undefined;
      listIndent = indent;
      const v = scalar(source.slice(rest, end));
      if (typeof v !== 'string') return undefined;
      list.push(v);
      continue;
    }
    const colon = keyEnd(source, lineStart, end);
    if (colon === -1) return undefined;
    const key = source.slice(lineStart, colon);
    // Keys that name an object's prototype are left to yaml, whose result the caller
    // refuses with the line of the key. A repeated key is own (`in` would also see
    // inherited names such as toString, which are ordinary keys here).
    if (Object.hasOwn(data, key) || isPrototypeKey(key) || NOT_A_STRING.test(key)) return undefined;
    keyLines.set(key, lineNo);
    if (colon + 1 === end) {
      // Only a block list may follow; a key with nothing after it (null) is left to yaml.
      list = [];
      listIndent = -1;
      data[key] = list;
      // The very next line, trailing spaces and all, must be an item.
      const after = source.indexOf('\n', start);
      if (start > source.length || itemRest(source, start, after === -1 ? source.length : after) === -1) return undefined;
      continue;
    }
    // `key:` must be followed by a space (then the value) or end the line.
    if (source.charCodeAt(colon + 1) !== SPACE) return undefined;
    let v0 = colon + 1;
    while (source.charCodeAt(v0) === SPACE) v0++;
    list = undefined;
    const raw = source.slice(v0, end);
    const v = raw.charCodeAt(0) === 0x5b /* [ */ ? flowList(raw) : scalar(raw);
    if (v === undefined) return undefined;
    data[key] = v;
  }
  return { data, keyLines };
}

/** Where an item's value starts when source[from, to) is `[ ]*-[ ]+` and more, else -1. */
function itemRest(source: string, from: number, to: number): number {
  let i = from;
  while (i < to && source.charCodeAt(i) === SPACE) i++;
  if (i >= to || source.charCodeAt(i) !== DASH) return -1;
  i++;
  if (i >= to || source.charCodeAt(i) !== SPACE) return -1;
  while (i < to && source.charCodeAt(i) === SPACE) i++;
  return i;
}

/** The index of the colon after a key `[A-Za-z_][A-Za-z0-9_-]*` at `from`, else -1. */
function keyEnd(source: string, from: number, to: number): number {
  let i = from;
  const first = source.charCodeAt(i);
  if (!(isLetter(first) || first === 0x5f)) return -1;
  for (i++; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === COLON) return i;
    if (!(isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === DASH)) return -1;
  }
  return -1;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * A flat copy of `s`. V8 makes a substring of 13 or more characters a view into its
 * parent, so a title sliced from the file would keep the whole file's text alive for
 * as long as the article lives: 40,000 files' worth of memory.
 */
function detach(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

/** A quoted or safe plain scalar as yaml's core schema reads it; undefined if unsure. */
function scalar(raw: string): string | boolean | undefined {
  const v = readScalar(raw);
  return typeof v === 'string' ? detach(v) : v;
}

function readScalar(raw: string): string | boolean | undefined {
  const c = raw.charCodeAt(0);
  if (c === 0x22) return doubleQuoted(raw);
  if (c === 0x27) return singleQuoted(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (NOT_A_STRING.test(raw) || !SAFE_PLAIN.test(raw) || raw.includes(': ') || raw.includes(' #') || raw.endsWith(':')) return undefined;
  if (CONTROL.test(raw)) return undefined;
  return raw;
}

function doubleQuoted(raw: string): string | undefined {
  if (raw.length < 2 || !raw.endsWith('"')) return undefined;
  const inner = raw.slice(1, -1);
  if (CONTROL.test(inner)) return undefined;
  if (!inner.includes('\\')) return inner.includes('"') ? undefined : inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '"') return undefined;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = inner[++i];
    if (next !== '"' && next !== '\\') return undefined;
    out += next;
  }
  return out;
}

function singleQuoted(raw: string): string | undefined {
  if (raw.length < 2 || !raw.endsWith("'")) return undefined;
  const inner = raw.slice(1, -1);
  if (CONTROL.test(inner) || inner.replace(/''/g, '').includes("'")) return undefined;
  return inner.replace(/''/g, "'");
}

/** `[a, "b", 'c']` of strings; undefined for anything nested or unusual. */
function flowList(raw: string): string[] | undefined {
  if (!raw.endsWith(']')) return undefined;
  const inner = raw.slice(1, -1).trim();
  if (inner === '') return [];
  const out: string[] = [];
  for (const part of inner.split(',')) {
    const v = scalar(part.trim());
    if (typeof v !== 'string') return undefined;
    out.push(v);
  }
  return out;
}
