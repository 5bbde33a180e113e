import type { MarkedExtension, Tokens } from 'marked';

/**
 * marked's inline `text` tokenizer, made fast for text with few ASCII characters
 * (Chinese, Japanese, Korean). marked finds where a run of plain text ends with one
 * regular expression whose lazy `[\s\S]*?` tries eight alternatives at every character;
 * on CJK paragraphs that was the largest single cost of rendering an article.
 *
 * Every alternative that can end the run looks at the character where it would end or
 * at the one after it, and only ASCII characters can satisfy any of them. So this skips
 * to the next ASCII character that matters and tries marked's own alternatives (STOP,
 * copied from the expression) only there and one before it. The result is the length
 * marked's expression matches, character for character (a differential test holds it
 * to the expression); when marked's expression is not the one copied here (another
 * marked version or options), marked's own tokenizer runs instead.
 */

/** The expression this module stands in for: marked 18's GFM inline text. */
const TEXT_SOURCE =
  "^(?:[^a-zA-Z0-9](?=(?:mailto|xmpp):)|(`+|~+|[^`~])(?:(?=[`~])|(?= {2,}\\n)|(?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@)|[\\s\\S]*?(?:(?=[\\\\<!\\[`*~_]|\\b_|[hH][tT][tT][pP][sS]?|[fF][tT][pP]:\\/\\/|(?<![^\\s*_~(])www\\.|$)|[^ ](?= {2,}\\n)|[^a-zA-Z0-9](?=(?:mailto|xmpp):)|[^a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-](?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@))))";

/** The first alternative: one character before `mailto:` or `xmpp:`. */
const MAIL_HEAD = /^[^a-zA-Z0-9](?=(?:mailto|xmpp):)/;
/** The second: a run of backticks or tildes, or any other one character… */
const HEAD = /^(?:`+|~+|[^`~])/;
/** …then, at once, a backtick or tilde, a hard break, or an e-mail address… */
const AT_ONCE = /(?=[`~])|(?= {2,}\n)|(?=[a-zA-Z0-9.!#$%&'*+/=?_`{|}~-]+@)/y;
/** …or else the first place where one of these holds (the lazy loop's alternatives). */
const STOP = /(?=[\\<![`*~_]|\b_|[hH][tT][tT][pP][sS]?|[fF][tT][pP]:\/\/|(?<![^\s*_~(])www\.|$)|[^ ](?= {2,}\n)|[^a-zA-Z0-9](?=(?:mailto|xmpp):)|[^a-zA-Z0-9.!#$%&'*+/=?_`{|}~-](?=[a-zA-Z0-9.!#$%&'*+/=?_`{|}~-]+@)/y;
/**
 * Every character STOP can hold at (the first set below) or one before (the second):
 * `\ < ! [ ` * ~ _ h H f F w`, and a space, `m`, `x` or an e-mail character.
 */
const MATTERS = /[\\<![`*~_hHfFw mxa-zA-Z0-9.#$%&'+/=?{|}-]/g;

/** The characters STOP can hold at when none of its last three alternatives can hold anywhere. */
const MATTERS_HERE = /[\\<![`*~_hHfFw]/g;
const MAIL_AHEAD = /(?:mailto|xmpp):/;

/** The length of marked's text match at the start of `src`, or -1 when it has none. */
export function textLength(src: string): number {
  if (MAIL_HEAD.test(src)) return 1;
  const head = HEAD.exec(src);
  if (!head) return -1;
  const start = head[0].length;
  AT_ONCE.lastIndex = start;
  if (AT_ONCE.test(src)) return start;
  // Usually nothing after here could end the run one character early (the last three
  // alternatives need an `@`, `mailto:`/`xmpp:` or a hard break ahead): then only the
  // characters STOP holds at themselves matter.
  const matters = src.indexOf('@', start) === -1 && src.indexOf('  \n', start) === -1 && !MAIL_AHEAD.test(src) ? MATTERS_HERE : MATTERS;
  let from = start;
  for (;;) {
    matters.lastIndex = from;
    const next = matters.exec(src);
    if (!next) break;
    const at = next.index;
    for (let p = Math.max(from, at - 1); p <= at; p++) {
      STOP.lastIndex = p;
      const m = STOP.exec(src);
      if (m) return p + m[0].length;
    }
    from = at + 1;
  }
  // No character matters from here on: the run ends where the text does (`$`), unless
  // the last character is itself a place to stop, which `from` has covered.
  return src.length;
}

/** Expressions checked against TEXT_SOURCE (the check compares ~400 characters; a lexer keeps its rules). */
const checked = new WeakMap<RegExp, boolean>();

function standsFor(expression: RegExp): boolean {
  let same = checked.get(expression);
  if (same === undefined) checked.set(expression, (same = expression.source === TEXT_SOURCE));
  return same;
}

/** The tokenizer override (see above); marked's own runs whenever this one declines. */
export const fastInlineText: MarkedExtension = {
  tokenizer: {
    inlineText(src: string): Tokens.Text | false {
      // Only for the expression copied above; numeric character references are decoded
      // by marked, so text holding `&#` is left to marked too.
      if (!standsFor(this.rules.inline.text)) return false;
      const n = textLength(src);
      if (n <= 0) return false;
      const raw = src.slice(0, n);
      if (raw.includes('&#')) return false;
      const escaped = this.lexer.state.inRawBlock;
      return { type: 'text', raw, text: raw, escaped };
    },
  },
};
