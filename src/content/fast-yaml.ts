/**
 * A fast path for the YAML front matter almost every article has: `key: value` lines
 * whose values are quoted strings, plain words, dates or booleans, and block or flow
 * lists of such strings. It returns exactly what `yaml`'s `parseDocument(…, {schema:
 * 'core'}).toJS()` returns for that subset, and `undefined` for anything else (block
 * scalars, nested maps, anchors, numbers, escapes other than `\"` and `\\`, comments
 * after values, duplicate keys…), in which case the caller uses the `yaml` package.
 * The full parser costs ~0.25 ms per file; this one a few microseconds, which is most
 * of a cold build's front-matter time at 40,000 articles (issue 7).
 */

export interface FastYamlResult {
  data: Record<string, unknown>;
  /** 1-based file line of each top-level key. */
  keyLines: Map<string, number>;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$/;
const ITEM_LINE = /^([ ]*)-[ ]+(.*)$/;
// Core-schema plain scalars that are not strings (YAML 1.2 §10.3.2), and the rest we refuse.
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
// A plain scalar we accept: starts with a letter, digit or a harmless symbol; no
// indicator that could change its meaning (`: `, ` #`, quotes, brackets, tabs).
const SAFE_PLAIN = /^[\p{L}\p{N}(.\/+$^=~\p{Pc}][^\t"'`{}[\],]*$/u;
// Characters YAML refuses or treats specially inside quoted scalars: controls and a BOM.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;

/** Parses `source` (the text between the fences) or returns undefined to defer to `yaml`. */
export function fastYaml(source: string, firstLine: number): FastYamlResult | undefined {
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  const lines = source.split('\n');
  let list: unknown[] | undefined;
  let listIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/[ ]+$/, '');
    if (line === '') continue;
    if (line.startsWith('#')) continue;
    const item = ITEM_LINE.exec(line);
    if (item) {
      const indent = (item[1] ?? '').length;
      if (!list || (listIndent !== -1 && indent !== listIndent)) return undefined;
      listIndent = indent;
      const v = scalar(item[2] ?? '');
      if (typeof v !== 'string') return undefined;
      list.push(v);
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1] ?? '';
    if (key in data || key === '__proto__' || NOT_A_STRING.test(key)) return undefined;
    keyLines.set(key, i + firstLine);
    const raw = m[2];
    if (raw === undefined || raw === '') {
      // Only a block list may follow; a key with nothing after it (null) is left to yaml.
      list = [];
      listIndent = -1;
      data[key] = list;
      if (!ITEM_LINE.test(lines[i + 1] ?? '')) return undefined;
      continue;
    }
    list = undefined;
    const v = raw.startsWith('[') ? flowList(raw) : scalar(raw);
    if (v === undefined) return undefined;
    data[key] = v;
  }
  return { data, keyLines };
}

/**
 * A flat copy of `s`. V8 makes a substring of 13 or more characters a view into its
 * parent, so a title sliced from the file would keep the whole file's text alive for
 * as long as the article lives: 40,000 files' worth of memory (issue 7).
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
