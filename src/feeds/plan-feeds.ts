import type { Article, Taxonomy, Term } from '../content/article.js';
import type { Config } from '../config/schema.js';
import { newestFirst, newestOf } from '../content/publish.js';
import { urlSegment } from '../content/slug.js';
import type { FeedKind, FeedLinks } from './model.js';
import { fill, rawMessages } from '../i18n/messages.js';
import { siteBase, siteUrl } from './urls.js';

/** One feed to write (in all three formats): which articles, where, under which URLs. */
export interface FeedPlan {
  kind: FeedKind;
  /** The topic or tag, for topic and tag feeds. */
  term?: Term;
  /** `Site`, or `Site · Topic` / `Site · Tag`. */
  title: string;
  /** The site's title, or the topic's or tag's display name. */
  label: string;
  description: string;
  /** Output folder below the output root as raw path segments: `[]` or `['topics', slug]`. */
  dir: string[];
  /** Absolute URLs of the three files. */
  links: FeedLinks;
  /** Newest first, at most `feeds.limit`. */
  articles: Article[];
}

/** File names of the three formats inside a feed's folder. */
export const FEED_FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;

/** Newest first; equal dates fall back to the URL (an article's id) so the order never depends on input order. */
export { newestFirst };

/**
 * Decides every feed of a build: the site's, then one per topic and per tag of the
 * published articles (so a term only drafts or future articles carry gets none),
 * each honouring `feeds.topics` / `feeds.tags` and `feeds.limit`. Pure.
 */
export function planFeeds(config: Config, published: ReadonlyArray<Article>, taxonomy: Taxonomy): FeedPlan[] {
  const base = siteBase(config.site.url);
  const limit = config.feeds.limit;
  const site = config.site.title;
  const t = rawMessages(config);
  const links = (urlDir: string): FeedLinks => ({
    rss: siteUrl(base, `${urlDir}${FEED_FILES.rss}`),
    atom: siteUrl(base, `${urlDir}${FEED_FILES.atom}`),
    json: siteUrl(base, `${urlDir}${FEED_FILES.json}`),
  });
  const plans: FeedPlan[] = [
    {
      kind: 'site',
      title: site,
      label: site,
      description: config.site.description,
      dir: [],
      links: links(''),
      articles: newestOf(published, limit),
    },
  ];
  const termPlan = (kind: 'topic' | 'tag', folder: string, term: Term): FeedPlan => ({
    kind,
    term,
    title: fill(t.termFeedTitle, { site, term: term.title }),
    label: term.title,
    description: fill(kind === 'topic' ? t.topicFeedDescription : t.tagFeedDescription, { site, term: term.title }),
    // NFC on disk as in the URL, so the file is where its URL says.
    dir: [folder, term.slug.normalize('NFC')],
    links: links(`${folder}/${urlSegment(term.slug)}/`),
    articles: newestOf(term.articles, limit),
  });
  if (config.feeds.topics) for (const t of taxonomy.topics) plans.push(termPlan('topic', 'topics', t));
  if (config.feeds.tags) for (const t of taxonomy.tags) plans.push(termPlan('tag', 'tags', t));
  return plans.filter((p) => p.kind === 'site' || p.articles.length > 0);
}
