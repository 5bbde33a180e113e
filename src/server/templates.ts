import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Config } from '../config/schema.js';
import { BroadsheetError } from '../errors.js';
import { shippedTemplatesDir } from '../paths.js';

/**
 * The service's templates, read and compiled once at start-up: pages (Handlebars, in
 * `templates/pages/`), their partials and stylesheet, and the confirmation email
 * (`templates/email/confirm.{html,txt}.hbs`). A file of the same relative name in
 * `digest.templates` overrides the shipped one, as for the digest.
 */

export const PAGE_NAMES = ['subscribe', 'check-inbox', 'confirm', 'confirmed', 'preferences', 'unsubscribe', 'unsubscribed', 'message'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface ServiceTemplates {
  /** Renders a page inside the layout; every `{{value}}` is HTML-escaped. */
  page(name: PageName, context: Record<string, unknown>): string;
  /** The confirmation email's HTML and text. */
  confirmEmail(context: Record<string, unknown>): { html: string; text: string };
  /** The pages' stylesheet. */
  css: string;
}

/** Loads from the shipped folder and the config's override folder (when set). */
export function loadServiceTemplates(config: Pick<Config, 'digest' | 'root'>): ServiceTemplates {
  const dirs = config.digest.templates ? [path.resolve(config.root, config.digest.templates), shippedTemplatesDir] : [shippedTemplatesDir];
  return compileServiceTemplates(dirs);
}

/** Compiles from folders in priority order (first match wins). */
export function compileServiceTemplates(dirs: string[]): ServiceTemplates {
  const read = (rel: string): string => {
    for (const dir of dirs) {
      const file = path.join(dir, rel);
      if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    }
    throw new BroadsheetError({
      code: 'TemplateMissing',
      message: `The template ${rel} is missing`,
      file: path.join(dirs[dirs.length - 1] ?? '', rel),
      hint: 'Reinstall Broadsheet, or copy the shipped file into your templates folder.',
    });
  };
  const hbs = Handlebars.create();
  for (const name of ['subscribe-form', 'topics', 'errors']) hbs.registerPartial(name, read(`pages/partials/${name}.hbs`));
  const layout = hbs.compile(read('pages/layout.hbs'), { strict: false });
  const pages = new Map(PAGE_NAMES.map((name) => [name, hbs.compile(read(`pages/${name}.hbs`))]));
  const emailHtml = hbs.compile(read('email/confirm.html.hbs'));
  // The text part is not HTML: nothing to escape.
  const emailText = Handlebars.create().compile(read('email/confirm.txt.hbs'), { noEscape: true });
  return {
    page(name, context) {
      const body = (pages.get(name) as HandlebarsTemplateDelegate)(context);
      return layout({ ...context, body: new hbs.SafeString(body) });
    },
    confirmEmail(context) {
      return { html: emailHtml(context), text: emailText(context) };
    },
    css: read('pages/style.css'),
  };
}
