import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Config } from '../config/schema.js';
import { BroadsheetError, type Problem } from '../errors.js';
import { shippedTemplatesDir } from '../paths.js';

/** One template file's text and where it came from (for error messages). */
export interface TemplateSource {
  file: string;
  source: string;
}

/** The digest's templates: the MJML document, its text twin, and their partials by name. */
export interface TemplateSet {
  html: TemplateSource;
  text: TemplateSource;
  /** `partials/NAME.mjml`, registered as `{{> NAME}}` for the HTML template. */
  htmlPartials: Map<string, TemplateSource>;
  /** `partials/NAME.txt`, registered as `{{> NAME}}` for the text template. */
  textPartials: Map<string, TemplateSource>;
}

export const HTML_TEMPLATE = 'digest.mjml';
export const TEXT_TEMPLATE = 'digest.txt';

/**
 * Loads the digest templates: the shipped ones from `templates/`, each overridden by a
 * file of the same name in `digest.templates` (relative to the config file) when set.
 */
export function loadTemplateSet(config: Pick<Config, 'digest' | 'root'>): TemplateSet {
  const dirs = [shippedTemplatesDir];
  if (config.digest.templates) {
    const user = path.resolve(config.root, config.digest.templates);
    if (!fs.existsSync(user) || !fs.statSync(user).isDirectory()) {
      throw new BroadsheetError({
        code: 'TemplatesNotFound',
        message: `The templates folder "${config.digest.templates}" does not exist`,
        path: 'digest.templates',
        hint: `Create ${user} with digest.mjml, digest.txt or partials/*.mjml to override, or remove digest.templates.`,
      });
    }
    dirs.push(user);
  }
  return readTemplateDirs(dirs);
}

/** Later folders override earlier ones file by file. */
export function readTemplateDirs(dirs: string[]): TemplateSet {
  let html: TemplateSource | undefined;
  let text: TemplateSource | undefined;
  const htmlPartials = new Map<string, TemplateSource>();
  const textPartials = new Map<string, TemplateSource>();
  for (const dir of dirs) {
    html = readIfExists(path.join(dir, HTML_TEMPLATE)) ?? html;
    text = readIfExists(path.join(dir, TEXT_TEMPLATE)) ?? text;
    const partialsDir = path.join(dir, 'partials');
    if (!fs.existsSync(partialsDir)) continue;
    for (const name of fs.readdirSync(partialsDir).sort()) {
      const m = /^(.+)\.(mjml|txt)$/.exec(name);
      if (!m?.[1]) continue;
      const src = readIfExists(path.join(partialsDir, name));
      if (src) (m[2] === 'mjml' ? htmlPartials : textPartials).set(m[1], src);
    }
  }
  if (!html || !text) {
    throw new BroadsheetError({
      code: 'TemplatesNotFound',
      message: `No ${html ? TEXT_TEMPLATE : HTML_TEMPLATE} template found in ${dirs.join(', ')}`,
      hint: 'Reinstall Broadsheet, or add the file to the digest.templates folder.',
    });
  }
  return { html, text, htmlPartials, textPartials };
}

function readIfExists(file: string): TemplateSource | undefined {
  try {
    return { file, source: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Marker helpers the templates call; their output is split apart after rendering. */
export interface MarkerHelpers {
  /** Wraps one section (`{{#section}}…{{/section}}` inside `{{#each sections}}`). */
  section(index: number, body: string): string;
  /** `{{#ifName}}…{{else}}…{{/ifName}}`: chosen per recipient. */
  ifName(then: string, otherwise: string): string;
  /**
   * Wraps what one `{{#each}}` iteration printed for `item`; the digest marks its
   * articles so each can be left out of a recipient's copy (an article already shown
   * under an earlier topic). Every `{{#each}}` goes through it, so edited templates need
   * no new tag; items that are not articles come back unchanged.
   */
  article?(item: unknown, body: string): string;
}

type Template = (context: unknown) => string;

/**
 * Compiles a template with its partials in a private Handlebars environment
 * (`noEscape` for the text twin, HTML escaping otherwise). Template syntax errors
 * become a BroadsheetError naming the file and line.
 */
export function compileTemplate(
  main: TemplateSource,
  partials: Map<string, TemplateSource>,
  mode: 'html' | 'text',
  markers: MarkerHelpers,
  extraHelpers: Record<string, Handlebars.HelperDelegate> = {},
): Template {
  const hb = Handlebars.create();
  const options: CompileOptions = { noEscape: mode === 'text', strict: false, preventIndent: mode === 'html' };
  hb.registerHelper('section', function (this: unknown, opts: Handlebars.HelperOptions) {
    const index = (opts.data as { index?: unknown } | undefined)?.index;
    if (typeof index !== 'number') throw new Error('{{#section}} must be used inside {{#each sections}}');
    return markers.section(index, opts.fn(this));
  });
  hb.registerHelper('ifName', function (this: unknown, opts: Handlebars.HelperOptions) {
    return markers.ifName(opts.fn(this), opts.inverse(this));
  });
  const wrap = markers.article;
  const builtinEach = hb.helpers['each'] as Handlebars.HelperDelegate | undefined;
  if (wrap && builtinEach) {
    hb.registerHelper('each', function (this: unknown, context: unknown, opts: Handlebars.HelperOptions) {
      const fn = opts.fn;
      // Handlebars reads block params and the program id off `fn`: keep them.
      const marked = Object.assign((item: unknown, o?: Handlebars.RuntimeOptions) => wrap(item, fn(item, o)), fn);
      return builtinEach.call(this, context, { ...opts, fn: marked });
    });
  }
  for (const [name, fn] of Object.entries(extraHelpers)) hb.registerHelper(name, fn);
  const problems: Problem[] = [];
  const compiled = new Map<string, Template>();
  for (const [name, src] of partials) {
    const t = precompile(hb, src, options, problems);
    if (t) compiled.set(name, t);
  }
  const template = precompile(hb, main, options, problems);
  if (problems.length > 0 || !template) throw new BroadsheetError(problems);
  for (const [name, t] of compiled) hb.registerPartial(name, t);
  return (context) => {
    try {
      return template(context);
    } catch (err) {
      throw new BroadsheetError({ code: 'TemplateFailed', message: `Rendering ${main.file} failed: ${(err as Error).message}`, file: main.file });
    }
  };
}

function precompile(hb: typeof Handlebars, src: TemplateSource, options: CompileOptions, problems: Problem[]): Template | undefined {
  try {
    // Parse eagerly so a syntax error names its file now rather than mid-send.
    hb.parse(src.source);
    return hb.compile(src.source, options) as Template;
  } catch (err) {
    const message = (err as Error).message;
    const line = /on line (\d+)/.exec(message)?.[1];
    problems.push({
      code: 'TemplateSyntax',
      message: `Template syntax error: ${message.split('\n')[0]}`,
      file: src.file,
      ...(line ? { line: Number(line) } : {}),
      hint: 'Check the {{…}} tags: every {{#block}} needs its {{/block}}.',
    });
    return undefined;
  }
}
