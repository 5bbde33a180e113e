import Handlebars from 'handlebars';
import type { Config } from '../config/schema.js';
import type { Problem } from '../errors.js';
import { BroadsheetError } from '../errors.js';
import { renderHtml, type MjmlValidation } from '../email/render-html.js';
import { renderText } from '../email/render-text.js';
import { loadTemplateSet, type TemplateSet } from '../email/templates.js';
import { countText, messagesFor } from '../i18n/messages.js';
import { cutter } from './cut.js';
import { placeArticles } from './once.js';
import { assemble, assemblePieces, createMarkers, parseFragments, toBlocks, type AssemblyInput, type Node, type PieceNode } from './fragments.js';
import type { EditionPlan, Recipient, RenderedEdition, RenderedMessage, RenderedPieces } from './types.js';
import { buildView, dateFormatter, editionWebUrl, type SlotName } from './view-model.js';

export interface PrepareOptions {
  /** MJML validation; the shipped templates pass `strict`. Default `soft` (problems become warnings). */
  validation?: MjmlValidation;
  /** Templates already loaded (benchmarks, tests); default: `loadTemplateSet(config)`. */
  templates?: TemplateSet;
}

/** A rendered edition plus what the web archive and the preview need. */
export interface PreparedEdition extends RenderedEdition {
  /** MJML validation messages from a soft render of edited templates. */
  warnings: Problem[];
  renderWeb(): Promise<string>;
}

/** Values shared by every recipient with the same cut, computed once per cut. */
interface CutShared {
  sections: Set<number>;
  hidden: Set<string>;
  subject: string;
  count: number;
  countText: string;
  preheader: string;
}

const MEMO_LIMIT = 4096;

/**
 * Renders an edition once: Handlebars → MJML → HTML with markers, and the text twin,
 * both cut into programs. `renderFor` then assembles a recipient's message by
 * concatenation and token substitution only (no MJML, no Handlebars, no Markdown).
 */
export async function prepareEdition(plan: EditionPlan, config: Config, options: PrepareOptions = {}): Promise<PreparedEdition> {
  const templates = options.templates ?? loadTemplateSet(config);
  const markers = createMarkers();
  const ignore = new RegExp(`<!--bs${markers.nonce}:[^>]*-->|%%bs${markers.nonce}:\\w+%%`, 'g');

  const emailView = buildView(plan, config, { web: false, slot: markers.slot });
  const { html, warnings } = await renderHtml(templates, emailView, markers.html, options.validation);
  const htmlProgram = parseFragments(html, markers.nonce);
  const textProgram = parseFragments(renderText(templates, emailView, markers.text, ignore), markers.nonce);
  // The send loop's programs: long constant text becomes blocks base64-encoded once.
  let blockPrograms: { html: PieceNode[]; text: PieceNode[] } | undefined;

  const subjectTemplate = compileSubject(config.digest.subject);
  const preheaderTemplate = config.digest.preheader ? compileSubject(config.digest.preheader, 'digest.preheader') : undefined;
  const strings = messagesFor(config);
  const date = dateFormatter(config)(plan.at);
  const cut = cutter(plan.sections);
  const memo = new Map<string, CutShared>();

  const shared = (indices: number[]): CutShared => {
    const key = indices.join(',');
    const hit = memo.get(key);
    if (hit) return hit;
    const placed = placeArticles(plan.sections, indices, config.digest.duplicates);
    const chosen = placed.sections.map((i) => plan.sections[i]).filter((s) => s !== undefined);
    const count = placed.articles.length;
    // Titles in the preheader follow the body: each once, unless every copy is shown.
    const titles = config.digest.duplicates === 'all' ? chosen.flatMap((s) => s.articles.map((a) => a.title)) : placed.articles.map((a) => a.title);
    const data = {
      site: { title: config.site.title, url: config.site.url, description: config.site.description },
      date,
      count,
      edition: { id: plan.id },
      topics: chosen.map((s) => s.title).join(strings.separator),
    };
    const value: CutShared = {
      sections: new Set(placed.sections),
      hidden: placed.hidden,
      subject: oneLine(subjectTemplate(data)),
      count,
      countText: countText(strings, count),
      preheader: oneLine(preheaderTemplate ? preheaderTemplate(data) : defaultPreheader(titles, strings.separator)),
    };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
    return value;
  };

  const all = plan.sections.map((_, i) => i);
  const everything = shared(all);
  const webUrl = editionWebUrl(config, plan.id);
  let web: Promise<string> | undefined;

  /** A recipient's cut and slot values, for the html and the text program; null for an empty cut. */
  const assembly = (recipient: Recipient): { subject: string; html: AssemblyInput; text: AssemblyInput } | null => {
    const indices = cut(recipient.topics);
    if (indices.length === 0) return null;
    const s = shared(indices);
    if (s.sections.size === 0) return null;
    const name = recipient.name?.trim() ?? '';
    const textSlots: Record<SlotName, string> = {
      name,
      email: recipient.email,
      unsubscribe: recipient.unsubscribeUrl,
      preferences: recipient.preferencesUrl,
      count: String(s.count),
      countText: s.countText,
      preheader: s.preheader,
      subject: s.subject,
    };
    const htmlSlots: Record<SlotName, string> = {
      name: escapeHtml(name),
      email: escapeHtml(recipient.email),
      unsubscribe: escapeHtml(recipient.unsubscribeUrl),
      preferences: escapeHtml(recipient.preferencesUrl),
      count: textSlots.count,
      countText: escapeHtml(s.countText),
      preheader: escapeHtml(s.preheader),
      subject: escapeHtml(s.subject),
    };
    const named = name.length > 0;
    return { subject: s.subject, html: { sections: s.sections, hidden: s.hidden, named, slots: htmlSlots }, text: { sections: s.sections, hidden: s.hidden, named, slots: textSlots } };
  };

  return {
    plan,
    subject: everything.subject,
    webUrl,
    warnings,
    renderFor(recipient: Recipient): RenderedMessage | null {
      const a = assembly(recipient);
      if (!a) return null;
      return { subject: a.subject, html: assemble(htmlProgram, a.html), text: assemble(textProgram, a.text) };
    },
    piecesFor(recipient: Recipient): RenderedPieces | null {
      const a = assembly(recipient);
      if (!a) return null;
      blockPrograms ??= { html: toBlocks(htmlProgram), text: toBlocks(textProgram) };
      return { subject: a.subject, html: assemblePieces(blockPrograms.html, a.html), text: assemblePieces(blockPrograms.text, a.text) };
    },
    renderWeb(): Promise<string> {
      web ??= renderWebPage(plan, config, templates, options.validation, everything);
      return web;
    },
  };
}

async function renderWebPage(plan: EditionPlan, config: Config, templates: TemplateSet, validation: MjmlValidation | undefined, s: CutShared): Promise<string> {
  const markers = createMarkers();
  const view = buildView(plan, config, { web: true, slot: markers.slot });
  const { html } = await renderHtml(templates, view, markers.html, validation);
  const program: Node[] = parseFragments(html, markers.nonce);
  const slots: Record<SlotName, string> = {
    name: '',
    email: '',
    unsubscribe: '',
    preferences: '',
    count: String(s.count),
    countText: escapeHtml(s.countText),
    preheader: escapeHtml(s.preheader),
    subject: escapeHtml(s.subject),
  };
  return assemble(program, { sections: s.sections, hidden: s.hidden, named: false, slots });
}

function compileSubject(source: string, key = 'digest.subject'): (data: unknown) => string {
  try {
    Handlebars.parse(source);
    // A subject is a header, not HTML: no escaping.
    return Handlebars.compile(source, { noEscape: true });
  } catch (err) {
    throw new BroadsheetError({
      code: 'SubjectTemplateInvalid',
      message: `${key} is not a valid template: ${(err as Error).message.split('\n')[0]}`,
      path: key,
      hint: 'Write it like "{{site.title}} · {{date}}"; available: site.title, date, count, topics, edition.id.',
    });
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The preheader shown in inbox previews: the first titles, about 140 characters. */
function defaultPreheader(titles: string[], separator: string): string {
  let out = '';
  for (const t of titles) {
    const next = out ? out + separator + t : t;
    if ([...next].length > 140 && out) break;
    out = next;
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : s;
}
