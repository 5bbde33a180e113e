import type { MarkerHelpers, TemplateSet } from './templates.js';
import { compileTemplate } from './templates.js';
import { displayWidth, wrapText } from './wrap-text.js';

/** Column width of the text part: mail readers' conventional 72. */
export const TEXT_WIDTH = 72;

/**
 * Renders the text twin from the same data as the HTML (not by stripping tags):
 * Handlebars without HTML escaping, then wrapped to 72 columns (CJK-aware, URLs
 * kept whole). `ignore` matches the markers, which take no width.
 */
export function renderText(templates: TemplateSet, view: unknown, markers: MarkerHelpers, ignore: RegExp): string {
  const template = compileTemplate(templates.text, templates.textPartials, 'text', markers, {
    /** `{{underline title "="}}`: a rule as wide as the text. */
    underline(text: unknown, char: unknown) {
      const c = typeof char === 'string' && char.length > 0 ? char : '=';
      return c.repeat(Math.max(3, displayWidth(String(text ?? ''))));
    },
  });
  const raw = template(view).replace(/\r\n?/g, '\n');
  return tidy(wrapText(raw, TEXT_WIDTH, ignore), ignore);
}

/** Trailing spaces off (but the signature separator keeps its "-- "), at most one blank line in a row. */
function tidy(text: string, ignore: RegExp): string {
  return text
    .split('\n')
    .map((line) => (line.replace(ignore, '') === '-- ' ? line : line.replace(/[ \t]+$/, '')))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
