/**
 * What is kept of a `style` attribute in article HTML: a short list of properties that
 * change how text reads, each with values of a plain shape, and nothing else. Feed
 * readers and mail clients show article HTML inside their own pages, where a style can
 * cover the page (`position: fixed`), load a tracker or script (`url(…)`, `@import`,
 * `expression(…)`, `behavior`, `-moz-binding`), or hide text.
 *
 * CSS escapes are decoded and comments removed before anything is checked, as a browser
 * would read them (`\75 rl(` is `url(`; `exp`, a comment, `ression(` is `expression(`), and the
 * style is written anew from what was checked, so no escape or comment reaches the
 * reader. A declaration that fails any check is dropped; the attribute goes when none
 * is left.
 */

const WORD = /^[a-z]+(?:-[a-z]+)*$/;
const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
const LENGTH = new RegExp(String.raw`^(?:0|${NUMBER}(?:px|em|rem|%|ch|ex|pt))$`);
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/;
const COLOR_FUNCTION = new RegExp(String.raw`^(?:rgba?|hsla?)\( ?${NUMBER}(?:%|deg)?(?:(?: ?, ?| | ?/ ?)${NUMBER}%?){2,3} ?\)$`);

/** Keywords every property accepts. */
const GLOBAL = new Set(['inherit', 'initial', 'unset']);

type Check = (value: string) => boolean;

const oneOf = (...words: string[]): Check => {
  const set = new Set(words);
  return (v) => set.has(v);
};
const length = (...words: string[]): Check => {
  const set = new Set(words);
  return (v) => set.has(v) || LENGTH.test(v);
};
const lengths = (max: number): Check => (v) => {
  const parts = v.split(' ');
  return parts.length <= max && parts.every((p) => LENGTH.test(p));
};
// A colour keyword is any single word (`red`, `rebeccapurple`, `transparent`): a word
// alone can name nothing but a colour here, and the list of names keeps growing.
const color: Check = (v) => HEX.test(v) || WORD.test(v) || COLOR_FUNCTION.test(v);
const decoration: Check = (v) => {
  const parts = v.split(' ');
  return parts.length <= 3 && parts.every((p) => ['none', 'underline', 'overline', 'line-through'].includes(p));
};

/** The properties kept, and the values each may have (lower case, single spaces). */
export const STYLE_PROPERTIES: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['text-align', oneOf('left', 'right', 'center', 'justify', 'start', 'end')],
  ['color', color],
  ['background-color', color],
  ['font-weight', oneOf('normal', 'bold', 'bolder', 'lighter', '100', '200', '300', '400', '500', '600', '700', '800', '900')],
  ['font-style', oneOf('normal', 'italic', 'oblique')],
  ['font-size', length('xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'smaller', 'larger')],
  ['text-decoration', decoration],
  ['text-decoration-line', decoration],
  ['vertical-align', oneOf('baseline', 'sub', 'super', 'top', 'middle', 'bottom', 'text-top', 'text-bottom')],
  ['white-space', oneOf('normal', 'nowrap', 'pre', 'pre-wrap', 'pre-line')],
  ['list-style-type', oneOf('none', 'disc', 'circle', 'square', 'decimal', 'lower-alpha', 'upper-alpha', 'lower-latin', 'upper-latin', 'lower-roman', 'upper-roman')],
  ['width', length('auto')],
  ['min-width', length('auto')],
  ['max-width', length('none')],
  ['height', length('auto')],
  ['padding', lengths(4)],
]);

/**
 * The style to keep of a `style` attribute's value (as the HTML parser decoded it), or
 * undefined when nothing of it is kept.
 */
export function cleanStyle(style: string): string | undefined {
  const kept: string[] = [];
  for (const declaration of decodeCss(style).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const name = declaration.slice(0, colon).trim().toLowerCase();
    let value = declaration.slice(colon + 1).trim().toLowerCase().replace(/\s+/g, ' ');
    let important = false;
    const bang = /\s*!\s*important$/.exec(value);
    if (bang) {
      important = true;
      value = value.slice(0, bang.index);
    }
    const check = STYLE_PROPERTIES.get(name);
    if (!check || !(GLOBAL.has(value) || check(value))) continue;
    kept.push(`${name}: ${value}${important ? ' !important' : ''}`);
  }
  return kept.length > 0 ? kept.join('; ') : undefined;
}

/**
 * `style` with comments removed (an unclosed one runs to the end) and escapes decoded
 * (CSS Syntax §4.3.7): `\` and 1–6 hex digits, then one optional white space, is that
 * code point (U+FFFD for 0, a surrogate or past U+10FFFF); `\` and a line break is
 * nothing; `\` and any other character is that character. Comments are found first, as
 * the tokenizer finds them: an escaped `*` never opens one.
 */
export function decodeCss(style: string): string {
  const text = style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  if (!text.includes('\\')) return text;
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|([\s\S])|$)/g, (_m, hex: string | undefined, _nl: string | undefined, other: string | undefined) => {
    if (hex !== undefined) {
      const cp = parseInt(hex, 16);
      return cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ? '\uFFFD' : String.fromCodePoint(cp);
    }
    return other ?? '';
  });
}
