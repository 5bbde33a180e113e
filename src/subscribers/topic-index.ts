/** A topic a subscriber may choose: its name as articles write it, and optional aliases. */
export interface KnownTopic {
  name: string;
  slug?: string;
  title?: string;
}

/**
 * Resolves what a person typed (`ai`, `AI`, `ai-ml`, `人工智能`) to the topic name the
 * store keeps. Matching is by name, slug or display title, ignoring case, width (NFKC)
 * and runs of spaces, the way the content's taxonomy folds names.
 */
export interface TopicIndex {
  /** The canonical topic name, or undefined when no topic matches. */
  resolve(input: string): string | undefined;
  /** Canonical names, for hints. */
  names(): string[];
}

const fold = (s: string): string => s.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');

export function topicIndex(topics: Iterable<KnownTopic>): TopicIndex {
  const byKey = new Map<string, string>();
  const names: string[] = [];
  // Names first, so an alias never shadows another topic's own name.
  const list = [...topics];
  for (const t of list) {
    if (!byKey.has(fold(t.name))) names.push(t.name);
    byKey.set(fold(t.name), byKey.get(fold(t.name)) ?? t.name);
  }
  for (const t of list) {
    for (const alias of [t.slug, t.title]) {
      if (alias && !byKey.has(fold(alias))) byKey.set(fold(alias), t.name);
    }
  }
  return {
    resolve: (input) => byKey.get(fold(input)),
    names: () => [...names],
  };
}
