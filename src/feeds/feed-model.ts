import type { Article, Person, Taxonomy } from '../content/article.js';
import type { Config } from '../config/schema.js';
import type { FeedCategory, FeedItem, FeedModel } from './model.js';
import type { FeedPlan } from './plan-feeds.js';
import { fill, rawMessages } from '../i18n/messages.js';
import { asciiUrl, siteBase, siteUrl } from './urls.js';

/** Everything a feed shares with the other feeds of the same build. */
export interface FeedContext {
  config: Config;
  taxonomy: Taxonomy;
  /** The article's full HTML (rendered once per build, however many feeds hold it). */
  html: (article: Article) => string;
  /** Broadsheet's version, for the generator tags. */
  version: string;
  /**
   * Items already built in this build, by article. An article's item is the same in
   * every feed that holds it; sharing one frozen object lets the renderers write its
   * XML once. Give one map to all feeds of a build, or none.
   */
  items?: Map<Article, FeedItem> | undefined;
}

/** The browser view's stylesheet, at the top of the output. */
export const FEED_CSS = 'feed.css';

/** The Unix epoch: the `updated` of a feed with no items, so output never depends on the clock. */
const EMPTY_FEED_UPDATED = new Date(0);

/** Builds the format-neutral model of one planned feed. Pure. */
export function toFeedModel(plan: FeedPlan, ctx: FeedContext): FeedModel {
  const { config } = ctx;
  const base = siteBase(config.site.url);
  // Built only when this feed has an item no earlier feed built: most feeds have none,
  // and a build of 221 feeds made its lookup tables 221 times.
  let categorize: ((a: Article) => FeedCategory[]) | undefined;
  const items = plan.articles.map((a): FeedItem => {
    const shared = ctx.items?.get(a);
    if (shared) return shared;
    const item = buildItem(a);
    if (ctx.items) ctx.items.set(a, Object.freeze(item));
    return item;
  });
  function buildItem(a: Article): FeedItem {
    const image = a.image ? asciiUrl(a.image, base) : undefined;
    return {
      id: a.id,
      url: asciiUrl(a.url) ?? a.url,
      title: a.title,
      html: ctx.html(a),
      summary: a.summary,
      published: a.date,
      updated: a.updated,
      authors: a.authors.map(cleanPerson),
      categories: (categorize ??= categorizer(ctx.taxonomy, base))(a),
      ...(image ? { image } : {}),
    };
  }
  const updated = items.reduce<Date | undefined>((max, i) => (!max || i.updated > max ? i.updated : max), undefined) ?? EMPTY_FEED_UPDATED;
  const author = config.site.author;
  const image = config.site.image ? asciiUrl(config.site.image, base) : undefined;
  const browseUrl = siteUrl(base, 'feeds/');
  const t = rawMessages(config);
  return {
    kind: plan.kind,
    title: plan.title,
    label: plan.label,
    description: plan.description,
    self: plan.links,
    formats: ctx.config.feeds.formats,
    home: base.href,
    language: config.site.language,
    timeZone: config.site.timezone,
    updated,
    // Atom needs an author on the feed or on every entry: without a configured one,
    // the publication itself is the author.
    authors: author ? [cleanPerson(author)] : [{ name: config.site.title }],
    ...(image ? { image } : {}),
    ...(config.site.copyright ? { copyright: config.site.copyright } : {}),
    generator: { name: 'Broadsheet', version: ctx.version },
    stylesheet: `${'../'.repeat(plan.dir.length)}${FEED_CSS}`,
    browseUrl,
    notices: { rss: fill(t.rssFeedNotice, { site: config.site.title, url: browseUrl }), atom: fill(t.atomFeedNotice, { site: config.site.title, url: browseUrl }) },
    items,
  };
}

function cleanPerson(p: Person): Person {
  return { name: p.name, ...(p.email ? { email: p.email } : {}), ...(p.url ? { url: asciiUrl(p.url) ?? p.url } : {}) };
}

/** Topics first, then tags, with their display names; `scheme` tells them apart. */
function categorizer(taxonomy: Taxonomy, base: URL): (a: Article) => FeedCategory[] {
  const topicTitles = new Map(taxonomy.topics.map((t) => [t.name, t.title]));
  const tagTitles = new Map(taxonomy.tags.map((t) => [t.name, t.title]));
  const topicScheme = siteUrl(base, 'topics/');
  const tagScheme = siteUrl(base, 'tags/');
  return (a) => [
    ...a.topics.map((name) => ({ term: name, label: topicTitles.get(name) ?? name, scheme: topicScheme })),
    ...a.tags.map((name) => ({ term: name, label: tagTitles.get(name) ?? name, scheme: tagScheme })),
  ];
}
