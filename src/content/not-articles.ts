/**
 * Files under the content folder that are not articles, and why: a page (no date from
 * any source), or a file its own generator keeps out of lists and feeds. They are left
 * out of feeds and digests without stopping the build, and the build names them.
 */

/** One Markdown file that is not an article. */
export interface NotArticle {
  /** Path relative to the content folder, `/`-separated. */
  file: string;
  /** `no-date`: a page; `not-listed`: its generator's switch keeps it out of lists. */
  reason: 'no-date' | 'not-listed';
  /** For `not-listed`, the switch as written, e.g. `published: false`. */
  setting?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The generator's own "not a list item" switch in `data`, as it would be written, or
 * undefined: Jekyll's `published: false`, Eleventy's `eleventyExcludeFromCollections:
 * true`, Hugo's `headless: true` (a bundle that is never a page of its own) and
 * `build: {list: never}` (also `_build`, and the older `list: false`).
 */
export function notListedSetting(data: Readonly<Record<string, unknown>>): string | undefined {
  if (data['published'] === false) return 'published: false';
  if (data['eleventyExcludeFromCollections'] === true) return 'eleventyExcludeFromCollections: true';
  if (data['headless'] === true) return 'headless: true';
  for (const key of ['build', '_build']) {
    const build = data[key];
    if (isRecord(build) && (build['list'] === 'never' || build['list'] === false)) return `${key}.list: ${String(build['list'])}`;
  }
  return undefined;
}

/** How many names a summary line shows before "and N more". */
const SHOWN = 10;

function names(list: readonly NotArticle[], limit: number, withSetting: boolean): string {
  const shown = list.slice(0, limit).map((l) => (withSetting && l.setting ? `${l.file} (${l.setting})` : l.file));
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * The build summary's lines about files left out, e.g. `Left out 2 pages without a
 * date: about.md, 404.md`; none when nothing was. `limit` caps the names per line
 * (Infinity lists every one).
 */
export function notArticleSummary(notArticles: readonly NotArticle[], limit = SHOWN): string[] {
  const lines: string[] = [];
  const pages = notArticles.filter((l) => l.reason === 'no-date');
  const unlisted = notArticles.filter((l) => l.reason === 'not-listed');
  if (pages.length > 0) lines.push(`Left out ${pages.length} ${pages.length === 1 ? 'page' : 'pages'} without a date: ${names(pages, limit, false)}`);
  if (unlisted.length > 0) {
    lines.push(`Left out ${unlisted.length} ${unlisted.length === 1 ? 'file' : 'files'} their generator keeps out of lists: ${names(unlisted, limit, true)}`);
  }
  return lines;
}
