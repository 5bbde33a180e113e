import type { Article, Term } from '../content/article.js';
import type { Config } from '../config/schema.js';
import type { EditionPlan, EditionSection } from './types.js';
import { editionId } from './edition-id.js';
import { lookbackMs } from './lookback.js';
import { isPublished } from '../content/publish.js';
import { termKey } from '../content/slug.js';
import { rawMessages } from '../i18n/messages.js';

/** The parts of the config selection reads. */
export type SelectConfig = Pick<Config, 'site' | 'digest' | 'topics'> & Partial<Pick<Config, 'messages'>>;

/** A topic's display title and URL slug (from the taxonomy); `name` as in front matter. */
export type TopicLabel = Pick<Term, 'name' | 'title' | 'slug'>;

export interface SelectOptions {
  /** The scheduled time of the edition. */
  at: Date;
  /** Ids of articles that earlier editions held; they are never sent again. */
  held: ReadonlySet<string>;
  /** Titles and slugs of topics (taxonomy.topics); else `topics.names` and the name itself. */
  topics?: readonly TopicLabel[];
  /** Replaces the look-back: nothing dated before this (`digest --since`). */
  oldest?: Date;
  /** Takes drafts in too (`digest --drafts`, a preview); a send never does. */
  drafts?: boolean;
}

/** The digest's time zone: `digest.timezone`, else `site.timezone`. */
export function digestTimeZone(config: Pick<Config, 'site' | 'digest'>): string {
  return config.digest.timezone ?? config.site.timezone;
}

/**
 * Chooses the articles of the edition at `options.at` and groups them by topic.
 * Pure: the time and the held set are parameters.
 *
 * An article is in when it is published (not a draft, publishDate/expiryDate allow
 * it), dated at or before the edition time, no older than the look-back, and not
 * held by an earlier edition — so an article added late or back-dated goes out once,
 * in the next edition. Sections follow `digest.topics`, then article count
 * (descending), then name; "Other" (articles without a topic) comes last.
 */
export function selectEdition(articles: readonly Article[], config: SelectConfig, options: SelectOptions): EditionPlan {
  const { at, held } = options;
  const oldest = options.oldest ? options.oldest.getTime() : at.getTime() - lookbackMs(config.digest, digestTimeZone(config), at);
  const publish = { drafts: options.drafts ?? false };
  const chosen = articles.filter((a) => isPublished(a, at, publish) && a.date.getTime() >= oldest && !held.has(a.id));
  return groupEdition(chosen, config, options);
}

/**
 * The plan of an edition already recorded with `articleIds` (a resumed send, a
 * re-rendered archive page): exactly those articles, grouped as selection groups them.
 * Ids no longer in `articles` (deleted since) are left out.
 */
export function planForArticles(
  articleIds: readonly string[],
  articles: readonly Article[],
  config: SelectConfig,
  options: { at: Date; id?: string; topics?: readonly TopicLabel[] },
): EditionPlan {
  const wanted = new Set(articleIds);
  const plan = groupEdition(articles.filter((a) => wanted.has(a.id)), config, options);
  return options.id ? { ...plan, id: options.id } : plan;
}

/** Groups chosen articles into sections; the edition id comes from `at`. */
function groupEdition(articles: readonly Article[], config: SelectConfig, options: { at: Date; topics?: readonly TopicLabel[] | undefined }): EditionPlan {
  const { at } = options;
  const chosen = [...articles].sort(newestFirst);
  const labels = labelLookup(config, options.topics);
  // Spellings that differ only in case or width (`AI`, `ai`) are one topic, as in the
  // taxonomy: grouped by key, shown under the taxonomy's name (else the first seen).
  const byTopic = new Map<string, Article[]>();
  const other: Article[] = [];
  for (const article of chosen) {
    // Every section holds every article of its topic: which copy a recipient sees is
    // decided per recipient, from the topics they chose (digest.duplicates, once.ts).
    const topics = article.topics;
    if (topics.length === 0) other.push(article);
    for (const raw of new Set(topics.map((t) => labels.canonical(t)))) {
      const list = byTopic.get(raw);
      if (list) list.push(article);
      else byTopic.set(raw, [article]);
    }
  }

  const sections: EditionSection[] = orderTopics([...byTopic.keys()], byTopic, config, labels).map((topic) => {
    const label = labels(topic);
    return { topic, title: label.title, slug: label.slug, articles: byTopic.get(topic) ?? [] };
  });
  if (other.length > 0 && config.digest.other !== false) {
    sections.push({ topic: null, title: config.digest.other ?? rawMessages(config).digestOther, articles: other });
  }

  const articleIds: string[] = [];
  const seen = new Set<string>();
  for (const section of sections) {
    for (const a of section.articles) {
      if (!seen.has(a.id)) {
        seen.add(a.id);
        articleIds.push(a.id);
      }
    }
  }
  return { id: editionId(at, digestTimeZone(config)), at: new Date(at.getTime()), articleIds, sections };
}

function newestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.id < b.id ? -1 : 1);
}

interface Labels {
  /** The topic's name as the taxonomy spells it (else the name given). */
  canonical(name: string): string;
  (name: string): { title: string; slug: string };
}

function labelLookup(config: SelectConfig, known: readonly TopicLabel[] | undefined): Labels {
  const map = new Map<string, TopicLabel>();
  for (const t of known ?? []) map.set(termKey(t.name), t);
  const keyed = (record: Record<string, string>): Map<string, string> => new Map(Object.entries(record).map(([k, v]) => [termKey(k), v]));
  const names = keyed(config.topics.names);
  const slugs = keyed(config.topics.slugs);
  const first = new Map<string, string>();
  const lookup = (name: string): { title: string; slug: string } => {
    const key = termKey(name);
    const t = map.get(key);
    return { title: t?.title ?? names.get(key) ?? name, slug: t?.slug ?? slugs.get(key) ?? name };
  };
  lookup.canonical = (name: string): string => {
    const key = termKey(name);
    const known = map.get(key)?.name ?? first.get(key);
    if (known !== undefined) return known;
    first.set(key, name);
    return name;
  };
  return lookup;
}

/** `digest.topics` first (matched by name, display title or slug), then by count, then by name. */
function orderTopics(
  topics: string[],
  byTopic: Map<string, Article[]>,
  config: SelectConfig,
  labels: Labels,
): string[] {
  const configured = config.digest.topics ?? [];
  const rank = (topic: string): number => {
    const l = labels(topic);
    const key = termKey(topic);
    const i = configured.findIndex((c) => termKey(c) === key || c === l.title || c === l.slug);
    return i === -1 ? Number.POSITIVE_INFINITY : i;
  };
  const collator = new Intl.Collator(config.site.language);
  return [...topics].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra < rb ? -1 : 1;
    const count = (byTopic.get(b)?.length ?? 0) - (byTopic.get(a)?.length ?? 0);
    return count || collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
  });
}
