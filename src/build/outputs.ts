import type { Article, Taxonomy } from '../content/article.js';
import type { Config } from '../config/schema.js';
import type { FeedItem, FeedModel } from '../feeds/model.js';
import { toFeedModel } from '../feeds/feed-model.js';
import { FEED_FILES, planFeeds, type FeedPlan } from '../feeds/plan-feeds.js';
import { renderBytes } from '../feeds/feed-text.js';
import { atomFormat } from '../feeds/render-atom.js';
import { renderFeedCss } from '../feeds/render-feed-css.js';
import { renderFeedsPage } from '../feeds/render-feeds-page.js';
import { FEED_CSS } from '../feeds/feed-model.js';
import { matchLanguage } from '../i18n/language.js';
import { messagesFor } from '../i18n/messages.js';
import { jsonFeedFormat } from '../feeds/render-json-feed.js';
import { renderOpml } from '../feeds/render-opml.js';
import { rssFormat } from '../feeds/render-rss.js';
import { siteBase, siteUrl } from '../feeds/urls.js';
import { renderOnce, type RenderHtml } from './render-once.js';

/** One file of the output, as path segments below the output folder (raw NFC slugs). */
export interface OutputFile {
  path: string[];
  /**
   * The text, or its UTF-8 bytes as buffers to write one after the other: a feed is
   * its head, its items' bytes (shared with the other feeds that hold the same
   * articles, so encoded once per build) and its tail. Never modify them.
   */
  content: string | readonly Uint8Array[];
  /**
   * An existing file with exactly the bytes this one must have (the same feed in the
   * previous output): the writer links or copies it and ignores `content`.
   */
  linkFrom?: string;
}

/** Lets a cache skip re-rendering feeds that are the same as in the previous output. */
export interface FeedReuse {
  /** A key of everything that decides a feed's three files (not the HTML itself, which the articles decide). */
  fingerprint(model: FeedModel, articles: ReadonlyArray<Article>): string;
  /** The previous output's files (name → absolute path) of the feed in `dir`, if it had `fingerprint` and is intact. */
  find(dir: readonly string[], fingerprint: string): ReadonlyMap<string, string> | undefined;
}

/**
 * Top-level entries of the output folder that a build owns: each is replaced as a
 * whole, so stale files (a removed tag's folder) disappear. Anything else in the
 * folder (the digest archive's `digests/`, a site's own pages) is left alone.
 */
export const OWNED_ENTRIES: readonly string[] = [
  FEED_FILES.rss,
  FEED_FILES.atom,
  FEED_FILES.json,
  'feeds.opml',
  FEED_CSS,
  // Written by earlier versions (the XSLT view): owned, so an old output loses it.
  'feed.xsl',
  'feeds',
  'topics',
  'tags',
];

export interface OutputsInput {
  config: Config;
  /** Published articles only. */
  published: ReadonlyArray<Article>;
  /** Topics and tags of the published articles. */
  taxonomy: Taxonomy;
  render: RenderHtml;
  /** Broadsheet's version, for the generator tags. */
  version: string;
  /** Set by a build with a cache: reuse unchanged feeds' files. */
  reuse?: FeedReuse | undefined;
  /** The feeds, when the caller planned them already (planFeeds of the same input). */
  plans?: FeedPlan[] | undefined;
}

/** An output file as text (renderOutputs). */
export interface TextFile {
  path: string[];
  content: string;
}

export interface Outputs {
  files: TextFile[];
  /** Feeds written (each in three formats). */
  feeds: number;
  /** Articles whose HTML was rendered. */
  rendered: number;
}

/** Every file a build writes, as text decoded from the very bytes a build writes, in a fixed order. Pure apart from `render`. */
export function renderOutputs(input: OutputsInput): Outputs {
  const planned = planOutputs({ ...input, reuse: undefined });
  const files = [...planned.files].map((f) => ({
    path: f.path,
    content: typeof f.content === 'string' ? f.content : Buffer.concat(f.content).toString('utf8'),
  }));
  return { files, feeds: planned.feeds, rendered: planned.rendered };
}

/** The build's files as a lazy sequence, plus its counts. */
export interface PlannedOutputs {
  /**
   * Every file, in the same fixed order as renderOutputs, each rendered only when the
   * sequence reaches it: a writer that streams them holds one feed's text at a time
   * instead of the whole output (~80 MB at 4,000 articles). Iterate once.
   */
  files: Iterable<OutputFile>;
  feeds: number;
  rendered: number;
  /** Each feed's folder and fingerprint, when `reuse` was given. */
  fingerprints: Array<{ dir: string[]; fingerprint: string }>;
}

/** Plans every feed and renders the needed HTML now; the feeds' text is rendered lazily. */
export function planOutputs(input: OutputsInput): PlannedOutputs {
  const { config, taxonomy, version } = input;
  const plans = input.plans ?? planFeeds(config, input.published, taxonomy);
  const { html, rendered } = renderOnce(plans, input.render);
  const items = new Map<Article, FeedItem>();
  const models = plans.map((plan) => ({ plan, model: toFeedModel(plan, { config, taxonomy, html, version, items }) }));
  const reuse = input.reuse;
  const fingerprints = reuse ? models.map(({ plan, model }) => ({ dir: plan.dir, fingerprint: reuse.fingerprint(model, plan.articles) })) : [];
  const all = { rss: [FEED_FILES.rss, rssFormat], atom: [FEED_FILES.atom, atomFormat], json: [FEED_FILES.json, jsonFeedFormat] } as const;
  const formats = config.feeds.formats.map((f) => all[f]);
  function* files(): Generator<OutputFile> {
    for (const [i, { plan, model }] of models.entries()) {
      const fp = fingerprints[i];
      const previous = reuse && fp ? reuse.find(plan.dir, fp.fingerprint) : undefined;
      for (const [name, format] of formats) {
        const from = previous?.get(name);
        yield from ? { path: [...plan.dir, name], content: '', linkFrom: from } : { path: [...plan.dir, name], content: renderBytes(format, model) };
      }
    }
    const author = config.site.author;
    const t = messagesFor(config);
    yield {
      path: ['feeds.opml'],
      content: renderOpml(
        { title: t.opmlTitle, groups: { topic: t.topicsHeading, tag: t.tagsHeading }, ...(author ? { ownerName: author.name } : {}), ...(author?.email ? { ownerEmail: author.email } : {}) },
        models.map((m) => m.model),
      ),
    };
    const feedsPage = siteUrl(siteBase(config.site.url), 'feeds/');
    if (hasStylesheet(config)) {
      yield { path: [FEED_CSS], content: renderFeedCss({ messages: t, feedsPage, englishDates: matchLanguage(config.site.language).catalogue === 'en' }) };
    }
    yield { path: ['feeds', 'index.html'], content: renderFeedsPage(models.map((m) => m.model), t) };
  }
  return { files: files(), feeds: plans.length, rendered, fingerprints };
}

/**
 * The path of every file planOutputs yields for these feeds, in its order, known as
 * soon as the feeds are planned: the build creates them while the articles render
 * (prepareOutput). Keep it in step with planOutputs (a test compares them).
 */
export function outputPaths(config: Config, plans: ReadonlyArray<Pick<FeedPlan, 'dir'>>): string[][] {
  const names = config.feeds.formats.map((f) => FEED_FILES[f]);
  const paths = plans.flatMap((plan) => names.map((name) => [...plan.dir, name]));
  paths.push(['feeds.opml']);
  if (hasStylesheet(config)) paths.push([FEED_CSS]);
  paths.push(['feeds', 'index.html']);
  return paths;
}

/** The browser view of the XML feeds; JSON Feed alone has no use for it. */
function hasStylesheet(config: Config): boolean {
  return config.feeds.formats.some((f) => f !== 'json');
}
