import { LineCounter, parseDocument, isMap, isScalar, isNode, visit } from 'yaml';
import { createRequire } from 'node:module';
import type { TomlError } from 'smol-toml';
import type { Problem } from '../errors.js';
import { fastYaml } from './fast-yaml.js';
import { cleanStrings, cleanText } from '../lib/clean-text.js';
import { aliasCountProblem, aliasProblem, MAX_ALIAS_COUNT } from './yaml-aliases.js';
import { parseJsFrontMatter } from './js-front-matter.js';

/** Which syntax a file's front matter was written in. */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json' | 'js' | 'none';

/** Front matter split from a Markdown file (no I/O). */
export interface FrontMatter {
  format: FrontMatterFormat;
  /** The parsed data; `{}` when there is none or it could not be parsed. */
  data: Record<string, unknown>;
  /** 1-based file line of each top-level key, for messages that point at the field. */
  keyLines: Map<string, number>;
  /** 1-based line of the front matter's opening fence (1, or the line after a BOM). */
  line: number;
  /** The Markdown body, line endings normalised to `\n`. */
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
  problems: Problem[];
}

const HINT_YAML = 'Fix the YAML between the "---" lines; indentation and unquoted colons are the usual causes.';
const HINT_TOML = 'Fix the TOML between the "+++" lines; strings need quotes, e.g. title = "Hello".';
const HINT_JSON = 'Fix the JSON object at the top of the file; keys and strings need double quotes, no trailing commas.';

/**
 * Splits YAML (`---`), TOML (`+++`) or JSON (`{` … `}`) front matter from the start of
 * `text`. A UTF-8 BOM and CRLF line endings are tolerated. Syntax errors become problems
 * with `file:line`; the body is still returned so other checks can run.
 *
 * This is where an article's text comes in, so it is cleaned here, once, for every
 * output (lib/clean-text.ts): the file's characters before parsing, and the parsed
 * values after, because an escape such as YAML's `"\e"` or JSON's `"\ud800"` makes a
 * control character or a lone surrogate out of clean text. Line breaks are kept, so
 * every line number stays right.
 */
export function splitFrontMatter(input: string, file: string): FrontMatter {
  const fm = splitCleanText(cleanText(input), file);
  cleanStrings(fm.data);
  return fm;
}

function splitCleanText(input: string, file: string): FrontMatter {
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const none = (): FrontMatter => ({ format: 'none', data: {}, keyLines: new Map(), line: 1, body: text, bodyLine: 1, problems: [] });

  if (text.startsWith('---\n') || text.startsWith('+++\n') || text === '---' || text === '+++') {
    const fence = text.slice(0, 3);
    const start = text.indexOf('\n') + 1;
    const end = findClosingFence(text, fence, start);
    if (end === -1) {
      const fm = none();
      fm.problems.push({
        code: 'FrontMatterUnclosed',
        message: `Front matter opened with "${fence}" on line 1 is never closed`,
        file,
        line: 1,
        hint: `Add a line with only "${fence}" after the last front matter field.`,
      });
      return fm;
    }
    const source = text.slice(start, end);
    const afterFence = text.indexOf('\n', end);
    const body = afterFence === -1 ? '' : text.slice(afterFence + 1);
    const bodyLine = countLines(text, afterFence === -1 ? text.length : afterFence + 1);
    const parsed = fence === '---' ? parseYaml(source, file, 2) : parseTomlSource(source, file, 2);
    return { format: fence === '---' ? 'yaml' : 'toml', line: 1, body, bodyLine, ...parsed };
  }

  // Eleventy's fences that name a language: `---js` is read without running it, `---json` as JSON.
  const named = /^---(js|javascript|json)[ \t]*\n/.exec(text);
  if (named) {
    const start = named[0].length;
    const end = findClosingFence(text, '---', start);
    if (end === -1) {
      const fm = none();
      fm.problems.push({ code: 'FrontMatterUnclosed', message: `Front matter opened with "---${named[1]}" on line 1 is never closed`, file, line: 1, hint: 'Add a line with only "---" after the last front matter field.' });
      return fm;
    }
    const source = text.slice(start, end);
    const afterFence = text.indexOf('\n', end);
    const body = afterFence === -1 ? '' : text.slice(afterFence + 1);
    const bodyLine = countLines(text, afterFence === -1 ? text.length : afterFence + 1);
    if (named[1] === 'json') {
      const parsed = parseJson(source, file);
      return { format: 'json', line: 1, body, bodyLine, ...parsed, problems: parsed.problems.map((p) => ({ ...p, line: (p.line ?? 1) + 1 })), keyLines: shiftLines(parsed.keyLines, 1) };
    }
    return { format: 'js', line: 1, body, bodyLine, ...parseJsFrontMatter(source, file, 2) };
  }

  if (text.startsWith('{')) {
    const end = findJsonEnd(text);
    if (end === -1) {
      const fm = none();
      fm.problems.push({ code: 'FrontMatterSyntax', message: 'JSON front matter: the opening "{" is never closed', file, line: 1, hint: HINT_JSON });
      return fm;
    }
    const source = text.slice(0, end);
    const nl = text.indexOf('\n', end);
    const body = nl === -1 ? '' : text.slice(nl + 1);
    const bodyLine = countLines(text, nl === -1 ? text.length : nl + 1);
    return { format: 'json', line: 1, body, bodyLine, ...parseJson(source, file) };
  }
  return none();
}

type Parsed = Pick<FrontMatter, 'data' | 'keyLines' | 'problems'>;

/** Index of the closing fence line's first character, or -1. */
function findClosingFence(text: string, fence: string, from: number): number {
  let i = from;
  while (i <= text.length) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl === -1 ? text.length : nl;
    if (lineEnd - i >= 3 && text.startsWith(fence, i) && text.slice(i + 3, lineEnd).trim() === '') return i;
    if (nl === -1) return -1;
    i = nl + 1;
  }
  return -1;
}

/** 1-based line number of position `pos` in `text`. */
function countLines(text: string, pos: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function parseYaml(source: string, file: string, firstLine: number): Parsed {
  // Most front matter is simple; the fast path returns yaml's exact result or defers.
  const fast = fastYaml(source, firstLine);
  if (fast) return { ...fast, problems: [] };
  const lineCounter = new LineCounter();
  // The core schema (YAML 1.2) keeps timestamps as strings, so an offset-less time is
  // read in site.timezone instead of YAML 1.1's silent UTC.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', version: '1.2' });
  const keyLines = new Map<string, number>();
  const problems: Problem[] = doc.errors.map((e) => {
    // An error found at the very end (an unclosed bracket) belongs to the last written line.
    const at = Math.min(e.pos[0], source.trimEnd().length);
    const pos = lineCounter.linePos(at);
    // yaml reports nesting deeper than its parser's stack as this RangeError's message.
    const tooDeep = /call stack/i.test(e.message);
    return {
      code: tooDeep ? 'FrontMatterTooComplex' : 'FrontMatterSyntax',
      message: tooDeep ? 'YAML front matter nests lists or maps too deeply to be read' : `YAML front matter: ${e.message.split('\n')[0]}`,
      file,
      line: pos.line + firstLine - 1,
      column: pos.col,
      hint: HINT_YAML,
    };
  });
  if (problems.length > 0) return { data: {}, keyLines, problems };
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return { data: {}, keyLines, problems };
  if (!isMap(contents)) {
    problems.push({ code: 'FrontMatterSyntax', message: 'YAML front matter must be a mapping of fields such as "title: …"', file, line: firstLine, hint: HINT_YAML });
    return { data: {}, keyLines, problems };
  }
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== undefined && isNode(pair.key) && pair.key.range) keyLines.set(key, lineCounter.linePos(pair.key.range[0]).line + firstLine - 1);
  }
  // An explicit `!!timestamp` still yields a Date read as UTC; keep the text as written
  // so an offset-less time is read in the site's time zone like any other.
  if (source.includes('!!timestamp')) {
    visit(doc, {
      Scalar(_key, node) {
        if (node.value instanceof Date && typeof node.source === 'string') node.value = node.source;
      },
    });
  }
  // Aliases are counted before anything is expanded: a few lines can expand to gigabytes.
  const aliases = aliasProblem(doc, source, lineCounter, firstLine);
  if (aliases) return { data: {}, keyLines, problems: [{ ...aliases, file }] };
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch (err) {
    // yaml's own bound on aliases (a ReferenceError), behind the count above.
    if (!(err instanceof ReferenceError)) throw err;
    return { data: {}, keyLines, problems: [{ ...aliasCountProblem(doc, lineCounter, firstLine), file }] };
  }
  return { data, keyLines, problems };
}

// smol-toml is loaded on first use: most sites never use TOML front matter, and loading
// it cost every cold build ~20 ms.
const require = createRequire(import.meta.url);
let toml: typeof import('smol-toml') | undefined;
function parseToml(source: string): unknown {
  toml ??= require('smol-toml') as typeof import('smol-toml');
  return toml.parse(source);
}

function parseTomlSource(source: string, file: string, firstLine: number): Parsed {
  // A dotted key (`author.name = …`) is its first part's line.
  const keyLines = linesOfKeys(source, /^[ \t]*("?)([A-Za-z0-9_-]+)\1[ \t]*[=.]/, firstLine, /^[ \t]*\[/);
  // A table (`[author]`, `[[authors]]`) is a top-level key too, written on its header line.
  for (const [key, line] of linesOfKeys(source, /^[ \t]*\[\[?[ \t]*("?)([A-Za-z0-9_-]+)\1[ \t]*[\].]/, firstLine)) if (!keyLines.has(key)) keyLines.set(key, line);
  try {
    return { data: parseToml(source) as Record<string, unknown>, keyLines, problems: [] };
  } catch (err) {
    const e = err as TomlError;
    const message = String(e.message).split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
    return {
      data: {},
      keyLines,
      problems: [{ code: 'FrontMatterSyntax', message: `TOML front matter: ${message}`, file, line: (e.line ?? 1) + firstLine - 1, ...(e.column ? { column: e.column } : {}), hint: HINT_TOML }],
    };
  }
}

function parseJson(source: string, file: string): Parsed {
  const keyLines = linesOfKeys(source, /^[ \t]*\{?[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*:/, 1, undefined, 1);
  try {
    const data: unknown = JSON.parse(source);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new SyntaxError('front matter must be an object');
    return { data: data as Record<string, unknown>, keyLines, problems: [] };
  } catch (err) {
    const msg = (err as Error).message;
    // V8 says "… at position N" (and, on newer versions, "(line L column C)").
    const lineMatch = /line (\d+) column (\d+)/.exec(msg);
    const posMatch = /position (\d+)/.exec(msg);
    const line = lineMatch ? Number(lineMatch[1]) : posMatch ? countLines(source, Number(posMatch[1])) : 1;
    return {
      data: {},
      keyLines,
      problems: [{ code: 'FrontMatterSyntax', message: `JSON front matter: ${msg.replace(/^JSON\.parse: /, '')}`, file, line, hint: HINT_JSON }],
    };
  }
}

/** First line of each top-level key matching `pattern` (group `group` is the key), stopping at `stop`. */
function linesOfKeys(source: string, pattern: RegExp, firstLine: number, stop?: RegExp, group = 2): Map<string, number> {
  const lines = new Map<string, number>();
  const all = source.split('\n');
  for (let i = 0; i < all.length; i++) {
    const l = all[i] ?? '';
    if (stop?.test(l)) break;
    const m = pattern.exec(l);
    const key = m?.[group];
    if (key !== undefined && !lines.has(key)) lines.set(key, i + firstLine);
  }
  return lines;
}

/** End index (exclusive) of the JSON object that starts `text`, honouring strings; -1 if unclosed. */
function findJsonEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The same key lines, `by` lines further down. */
function shiftLines(lines: Map<string, number>, by: number): Map<string, number> {
  return new Map([...lines].map(([k, v]) => [k, v + by]));
}
