import mjml2html from 'mjml';
import { BroadsheetError, type Problem } from '../errors.js';
import type { MarkerHelpers, TemplateSet } from './templates.js';
import { compileTemplate } from './templates.js';

export type MjmlValidation = 'strict' | 'soft';

export interface HtmlRenderResult {
  html: string;
  /** MJML validation messages (soft validation renders anyway). */
  warnings: Problem[];
}

/**
 * Renders the digest's MJML template with `view`, then compiles MJML to HTML — once
 * per edition. `strict` validation refuses invalid MJML (the shipped templates are
 * tested with it); `soft` renders and reports the problems as warnings.
 */
export async function renderHtml(
  templates: TemplateSet,
  view: unknown,
  markers: MarkerHelpers,
  validation: MjmlValidation = 'soft',
): Promise<HtmlRenderResult> {
  const template = compileTemplate(templates.html, templates.htmlPartials, 'html', markers);
  const mjml = template(view);
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    // fonts: {} — MJML would otherwise link Google Fonts for some family names.
    result = await mjml2html(mjml, { validationLevel: validation, fonts: {}, keepComments: true, filePath: templates.html.file, ignoreIncludes: true });
  } catch (err) {
    throw new BroadsheetError(mjmlProblems(err, templates.html.file));
  }
  const warnings = (result.errors ?? []).map(
    (e): Problem => ({ code: 'MjmlInvalid', message: e.formattedMessage ?? e.message, file: templates.html.file, hint: 'Line numbers refer to the template after Handlebars ran.' }),
  );
  assertSafe(result.html, templates.html.file);
  return { html: collapseIndentation(result.html), warnings };
}

function mjmlProblems(err: unknown, file: string): Problem[] {
  const details = (err as { errors?: { formattedMessage?: string; message: string }[] }).errors;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((e) => ({ code: 'MjmlInvalid', message: e.formattedMessage ?? e.message, file, hint: 'Line numbers refer to the template after Handlebars ran.' }));
  }
  return [{ code: 'MjmlInvalid', message: `MJML could not compile the template: ${(err as Error).message}`, file }];
}

/**
 * Email HTML carries no script, no forms and no event handlers.
 * Content is escaped by Handlebars, so a hit here comes from an edited template.
 */
export function assertSafe(html: string, file: string): void {
  const found: string[] = [];
  if (/<script[\s>]/i.test(html)) found.push('<script>');
  if (/<(form|input|button|select|textarea|iframe|object|embed)[\s>]/i.test(html)) found.push('a form or embedded element');
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) found.push('an on… event handler attribute');
  if (/(href|src)\s*=\s*["']?\s*javascript:/i.test(html)) found.push('a javascript: URL');
  if (found.length > 0) {
    throw new BroadsheetError({
      code: 'TemplateUnsafe',
      message: `The digest template produces ${found.join(', ')}, which email must not carry`,
      file,
      hint: 'Remove scripts, forms and event handlers from the template; email clients strip or block them.',
    });
  }
}

/**
 * MJML indents generously; dropping leading indentation saves a third of the bytes
 * (Gmail clips messages above 102 KB) without changing rendering: a newline still
 * separates what whitespace separated before.
 */
function collapseIndentation(html: string): string {
  return html.replace(/\n[ \t]+/g, '\n').replace(/\n{2,}/g, '\n');
}
