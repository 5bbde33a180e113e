import type { LeftOut } from '../content/publish.js';

/** What the build summary reports: a build's result, or the stamped one when nothing changed. */
export interface BuildCounts {
  feeds: number;
  files: number;
  articles: number;
  /** Absent in a stamp written before builds counted what they left out. */
  leftOut?: LeftOut | undefined;
}

/** `1 feed`, `2 feeds`: the count and the noun, plural unless the count is one. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The lines `broadsheet build` prints (operator-facing, so English): what was built,
 * then what was left out and the flag that would take it in; and, on stderr, a warning
 * when nothing is published at all (every feed is then empty).
 */
export function buildSummary(counts: BuildCounts, head: string, tail: string): { lines: string[]; warnings: string[] } {
  const built = `${counted(counts.feeds, 'feed')} (${counted(counts.files, 'file')}) from ${counted(counts.articles, 'published article')}`;
  const lines = [`${head} ${built} ${tail}`];
  const left = leftOutText(counts.leftOut);
  if (left) lines.push(`Left out: ${left}.`);
  const warnings: string[] = [];
  if (counts.articles === 0) {
    warnings.push(
      left
        ? `warning: no article is published, so every feed is empty (left out: ${left}).`
        : 'warning: no article is published, so every feed is empty: the content folder holds no article.',
    );
  }
  return { lines, warnings };
}

function leftOutText(l: LeftOut | undefined): string {
  if (!l) return '';
  const parts: string[] = [];
  if (l.drafts > 0) parts.push(`${counted(l.drafts, 'draft')} (--drafts includes ${l.drafts === 1 ? 'it' : 'them'})`);
  if (l.future > 0) parts.push(`${counted(l.future, 'article')} dated in the future (--future includes ${l.future === 1 ? 'it' : 'them'})`);
  if (l.expired > 0) parts.push(`${counted(l.expired, 'expired article')} (expiryDate has passed)`);
  return parts.join(', ');
}
