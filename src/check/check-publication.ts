import path from 'node:path';
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Article } from '../content/article.js';
import { parseArticle } from '../content/parse-article.js';
import { BroadsheetError, type Problem } from '../errors.js';
import { resolveStorePath } from '../store/store-path.js';
import { checkStore } from './check-store.js';

export interface CheckOptions {
  configFile: string | undefined;
  overrides: ConfigOverrides;
  storeFlag: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: Date;
}

export interface CheckResult {
  problems: Problem[];
  /** What was looked at, for the summary line. */
  checked: { config: boolean; articles: number; templates: boolean; store: boolean };
}

/** Collects the problems a step throws as a BroadsheetError; anything else is our bug and is thrown on. */
async function collect<T>(problems: Problem[], step: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof BroadsheetError) {
      problems.push(...err.problems);
      return undefined;
    }
    throw err;
  }
}

/**
 * Everything `broadsheet check` looks at, writing nothing: the config, every article
 * (all problems of all files at once), the digest templates rendered in MJML's strict
 * mode with the current articles, and the store when one exists.
 */
export async function checkPublication(o: CheckOptions): Promise<CheckResult> {
  const problems: Problem[] = [];
  const checked = { config: false, articles: 0, templates: false, store: false };
  const config = await collect(problems, () => loadConfig(o.configFile, o.overrides, o.cwd));
  if (!config) return { problems, checked };
  checked.config = true;
  const { loadContent } = await import('../content/load-content.js');
  // Drafts and future articles are parsed too: a broken draft is a problem waiting.
  const loaded = await collect(problems, () => loadContent(config, { now: o.now, drafts: true, future: true }));
  checked.articles = loaded?.all.length ?? 0;
  checked.templates = await collect(problems, () => checkTemplates(config, loaded?.all ?? [], o.now)) ?? false;
  const shown = (file: string): string => {
    const rel = path.relative(o.cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  };
  const location = await collect(problems, () => resolveStorePath(o.storeFlag, o.env, config, o.cwd));
  if (location) {
    const store = await checkStore(location, shown);
    problems.push(...store.problems);
    checked.store = store.checked;
  }
  return { problems, checked };
}

/**
 * Renders one edition of every article through the digest templates in MJML's strict
 * mode: Handlebars syntax, MJML validity and safety (no scripts or forms) all at once.
 * Without any article that loads (none yet, or all broken), a built-in sample article
 * stands in, so the templates are checked all the same.
 */
async function checkTemplates(config: Config, articles: Article[], now: Date): Promise<boolean> {
  const { loadTemplateSet } = await import('../email/templates.js');
  const templates = loadTemplateSet(config);
  if (articles.length === 0) articles = [sampleArticle(config, now)];
  const { selectEdition } = await import('../digest/select.js');
  const { buildTaxonomy } = await import('../content/taxonomy.js');
  const { prepareEdition } = await import('../digest/prepare.js');
  // Every article counts as published and new at an instant after the newest one.
  const latest = Math.max(now.getTime(), ...articles.map((a) => Math.max(a.date.getTime(), a.publishDate?.getTime() ?? 0)));
  const asPublished = articles.map((a) => ({ ...a, draft: false }));
  const { taxonomy } = buildTaxonomy(asPublished, config);
  const plan = selectEdition(asPublished, config, { at: new Date(latest + 1000), held: new Set(), topics: taxonomy.topics, oldest: new Date(0) });
  if (plan.articleIds.length === 0) return true;
  await prepareEdition(plan, config, { validation: 'strict', templates });
  return true;
}

/** An article with a topic, a footnote and a link, for checking templates when the content has none. */
function sampleArticle(config: Config, now: Date): Article {
  const text = `---\ntitle: Sample article\ndate: ${new Date(now.getTime() - 60_000).toISOString()}\ntopics: [Sample]\n---\n\nA sample paragraph with [a link](https://example.com/) and a note[^1].\n\n[^1]: The note.\n`;
  const { article, problems } = parseArticle(text, 'sample.md', config);
  if (!article) throw new Error(`The built-in sample article does not parse: ${problems.map((p) => p.message).join('; ')}`);
  return article;
}
