import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Problem } from '../errors.js';
import type { Article, Taxonomy, Term } from './article.js';
import { TOPIC_FIELDS } from './front-matter-schema.js';
import { inNewestOrder, newestOf } from './publish.js';
import { slugFoldKey, termKey, termSlug, unsafeSlugReason } from './slug.js';

type Labels = Config['tags'];

/**
 * Topics and tags of `articles` (pass the published ones: a term only drafts carry must
 * get no feed), each with its articles newest first.
 *
 * Names that differ only in case or width (`AI`, `ai`, `ＡＩ`) are one term, shown under
 * the spelling most articles use. Two names that are otherwise different but map to the
 * same slug (`AI/ML` and `AI ML`) are never merged silently: a problem names both, and
 * the caller must stop (the second name is folded into the first only so the taxonomy
 * stays usable for messages). `names` and `slugs` in the config override display names
 * and slugs; config keys match names the same case- and width-insensitive way.
 */
export function buildTaxonomy(articles: Article[], config: Pick<Config, 'topics' | 'tags'> & Partial<Pick<Config, 'contentDir'>>): { taxonomy: Taxonomy; problems: Problem[] } {
  const problems: Problem[] = [];
  // Problems name files as loadContent does: relative to the working folder when the content folder is known.
  const dir = config.contentDir;
  const display = dir ? (rel: string) => path.relative(process.cwd(), path.join(dir, rel)) || rel : (rel: string) => rel;
  const topicField = (a: Article): string => config.topics.field ?? TOPIC_FIELDS.find((k) => a.fieldLines?.[k] !== undefined) ?? 'main_topics';
  // Usually the articles come newest first (loadContent's order): every term's list, a
  // subsequence, is then in that order too, and need not be checked term by term
  // (~260,000 comparisons at 40,000 articles).
  const sorted = inNewestOrder(articles);
  const topics = collect(articles, sorted, (a) => a.topics, config.topics, 'topics', problems, display, topicField);
  const tags = collect(articles, sorted, (a) => a.tags, config.tags, 'tags', problems, display, () => 'tags');
  return { taxonomy: { topics, tags }, problems };
}

interface Spelling {
  group: Group;
  count: number;
}

interface Group {
  key: string;
  slug: string;
  /** Each spelling seen, in order of first appearance, with its count. */
  spellings: Map<string, Spelling>;
  articles: Article[];
  firstFile: string;
}

function collect(articles: Article[], sorted: boolean, namesOf: (a: Article) => string[], labels: Labels, kind: 'topics' | 'tags', problems: Problem[], display: (rel: string) => string, fieldOf: (a: Article) => string): Term[] {
  const names = keyed(labels.names);
  const slugs = keyed(labels.slugs);
  for (const [key, slug] of slugs) {
    const reason = unsafeSlugReason(slug);
    if (reason) problems.push({ code: 'ConfigInvalid', message: `${kind}.slugs: the slug "${slug}" for "${key}" ${reason}`, path: `${kind}.slugs`, hint: 'Use one path segment of letters, digits and hyphens.' });
  }
  const byKey = new Map<string, Group>();
  const bySlug = new Map<string, Group>();
  // A few hundred names recur over tens of thousands of articles: each distinct
  // spelling is normalised and looked up once, then counted through its record.
  const byName = new Map<string, Spelling>();
  for (const article of articles) {
    for (const name of namesOf(article)) {
      let spelling = byName.get(name);
      if (!spelling) {
        const key = termKey(name);
        let group = byKey.get(key);
        if (!group) {
          const override = slugs.get(key);
          const slug = override !== undefined && !unsafeSlugReason(override) ? override.normalize('NFC') : termSlug(name);
          // Slugs are folders: ones that differ only in case (`Go` and `go` under
          // tags.slugs) are one folder on macOS and Windows, so they clash too.
          const folded = slugFoldKey(slug);
          const clash = bySlug.get(folded);
          if (clash) {
            const other = [...clash.spellings.keys()][0] ?? clash.key;
            problems.push({
              code: 'TermSlugCollision',
              message: `The ${kind === 'topics' ? 'topic' : 'tag'} "${name}" and "${other}" (in ${display(clash.firstFile)}) ${clash.slug === slug ? `would share the slug "${slug}"` : `would have slugs "${slug}" and "${clash.slug}", one folder where case is ignored (macOS, Windows, many web hosts)`}`,
              file: display(article.sourcePath),
              ...(article.fieldLines?.[fieldOf(article)] !== undefined ? { line: article.fieldLines[fieldOf(article)] } : {}),
              path: fieldOf(article),
              hint: `Use the same spelling for both, or give one its own slug under ${kind}.slugs in the config.`,
            });
            group = clash;
          } else {
            group = { key, slug, spellings: new Map(), articles: [], firstFile: article.sourcePath };
            bySlug.set(folded, group);
          }
          byKey.set(key, group);
        }
        spelling = { group, count: 0 };
        byName.set(name, spelling);
        group.spellings.set(name, spelling);
      }
      spelling.count++;
      const group = spelling.group;
      if (group.articles[group.articles.length - 1] !== article) group.articles.push(article);
    }
  }
  const terms: Term[] = [];
  for (const group of bySlug.values()) {
    const name = [...group.spellings.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]?.[0] ?? group.key;
    // An article's names are all seen together, so a group never holds it twice; and
    // the group keeps the input's order, usually newest first already.
    const unique = sorted ? group.articles : newestOf(group.articles);
    terms.push({ name, title: names.get(group.key) ?? name, slug: group.slug, articles: unique });
  }
  return terms.sort((a, b) => b.articles.length - a.articles.length || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** Config maps re-keyed by term identity. */
function keyed(map: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(map)) out.set(termKey(k), v);
  return out;
}
