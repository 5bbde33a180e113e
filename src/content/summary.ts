import { markdownToPlainText } from '../markdown/plain-text.js';
import { cleanText } from '../lib/clean-text.js';

/**
 * Excerpt length in display columns: a CJK or other wide character counts 2, anything
 * else 1, so an excerpt is about 120 Chinese characters or 240 Latin letters.
 */
export const EXCERPT_WIDTH = 240;

const MORE = /<!--\s*more\s*-->/i;

/** Only this much of a long body is looked at for an excerpt (cut at a paragraph break). */
const EXCERPT_SOURCE = 4000;

/**
 * An article's plain-text summary: the front matter's `summary` (or `description`), else
 * the Markdown above `<!--more-->`, else an excerpt of the body. Footnote markers and
 * Markdown are removed in every case; HTML is removed from the body's text, and kept as
 * the text it is in a front matter summary.
 */
export function summarize(body: string, explicit: string | undefined, language: string, bodyText?: string): string {
  // Character references (`&#27;`) decode to any character: the result is cleaned like
  // any text that comes in, and stays one line with single spaces.
  const summary = summaryOf(body, explicit, language, bodyText);
  const clean = cleanText(summary);
  return clean === summary ? summary : clean.replace(/ {2,}/g, ' ').trim();
}

function summaryOf(body: string, explicit: string | undefined, language: string, bodyText?: string): string {
  // A summary written in front matter is never rendered as HTML: a tag in it is text.
  if (explicit !== undefined && explicit.trim() !== '') return markdownToPlainText(explicit, { htmlAsText: true });
  const more = MORE.exec(body);
  if (more) return markdownToPlainText(body.slice(0, more.index));
  const source = excerptSource(body);
  return excerpt(bodyText !== undefined && source === body ? bodyText : markdownToPlainText(source), EXCERPT_WIDTH, language);
}

/**
 * Whether summarize would take the excerpt from the plain text of the whole body: a
 * render that lexes the body anyway can then pass that text (`bodyText`) instead of
 * summarize lexing it again.
 */
export function excerptsWholeBody(body: string, explicit: string | undefined): boolean {
  return (explicit === undefined || explicit.trim() === '') && !MORE.test(body) && excerptSource(body) === body;
}

/** The Markdown an excerpt is taken from: only the beginning of a long article, which is all an excerpt needs. */
function excerptSource(body: string): string {
  if (body.length <= EXCERPT_SOURCE) return body;
  const cut = body.indexOf('\n\n', EXCERPT_SOURCE);
  return cut === -1 ? body : body.slice(0, cut);
}

const segmenters = new Map<string, { grapheme: Intl.Segmenter; word: Intl.Segmenter; sentence: Intl.Segmenter }>();

function segmentersFor(language: string): { grapheme: Intl.Segmenter; word: Intl.Segmenter; sentence: Intl.Segmenter } {
  let s = segmenters.get(language);
  if (!s) {
    s = {
      grapheme: new Intl.Segmenter(language, { granularity: 'grapheme' }),
      word: new Intl.Segmenter(language, { granularity: 'word' }),
      sentence: new Intl.Segmenter(language, { granularity: 'sentence' }),
    };
    segmenters.set(language, s);
  }
  return s;
}

/** Display width of one grapheme: 2 for East Asian wide/full-width characters and emoji. */
function graphemeWidth(g: string): number {
  return codePointWidth(g.codePointAt(0) ?? 0);
}

/** graphemeWidth of a grapheme that starts with `cp`. */
function codePointWidth(cp: number): number {
  if (cp < 0x1100) return 1;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/**
 * Where the grapheme that takes `text` past `width` columns starts, or -1 if it fits.
 * Text made only of characters that are each a grapheme of their own whatever follows
 * (ASCII, Latin-1, general punctuation, CJK ideographs and punctuation, full-width
 * forms) is measured character by character; anything else goes through
 * Intl.Segmenter, whose segment objects made this most of an excerpt's cost.
 */
export function cutIndex(text: string, width: number, graphemes: Intl.Segmenter): number {
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isOwnGrapheme(c)) return segmentedCut(text, width, graphemes);
    used += codePointWidth(c);
    if (used > width) return i;
  }
  return -1;
}

function segmentedCut(text: string, width: number, graphemes: Intl.Segmenter): number {
  let used = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    used += graphemeWidth(segment);
    if (used > width) return index;
  }
  return -1;
}

/**
 * Characters that never join a neighbour into one grapheme (UAX #29): no CR, controls
 * other than LF, combining or spacing marks, joiners, Hangul jamo, surrogates (emoji,
 * flags) or format characters.
 */
function isOwnGrapheme(c: number): boolean {
  if (c < 0x7f) return c >= 0x20 || c === 0x0a;
  if (c < 0x100) return c >= 0xa0 && c !== 0xad;
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3000 && c <= 0x303f && !(c >= 0x302a && c <= 0x302f)) ||
    (c >= 0xff01 && c <= 0xff5e) ||
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e)
  );
}

/**
 * Shortens plain text to about `width` columns without ever splitting a grapheme (an
 * emoji family, a flag, a surrogate pair). It prefers to end after a whole sentence
 * (`。！？` or `. ! ?`), which needs no ellipsis; failing that it ends on a word boundary
 * and adds `…`.
 */
export function excerpt(text: string, width: number, language = 'en'): string {
  const seg = segmentersFor(language);
  const cut = cutIndex(text, width, seg.grapheme);
  if (cut === -1) return text;
  const head = text.slice(0, cut);
  // Whole sentences, if they fill at least 40% of the room.
  let sentenceEnd = 0;
  let last: { segment: string; index: number } | undefined;
  for (const s of seg.sentence.segment(head)) {
    if (last) sentenceEnd = last.index + last.segment.length;
    last = s;
  }
  if (sentenceEnd >= head.length * 0.4) return text.slice(0, sentenceEnd).trimEnd();
  // Else whole words, if they fill at least 60%.
  let wordEnd = 0;
  for (const w of seg.word.segment(head)) {
    if (w.index + w.segment.length >= head.length) break;
    if (w.isWordLike) wordEnd = w.index + w.segment.length;
  }
  const end = wordEnd >= head.length * 0.6 ? wordEnd : head.length;
  return `${text.slice(0, end).trimEnd().replace(/[\s,，、;；:：(（\-–—]+$/u, '')}…`;
}
