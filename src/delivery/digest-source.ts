import type { Config } from '../config/schema.js';
import type { Article } from '../content/article.js';
import { loadContent } from '../content/load-content.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import { writeEditionArchive } from '../digest/archive.js';
import { prepareEdition } from '../digest/prepare.js';
import { planForArticles, selectEdition } from '../digest/select.js';
import type { EditionSource } from './send-options.js';

/**
 * The real edition source: content from the content folder, selection and rendering
 * from src/digest, the web archive under the output folder. Content is loaded once per
 * run; a resumed edition is rebuilt from exactly the article ids it recorded.
 */
export function digestEditionSource(config: Config, now: Date): EditionSource {
  let loaded: Promise<{ articles: Article[]; topics: ReturnType<typeof buildTaxonomy>['taxonomy']['topics'] }> | undefined;
  const content = () =>
    (loaded ??= (async () => {
      // Drafts and future articles are loaded too; selection decides by the edition's time.
      const { all } = await loadContent(config, { now, drafts: false });
      return { articles: all, topics: buildTaxonomy(all, config).taxonomy.topics };
    })());
  return {
    async select(at, held) {
      const { articles, topics } = await content();
      return selectEdition(articles, config, { at, held, topics });
    },
    async planOf(edition) {
      const { articles, topics } = await content();
      return planForArticles(edition.articleIds, articles, config, { at: edition.scheduledAt, id: edition.id, topics });
    },
    render(plan) {
      return prepareEdition(plan, config);
    },
    async archive(rendered) {
      await writeEditionArchive(config, rendered);
    },
  };
}
