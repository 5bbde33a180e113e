import type { Problem } from '../errors.js';

/**
 * The content model: what one Markdown file becomes once its front matter is
 * validated and normalised. Everything downstream (feeds, digests) reads only this.
 */

export interface Person {
  name: string;
  email?: string;
  url?: string;
}

export interface Article {
  /** Stable id, never changes between builds: the article's permalink URL. */
  id: string;
  /** URL name (safe, from front matter or the file name). */
  slug: string;
  /** Path of the source file relative to the content folder, `/`-separated. */
  sourcePath: string;
  /** Absolute permalink, ASCII-only (percent-encoded). */
  url: string;
  title: string;
  /** Publication instant. */
  date: Date;
  /** Last change; equals `date` when the front matter has no `updated`/`lastmod`. */
  updated: Date;
  draft: boolean;
  /** Hugo's publishDate / expiryDate, when given. */
  publishDate?: Date;
  expiryDate?: Date;
  /** Plain-text summary (front matter, `<!--more-->`, or a grapheme-safe excerpt), footnote markers stripped. */
  summary: string;
  /** Tag names as written (trimmed, de-duplicated). */
  tags: string[];
  /** Topic names as written (trimmed, de-duplicated), from the configured topics field. */
  topics: string[];
  /** At least one: the article's authors, else the site's author (empty when neither). */
  authors: Person[];
  /** Absolute URL of the lead image, when given. */
  image?: string;
  /** Markdown body, front matter removed. Rendered lazily: only for articles an output needs. */
  body: string;
  /** 1-based line in the source file where the body starts (for error messages). */
  bodyLine: number;
  /** 1-based line of each top-level front matter field, for problems found later (e.g. a tag's slug clash). */
  fieldLines?: Readonly<Record<string, number>>;
  /** sha256 (hex) of the raw file, for caches. */
  hash: string;
  /** What was read but looked wrong without stopping the build (an unreadable date replaced by the file name's); kept with the article so a cached build reports it too. */
  warnings?: Problem[];
}

/** A topic or tag with its articles, newest first. */
export interface Term {
  /** The name as written in front matter. */
  name: string;
  /** Display name (config `topics.names` / `tags.names`, else the name). */
  title: string;
  /** Safe URL segment, unique within its kind; may contain non-ASCII letters (NFC). */
  slug: string;
  /** Articles carrying it, newest first. */
  articles: Article[];
}

export interface Taxonomy {
  topics: Term[];
  tags: Term[];
}

/** Options that decide which articles count as published. */
export interface PublishOptions {
  /** Include `draft: true` articles (`--drafts`). */
  drafts?: boolean;
  /** Include articles dated (or publishDate) after now, and expired ones stay excluded (`--future`). */
  future?: boolean;
}
