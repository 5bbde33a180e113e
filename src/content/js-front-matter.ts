import type { Problem } from '../errors.js';

/**
 * Eleventy's JavaScript front matter (`---js`), read without running it. Running a
 * content file's code would let any Markdown file do anything the build can do, so
 * only its common literal form is read:
 *
 *     const title = "My post";
 *     let date = '2025-06-16';
 *     var tags = ["one", "two"], draft = false;
 *     const author = { name: "Ada", links: [1, 2.5, -3] };
 *
 * or one object literal (`{ title: "My post" }`, the older form). Values are strings
 * (single, double or backtick quotes without `${`), numbers, true, false, null,
 * undefined (the key is then left out), and arrays and objects of those. Comments and
 * missing semicolons are fine. Anything else (a function, a call, `new Date(…)`, a
 * variable, an import) is a problem naming the line and what is read.
 */

export interface JsFrontMatter {
  data: Record<string, unknown>;
  /** 1-based file line of each top-level name. */
  keyLines: Map<string, number>;
  problems: Problem[];
}

const HINT =
  'JavaScript front matter is read, never run: write each field as const name = value; with a string, number, true/false/null, or an array or object of those. Compute other values in an Eleventy data file instead.';

class Unsupported extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** Keys that would reach an object's prototype machinery if assigned. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

class Reader {
  pos = 0;
  constructor(readonly src: string) {}

  /** Skips spaces, line breaks and comments. */
  skip(): void {
    for (;;) {
      const rest = this.src.slice(this.pos);
      const m = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
      if (!m || m[0] === '') return;
      this.pos += m[0].length;
    }
  }

  peek(): string {
    this.skip();
    return this.src[this.pos] ?? '';
  }

  fail(what: string, at = this.pos): never {
    const snippet = this.src.slice(at).split('\n')[0]?.trim().slice(0, 40) ?? '';
    throw new Unsupported(`${what}${snippet ? ` at "${snippet}"` : ''}`, at);
  }

  expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  word(): string | undefined {
    this.skip();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  value(): unknown {
    const ch = this.peek();
    const start = this.pos;
    if (ch === '"' || ch === "'" || ch === '`') return this.string();
    if (ch === '[') return this.array();
    if (ch === '{') return this.object();
    const num = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?![\w$])/.exec(this.src.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      const text = num[0].replace(/_/g, '');
      const sign = text.startsWith('-') ? -1 : 1;
      const digits = text.replace(/^[-+]/, '');
      return sign * (/^0[xob]/i.test(digits) ? Number(digits) : Number.parseFloat(digits));
    }
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (w === 'undefined') return undefined;
    this.fail(w ? `"${w}" is code, not a literal value` : 'not a literal value', start);
  }

  string(): string {
    const quote = this.src[this.pos] as string;
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined || (ch === '\n' && quote !== '`')) this.fail('a string that is never closed', start);
      this.pos++;
      if (ch === quote) return out;
      if (quote === '`' && ch === '$' && this.src[this.pos] === '{') this.fail('a template string with ${…} is code', start);
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.src[this.pos++] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
      if (esc in simple) out += simple[esc];
      else if (esc === 'u' || esc === 'x') {
        const m = esc === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos)) : /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(this.src.slice(this.pos));
        if (!m) this.fail('a bad escape in a string', start);
        this.pos += m[0].length;
        const cp = Number.parseInt(m[0].replace(/[{}]/g, ''), 16);
        if (cp > 0x10ffff) this.fail('a bad escape in a string', start);
        out += String.fromCodePoint(cp);
      } else if (esc === '\n') {
        // A line continuation.
      } else out += esc;
    }
  }

  array(): unknown[] {
    this.expect('[');
    const out: unknown[] = [];
    while (this.peek() !== ']') {
      if (this.peek() === '') this.fail('an array that is never closed');
      const v = this.value();
      out.push(v === undefined ? null : v);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]"');
    }
    this.pos++;
    return out;
  }

  object(): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      if (this.peek() === '') this.fail('an object that is never closed');
      const at = this.pos;
      const ch = this.peek();
      let key: string;
      if (ch === '"' || ch === "'") key = this.string();
      else if (/\d/.test(ch)) key = String(this.value());
      else {
        const w = this.word();
        if (w === undefined) this.fail('expected a property name');
        key = w;
      }
      if (FORBIDDEN.has(key)) this.fail(`the property name "${key}" is not allowed`, at);
      if (this.peek() !== ':') this.fail(this.peek() === '(' ? 'a method is code, not a literal value' : 'a property needs ": value" (shorthand properties are code)');
      this.pos++;
      const v = this.value();
      if (v !== undefined) out[key] = v;
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail('expected "," or "}"');
    }
    this.pos++;
    return out;
  }
}

function lineAt(src: string, pos: number): number {
  let n = 1;
  for (let i = src.indexOf('\n'); i !== -1 && i < pos; i = src.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Reads `source` (the text between `---js` and `---`, whose first line is file line
 * `firstLine`). Never evaluates it.
 */
export function parseJsFrontMatter(source: string, file: string, firstLine: number): JsFrontMatter {
  const r: Reader = new Reader(source);
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  try {
    if (r.peek() === '{') {
      const obj = r.object();
      if (r.peek() === ';') r.pos++;
      if (r.peek() !== '') r.fail('only one object literal may follow it');
      for (const key of Object.keys(obj)) {
        data[key] = obj[key];
        const at = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`, 'm').exec(source);
        keyLines.set(key, (at ? lineAt(source, at.index + at[0].length - 1) : 1) + firstLine - 1);
      }
      return { data, keyLines, problems: [] };
    }
    while (r.peek() !== '') {
      const start = r.pos;
      const kw = r.word();
      if (kw !== 'const' && kw !== 'let' && kw !== 'var') r.fail(kw === 'function' || kw === 'async' ? 'a function is code' : kw === 'import' || kw === 'export' ? `"${kw}" is code` : 'expected const, let or var', start);
      let end = r.pos;
      for (;;) {
        const at = r.pos;
        const name = r.word();
        if (name === undefined) r.fail('expected a name (destructuring is code)');
        if (FORBIDDEN.has(name)) r.fail(`the name "${name}" is not allowed`, at);
        r.expect('=');
        const v = r.value();
        end = r.pos;
        if (name in data || keyLines.has(name)) r.fail(`"${name}" is declared twice`, at);
        if (v !== undefined) data[name] = v;
        keyLines.set(name, lineAt(source, r.src.slice(at).search(/\S/) + at) + firstLine - 1);
        if (r.peek() === ',') {
          r.pos++;
          continue;
        }
        break;
      }
      const next = r.peek();
      if (next === ';') r.pos++;
      else if (next !== '' && !source.slice(end, r.pos).includes('\n')) r.fail('expected ";" or a new line');
    }
    return { data, keyLines, problems: [] };
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    return {
      data: {},
      keyLines,
      problems: [
        {
          code: 'FrontMatterJsUnsupported',
          message: `JavaScript front matter: ${err.message}; only literal values are read, the code is never run`,
          file,
          line: lineAt(source, err.pos) + firstLine - 1,
          hint: HINT,
        },
      ],
    };
  }
}
