import { termKey } from '../content/slug.js';
import type { EditionSection } from './types.js';

/**
 * The indices of the sections a subscriber receives: every section when `topics` is
 * empty, else the topic sections whose name (or slug, or display title) they chose,
 * compared as the taxonomy compares names (case- and width-insensitive). The "Other" section goes only
 * to subscribers of every topic. An empty result means no email.
 */
export function cutSections(sections: readonly EditionSection[], topics: readonly string[]): number[] {
  return cutter(sections)(topics);
}

/** `cutSections` with the sections' keys normalised once, for the per-subscriber loop. */
export function cutter(sections: readonly EditionSection[]): (topics: readonly string[]) => number[] {
  const all = sections.map((_, i) => i);
  const keys = sections.map((s) => (s.topic === null ? [] : [s.topic, s.slug ?? s.topic, s.title].map(normalise)));
  const lookup = new Map<string, number[]>();
  keys.forEach((ks, i) => {
    for (const k of new Set(ks)) lookup.set(k, [...(lookup.get(k) ?? []), i]);
  });
  return (topics) => {
    if (topics.length === 0) return all;
    const hit = new Set<number>();
    for (const t of topics) for (const i of lookup.get(normalise(t)) ?? []) hit.add(i);
    return [...hit].sort((a, b) => a - b);
  };
}

/** The taxonomy's key: case- and width-insensitive (`AI`, `ai`, `ＡＩ` are one topic). */
function normalise(s: string): string {
  return termKey(s);
}
