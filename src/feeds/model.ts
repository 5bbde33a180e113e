import type { Person } from '../content/article.js';

/**
 * The feed model: plain data that every renderer reads (like jpmonette/feed's Feed
 * object, minus its clock fallback). Built once per feed by `feed-model.ts`;
 * `render-rss.ts`, `render-atom.ts` and `render-json-feed.ts` turn it into text.
 */

/** Which collection a feed covers. */
export type FeedKind = 'site' | 'topic' | 'tag';

/** A feed format a build can write (config `feeds.formats`). */
export type FeedFormatName = 'rss' | 'atom' | 'json';

/** Absolute, ASCII-only URLs of one feed in each format. */
export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
}

/** A topic or tag an item carries. */
export interface FeedCategory {
  /** The name as written in front matter. */
  term: string;
  /** Display name. */
  label: string;
  /** Absolute URL that namespaces the term: `<site>/topics/` or `<site>/tags/`. */
  scheme: string;
}

export interface FeedItem {
  /** Stable id: the article's permalink. */
  id: string;
  /** Absolute, ASCII-only permalink. */
  url: string;
  title: string;
  /** Full article HTML: sanitised, URLs absolute. */
  html: string;
  /** Plain-text summary. */
  summary: string;
  published: Date;
  updated: Date;
  /** The article's authors; empty means "the feed's authors". */
  authors: Person[];
  categories: FeedCategory[];
  /** Absolute, ASCII-only URL of the lead image. */
  image?: string;
}

export interface FeedModel {
  kind: FeedKind;
  /** `Site`, or `Site · Topic` / `Site · Tag`. */
  title: string;
  /** What the feed covers: the site's title, or the topic's or tag's display name. */
  label: string;
  description: string;
  /** This feed's own URL in each format (the `self` links). */
  self: FeedLinks;
  /** The formats the build writes (config `feeds.formats`, in order): pages and OPML link only these. */
  formats: ReadonlyArray<FeedFormatName>;
  /** The site's home page. */
  home: string;
  /** BCP 47 language tag. */
  language: string;
  /** IANA zone whose offset the dates are written in. */
  timeZone: string;
  /** Newest `updated` of the items (never the clock); the Unix epoch for an empty feed. */
  updated: Date;
  /** The site's author, else the site's title as a name: never empty. */
  authors: Person[];
  image?: string;
  copyright?: string;
  generator: { name: string; version: string };
  /**
   * The browser view's CSS stylesheet, relative to the feed (`feed.css`, `../../feed.css`):
   * relative, so it is found from a sub-path deployment and from `file://` alike.
   */
  stylesheet?: string;
  /** Absolute URL of the human-readable feeds page. */
  browseUrl?: string;
  /** The comment at the top of the RSS and Atom files, for a person who opened one (in the publication's language). */
  notices?: { rss: string; atom: string };
  /** Newest first. */
  items: FeedItem[];
}
