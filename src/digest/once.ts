import type { EditionSection } from './types.js';

/** A recipient's cut after `digest.duplicates`: the sections shown and the articles left out of them. */
export interface Placement {
  /** Section indices shown, in digest order. */
  sections: number[];
  /** `section:index` keys of articles left out: each was already shown under an earlier section. */
  hidden: Set<string>;
  /** The articles shown, each once (also with `all`), in the order a reader first meets them. */
  articles: EditionSection['articles'];
}

/**
 * Places each article of a recipient's sections. With `first` (the default) an article
 * appears once, under the first of the chosen sections that holds it (sections come in
 * the digest's topic order), and a section left with no article is not shown; with
 * `all` it appears under every chosen section that holds it.
 */
export function placeArticles(sections: readonly EditionSection[], chosen: readonly number[], duplicates: 'first' | 'all'): Placement {
  const shown: number[] = [];
  const hidden = new Set<string>();
  const seen = new Set<string>();
  const articles: EditionSection['articles'] = [];
  for (const i of chosen) {
    const section = sections[i];
    if (!section) continue;
    let kept = 0;
    section.articles.forEach((a, j) => {
      if (duplicates === 'first' && seen.has(a.id)) {
        hidden.add(`${i}:${j}`);
        return;
      }
      kept++;
      if (!seen.has(a.id)) articles.push(a);
      seen.add(a.id);
    });
    if (kept > 0) shown.push(i);
  }
  return { sections: shown, hidden, articles };
}
