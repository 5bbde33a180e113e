import type { EditionPlan } from './types.js';

/** One archived edition as `digests/editions.json` lists it. */
export interface ArchiveEntry {
  id: string;
  /** Scheduled time, ISO 8601. */
  at: string;
  subject: string;
  /** Public URL of the web copy. */
  url: string;
  /** Articles in the edition. */
  count: number;
  /** Section titles in order. */
  sections: string[];
  /** A few article titles, for the feed's description. */
  titles: string[];
}

export interface ArchiveIndex {
  version: 1;
  /** Newest first. */
  editions: ArchiveEntry[];
}

/** The entry for one edition. */
export function archiveEntry(plan: EditionPlan, subject: string, url: string): ArchiveEntry {
  const titles: string[] = [];
  const seen = new Set<string>();
  for (const s of plan.sections) {
    for (const a of s.articles) {
      if (!seen.has(a.id)) {
        seen.add(a.id);
        titles.push(a.title);
      }
    }
  }
  return { id: plan.id, at: plan.at.toISOString(), subject, url, count: plan.articleIds.length, sections: plan.sections.map((s) => s.title), titles };
}

/** Parses `editions.json`; anything unreadable yields an empty index rather than blocking a send. */
export function parseArchiveIndex(text: string | undefined): ArchiveIndex {
  if (!text) return { version: 1, editions: [] };
  try {
    const data = JSON.parse(text) as Partial<ArchiveIndex>;
    const editions = Array.isArray(data.editions) ? data.editions.filter(isEntry) : [];
    return { version: 1, editions };
  } catch {
    return { version: 1, editions: [] };
  }
}

function isEntry(e: unknown): e is ArchiveEntry {
  const x = e as Partial<ArchiveEntry> | null;
  return !!x && typeof x.id === 'string' && typeof x.at === 'string' && typeof x.url === 'string' && typeof x.subject === 'string';
}

/** Adds or replaces an entry (same id), newest first. Pure. */
export function upsertEntry(index: ArchiveIndex, entry: ArchiveEntry): ArchiveIndex {
  const editions = [entry, ...index.editions.filter((e) => e.id !== entry.id)];
  editions.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : -1));
  return { version: 1, editions };
}
