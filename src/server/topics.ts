import type { Config } from '../config/schema.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import { loadContent } from '../content/load-content.js';
import { termKey } from '../content/slug.js';
import type { Term } from '../content/article.js';
import type { TopicOption } from './service.js';

/**
 * The topics readers can choose, from the content's published articles, read once
 * when the service starts (restart it after adding a topic). Order: `digest.topics`
 * first, as the digest shows them, then the rest as the taxonomy sorts them (most
 * articles first).
 */
export function topicOptions(terms: Term[], order: readonly string[] = []): TopicOption[] {
  const rank = new Map(order.map((name, i) => [termKey(name), i]));
  const ranked = terms.map((t, i) => ({ t, r: rank.get(termKey(t.name)) ?? order.length + i }));
  ranked.sort((a, b) => a.r - b.r);
  return ranked.map(({ t }) => ({ name: t.name, title: t.title }));
}

/** Loads the content and returns its topics as options. Throws with every content problem. */
export async function loadTopicOptions(config: Config, now: Date): Promise<TopicOption[]> {
  const content = await loadContent(config, { now });
  const { taxonomy } = buildTaxonomy(content.published, config);
  return topicOptions(taxonomy.topics, config.digest.topics ?? []);
}
