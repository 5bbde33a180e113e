/**
 * Wraps plain text for the email's text part. Lines break at spaces, and between
 * CJK characters (which have no spaces), never inside a URL or a word, never before
 * closing punctuation (`，。」`) nor after opening punctuation (`「（`). Widths are in
 * terminal columns: CJK and emoji count two. Continuation lines keep the line's
 * indent and hang under a list bullet.
 */

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const CJK = /[\u2E80-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3FFFD}]/u;
const NO_BREAK_BEFORE = new Set([...'，。、；：！？）」』》〉】〕”’…—～·,.;:!?)]}%']);
const NO_BREAK_AFTER = new Set([...'（「『《〈【〔“‘([{']);
const COMBINING = /\p{M}/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Display width of a string in terminal columns. */
export function displayWidth(s: string, ignore?: RegExp): number {
  const text = ignore ? s.replace(ignore, '') : s;
  let w = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (COMBINING.test(segment) && segment.length === 1) continue;
    w += WIDE.test(segment) ? 2 : 1;
  }
  return w;
}

interface Unit {
  text: string;
  width: number;
  cjk: boolean;
  /** Whitespace preceded it. */
  spaced: boolean;
}

/** Splits a line (without its indent) into unbreakable units. */
function units(line: string, ignore: RegExp | undefined): Unit[] {
  const out: Unit[] = [];
  // URLs and markers first (atomic), then words, then single CJK graphemes.
  const token = /\s+|(?:https?:\/\/|mailto:)\S+|%%[^%\s]+%%|[^\s\u2E80-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]+|[\s\S]/gu;
  let spaced = false;
  for (const m of line.matchAll(token)) {
    const t = m[0];
    if (/^\s+$/.test(t)) {
      spaced = true;
      continue;
    }
    // Keep a surrogate pair or a combining sequence whole.
    const prev = out[out.length - 1];
    if (prev && !spaced && (/^[\uDC00-\uDFFF]/.test(t) || COMBINING.test(t[0] ?? ''))) {
      prev.text += t;
      prev.width = displayWidth(prev.text, ignore);
      continue;
    }
    out.push({ text: t, width: displayWidth(t, ignore), cjk: CJK.test(t), spaced });
    spaced = false;
  }
  return out;
}

function canBreakBefore(prev: Unit, next: Unit): boolean {
  if (next.spaced) return true;
  if (!prev.cjk && !next.cjk) return false;
  const first = [...next.text][0] ?? '';
  const last = [...prev.text].pop() ?? '';
  return !NO_BREAK_BEFORE.has(first) && !NO_BREAK_AFTER.has(last);
}

/** Wraps one line. */
export function wrapLine(line: string, width: number, ignore?: RegExp): string[] {
  if (displayWidth(line, ignore) <= width) return [line];
  const m = /^(\s*)((?:[-*•]|\d+[.)])\s+)?/.exec(line);
  const indent = m?.[1] ?? '';
  const bullet = m?.[2] ?? '';
  const hang = indent + ' '.repeat(displayWidth(bullet));
  const lines: string[] = [];
  let current = indent + bullet;
  let currentWidth = displayWidth(current);
  let empty = true;
  let prev: Unit | undefined;
  for (const u of units(line.slice(current.length), ignore)) {
    const gap = u.spaced && !empty ? 1 : 0;
    if (!empty && prev && currentWidth + gap + u.width > width && canBreakBefore(prev, u)) {
      lines.push(current.trimEnd());
      current = hang + u.text;
      currentWidth = displayWidth(hang) + u.width;
    } else {
      current += (gap ? ' ' : '') + u.text;
      currentWidth += gap + u.width;
    }
    empty = false;
    prev = u;
  }
  lines.push(current.trimEnd());
  return lines;
}

/** Wraps every line of a text to `width` columns (default 72). `ignore` matches zero-width markers. */
export function wrapText(text: string, width = 72, ignore?: RegExp): string {
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, width, ignore))
    .join('\n');
}
