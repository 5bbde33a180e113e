import type { Config } from '../config/schema.js';
import type { Article } from '../content/article.js';
import type { EditionPlan } from './types.js';
import type { Messages } from '../i18n/catalogue-en.js';
import { dateFormatter as languageDates } from '../i18n/format.js';
import { fill, messagesFor } from '../i18n/messages.js';
import { digestTimeZone } from './select.js';

/** Per-recipient values: the templates print them as markers, filled in per subscriber. */
export const SLOT_NAMES = ['name', 'email', 'unsubscribe', 'preferences', 'count', 'countText', 'preheader', 'subject'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/** Where an ArticleView sits: `section:index`, out of the templates' sight (a symbol key). */
const POSITION = Symbol('article position');

/** The `section:index` key of an article view (see ArticleView), or undefined for anything else. */
export function articleKey(item: unknown): string | undefined {
  return typeof item === 'object' && item !== null && POSITION in item ? String((item as { [POSITION]: unknown })[POSITION]) : undefined;
}

/** One article as templates see it: plain strings, already localised. */
export interface ArticleView {
  /** `section:index`, for leaving an article out of a recipient's copy. */
  [POSITION]?: string;
  title: string;
  url: string;
  /** Localised date, e.g. `2025年6月16日` for zh-CN. */
  date: string;
  /** ISO 8601 instant. */
  datetime: string;
  summary: string;
  image: string | null;
  /** Author names joined with the separator; empty when none. */
  authors: string;
}

export interface SectionView {
  title: string;
  topic: string | null;
  slug: string | null;
  count: number;
  articles: ArticleView[];
}

/**
 * What `templates/digest.mjml` and `templates/digest.txt` see. Documented in docs/digest.md
 * ("Editing the templates"). `recipient.*`, `links.unsubscribe`, `links.preferences`,
 * `subject` and `preheader` are per-subscriber: the templates get markers that are
 * replaced per recipient, so they may be printed but not tested with `{{#if}}`
 * (use `{{#ifName}}` for the name).
 */
export interface DigestView {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** True when rendering the web archive page: no personal links. */
  web: boolean;
  site: { title: string; url: string; description: string };
  edition: { id: string; date: string; datetime: string; count: number; webUrl: string };
  subject: string;
  preheader: string;
  sections: SectionView[];
  sender: { name: string; address: string; postalAddress: string };
  links: { site: string; web: string; archive: string; archiveFeed: string; unsubscribe: string; preferences: string };
  recipient: { name: string; email: string; count: string; countText: string };
  /** The publication's words (every catalogue key), `{site}` and the greeting's `{name}` filled in. */
  t: Messages;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv']);

/** Formats dates as the site's language does (English for a language without a catalogue), in the digest's time zone. */
export function dateFormatter(config: Pick<Config, 'site' | 'digest'>): (d: Date) => string {
  return languageDates(config.site.language, digestTimeZone(config));
}

/** Public URL of an edition's web archive copy: `site.url` + `digests/<id>/`. */
export function editionWebUrl(config: Pick<Config, 'site'>, id: string): string {
  return new URL(`digests/${id}/`, config.site.url.endsWith('/') ? config.site.url : `${config.site.url}/`).href;
}

/**
 * Builds the template data for an edition. `slot(name)` gives the marker a template
 * prints for a per-recipient value.
 */
export function buildView(plan: EditionPlan, config: Config, opts: { web: boolean; slot: (name: SlotName) => string }): DigestView {
  const fmt = dateFormatter(config);
  const strings = messagesFor(config);
  const article = (a: Article, section: number, index: number): ArticleView => ({
    [POSITION]: `${section}:${index}`,
    title: a.title,
    url: a.url,
    date: fmt(a.date),
    datetime: a.date.toISOString(),
    summary: a.summary,
    // Email carries absolute http(s) URLs only; anything else is dropped, not linked.
    image: a.image && /^https?:\/\/[^/]/i.test(a.image) ? a.image : null,
    authors: a.authors.map((p) => p.name).join(strings.separator.trim() === '·' ? ', ' : strings.separator),
  });
  const from = config.newsletter.from;
  const webUrl = editionWebUrl(config, plan.id);
  const archiveUrl = new URL('../', webUrl).href;
  const { slot } = opts;
  const primary = config.site.language.toLowerCase().split('-')[0] ?? 'en';
  return {
    lang: config.site.language,
    dir: RTL.has(primary) ? 'rtl' : 'ltr',
    web: opts.web,
    site: { title: config.site.title, url: config.site.url, description: config.site.description },
    edition: { id: plan.id, date: fmt(plan.at), datetime: plan.at.toISOString(), count: plan.articleIds.length, webUrl },
    subject: slot('subject'),
    preheader: slot('preheader'),
    sections: plan.sections.map((s, i) => ({
      title: s.title,
      topic: s.topic,
      slug: s.slug ?? null,
      count: s.articles.length,
      articles: s.articles.map((a, j) => article(a, i, j)),
    })),
    sender: { name: from?.name ?? config.site.title, address: from?.address ?? '', postalAddress: config.newsletter.postal_address ?? '' },
    links: { site: config.site.url, web: webUrl, archive: archiveUrl, archiveFeed: `${archiveUrl}feed.xml`, unsubscribe: slot('unsubscribe'), preferences: slot('preferences') },
    recipient: { name: slot('name'), email: slot('email'), count: slot('count'), countText: slot('countText') },
    t: { ...strings, greeting: fill(strings.greeting, { name: slot('name') }) },
  };
}
