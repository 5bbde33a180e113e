import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { loadContent, type ShareJob } from '../content/load-content.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import type { Article } from '../content/article.js';
import { leftOutOf, type LeftOut } from '../content/publish.js';
import { planFeeds, type FeedPlan } from '../feeds/plan-feeds.js';
import { BuildHelpers, PARALLEL_MIN } from './helpers.js';
import { renderFiles } from './render-files.js';
import { BuildCache, buildCacheKey } from '../cache/build-cache.js';
import { scanContent, type ContentScan } from '../cache/scan.js';
import { publishWindow, removeStamp, writeStamp } from '../cache/stamp.js';
import { BroadsheetError, type Problem } from '../errors.js';
import { languageWarning } from '../i18n/language.js';
import type { NotArticle } from '../content/not-articles.js';
import { renderArticleHtml } from '../markdown/render.js';
import { readPackageVersion } from '../version.js';
import { OWNED_ENTRIES, outputPaths, planOutputs, type OutputFile } from './outputs.js';
import type { RenderHtml } from './render-once.js';
import { prepareOutput, writeOutput, type PreparedOutput } from './write-output.js';

export interface BuildOptions {
  /** Include `draft: true` articles. */
  drafts?: boolean;
  /** Include articles dated (or publishDate) after now. */
  future?: boolean;
  /** Decides what is published; never appears in the output. */
  clock: Clock;
  /** Feed HTML of one article; defaults to `renderArticleHtml` (a cache can wrap it). */
  render?: RenderHtml;
  /**
   * The persistent cache (src/cache): its folder, and the key of this build's inputs
   * (from `quickCheck`) to record them for the next build's up-to-date check.
   */
  cache?: { dir: string; stampKey?: string | undefined; scan?: (ContentScan & { dir: string }) | undefined } | undefined;
  /**
   * Helper threads started ahead (the build command starts them while it loads the
   * parsers, when the site looks large). The build uses them if it needs helpers and
   * closes them either way.
   */
  helpers?: BuildHelpers | undefined;
  /** Told how long each phase took (`build --timings`). */
  timings?: ((phase: BuildPhase, ms: number, note?: string) => void) | undefined;
}

/** The phases of a build, in order, as `timings` names them. */
export type BuildPhase = 'scan' | 'load' | 'plan' | 'render' | 'write' | 'cache';

export interface BuildResult {
  /** Files written, `/`-separated paths relative to the output folder. */
  files: string[];
  /** Feeds written, each as RSS, Atom and JSON Feed. */
  feeds: number;
  /** Published articles. */
  articles: number;
  /** Articles not published at this build's now, by reason. */
  leftOut: LeftOut;
  /** Articles whose Markdown was rendered (those in some feed). */
  rendered: number;
  /** The output folder. */
  outputDir: string;
  /** Files that are not articles (pages without a date, files their generator keeps out of lists). */
  notArticles: NotArticle[];
  durationMs: number;
  /** Problems that did not stop the build (an unreadable date replaced by the file name's, a language without a catalogue). */
  warnings?: Problem[];
}

/**
 * load → taxonomy → choose each feed's items → render → write. Everything is built in
 * memory first; only when all of it succeeded does `writeOutput` swap the new files
 * into `config.outputDir`. Throws a BroadsheetError listing every content problem,
 * in which case nothing is written.
 */
export async function build(config: Config, options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  let last = started;
  const phase = (name: BuildPhase, note?: string): void => {
    const t = performance.now();
    options.timings?.(name, t - last, note);
    last = t;
  };
  const now = options.clock.now();
  const version = readPackageVersion();
  // The scan comes first: a file changed during the build then shows as changed next time.
  const given = options.cache?.scan;
  const scan = options.cache ? (given && given.dir === config.contentDir ? given : scanContent(config.contentDir)) : undefined;
  if (options.cache) removeStamp(options.cache.dir);
  const cache = options.cache && scan ? BuildCache.open(options.cache.dir, buildCacheKey(config, version), config, scan.files, scan.at) : undefined;
  // A cold build of a large site parses and renders many articles: start helper threads
  // now, so their start-up overlaps reading the first files.
  const wanted = !options.render && cache?.isEmpty && scan && scan.files.size >= PARALLEL_MIN;
  if (!wanted) options.helpers?.close();
  const helpers = wanted ? (options.helpers ?? BuildHelpers.start()) : undefined;
  phase('scan');
  const staged: { output?: PreparedOutput } = {};
  try {
    const share = helpers?.size ? (job: ShareJob) => helpers.parse(job, { site: config.site, topics: config.topics, messages: config.messages, content: config.content }) : undefined;
    const { all, published, notArticles, warnings } = await loadContent(config, { drafts: options.drafts ?? false, future: options.future ?? false, now, cache: cache?.articles, share });
    const parsedElsewhere = helpers?.handled ?? 0;
    phase('load', helpers ? `${published.length} published; ${parsedElsewhere} files parsed on helper threads` : `${published.length} published`);
    const { taxonomy, problems } = buildTaxonomy(published, config);
    if (problems.length > 0) throw new BroadsheetError(problems);
    const plans = planFeeds(config, published, taxonomy);
    phase('plan');
    // While a helper renders, this thread creates the output's files (prepareOutput)
    // and encodes its articles for the cache.
    const prepare = (): void => {
      try {
        staged.output = prepareOutput(config.outputDir, outputPaths(config, plans), OWNED_ENTRIES);
      } catch (err) {
        throw outputFailure(err, config);
      }
      // Also ahead of its time: the cache's encoding of this thread's articles.
      cache?.encodeAhead();
    };
    const ready = options.render ? undefined : await prerender(config, plans, cache, helpers, prepare);
    // Nothing after this needs them: their heaps go before the feeds are written, when
    // this thread holds the most (40,000 articles: ~60 MB less at the peak).
    helpers?.close();
    phase('render', helpers ? `${(helpers.handled - parsedElsewhere)} articles rendered on helper threads` : undefined);
    const baseRender = options.render ?? ((a: Article) => ready?.get(a) ?? renderArticleHtml(a, config));
    const render = cache ? cache.wrapRender(baseRender) : baseRender;
    const outputs = planOutputs({ config, published, taxonomy, plans, render, version, reuse: cache?.feedReuse(config.outputDir) });
    const written: string[] = [];
    function* recorded(files: Iterable<OutputFile>): Generator<OutputFile> {
      for (const f of files) {
        written.push(f.path.join('/'));
        yield f;
      }
    }
    try {
      await writeOutput(config.outputDir, recorded(outputs.files), OWNED_ENTRIES, { prepared: staged.output });
    } catch (err) {
      throw outputFailure(err, config);
    }
    phase('write');
    const result = {
      files: written,
      feeds: outputs.feeds,
      articles: published.length,
      leftOut: leftOutOf(all, now, { drafts: options.drafts ?? false, future: options.future ?? false }),
      rendered: outputs.rendered,
      outputDir: config.outputDir,
      notArticles,
      // Content warnings are kept with the stamp: an up-to-date check repeats them.
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    if (options.cache && cache && scan) {
      cache.recordFeeds(config.outputDir, outputs.fingerprints);
      cache.save();
      const { stampKey } = options.cache;
      if (stampKey) {
        const window = publishWindow(publishInstants(all), now);
        writeStamp(options.cache.dir, { key: stampKey, contentDir: config.contentDir, scan, ...window, result });
      }
      phase('cache');
    }
    const warning = languageWarning(config.site.language, config.file);
    const allWarnings = [...warnings, ...(warning ? [warning] : [])];
    return { ...result, durationMs: performance.now() - started, ...(allWarnings.length > 0 ? { warnings: allWarnings } : {}) };
  } finally {
    // Helpers that got no work (a failed or small build) end here.
    helpers?.close();
    // A build that failed after creating its staging folder leaves none behind.
    staged.output?.discard();
  }
}

/** Every instant at which an article's being published can change (no array of three per article). */
function* publishInstants(articles: readonly Article[]): Generator<Date | undefined> {
  for (const a of articles) {
    yield a.date;
    yield a.publishDate;
    yield a.expiryDate;
  }
}

/** A file system error while writing the output, for people; anything else (a bug) as it is. */
function outputFailure(err: unknown, config: Config): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') return err;
  return new BroadsheetError({
    code: 'OutputWriteFailed',
    message: `Cannot write the output (${code}): ${(err as Error).message}`,
    file: config.outputDir,
    hint: 'Check that the output folder and its parent are writable folders with free space; the previous output was left as it was.',
  });
}

/**
 * The HTML of every article some feed shows and no cache holds, rendered up front on
 * all threads (renderFiles); the feeds then take it from here. Small sites render as
 * they go. When helpers render, `meanwhile` gets the feeds' plans on this thread
 * before it renders its own share (a build without helpers gains nothing from it).
 */
async function prerender(config: Config, plans: readonly FeedPlan[], cache: BuildCache | undefined, helpers: BuildHelpers | undefined, meanwhile?: () => void): Promise<Map<Article, string>> {
  const needed = new Set<Article>();
  for (const plan of plans) for (const a of plan.articles) needed.add(a);
  const todo = [...needed].filter((a) => !cache?.hasHtml(a));
  if (todo.length < PARALLEL_MIN) return new Map();
  const own = helpers ? undefined : BuildHelpers.start();
  const pool = helpers ?? own;
  let done;
  try {
    done = await renderFiles(todo, config.contentDir, { site: config.site, topics: config.topics, messages: config.messages, content: config.content }, pool, pool?.size ? meanwhile : undefined);
  } finally {
    own?.close();
  }
  const html = new Map<Article, string>();
  for (const [i, a] of todo.entries()) {
    const r = done[i];
    if (!r) continue;
    // The summary came with the body's one read: the feeds need it, and nothing else does.
    a.summary = r.summary;
    html.set(a, r.html);
  }
  return html;
}
