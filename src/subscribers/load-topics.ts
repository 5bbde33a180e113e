import type { Config } from '../config/schema.js';
import { loadContent } from '../content/load-content.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import { topicIndex, type KnownTopic, type TopicIndex } from './topic-index.js';

/**
 * The topics a subscriber may choose: those of the published content at `now` (by name,
 * slug or display title), plus the topics the config already names (`digest.topics`,
 * `topics.names`) so a list can be imported before the first article of a topic is out.
 */
export async function loadTopicIndex(config: Config, now: Date): Promise<TopicIndex> {
  const { published } = await loadContent(config, { now });
  const { taxonomy } = buildTaxonomy(published, config);
  const known: KnownTopic[] = taxonomy.topics.map((t) => ({ name: t.name, slug: t.slug, title: t.title }));
  for (const name of config.digest.topics ?? []) known.push({ name });
  for (const [name, title] of Object.entries(config.topics.names)) known.push({ name, title });
  return topicIndex(known);
}
