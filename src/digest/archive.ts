import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { BroadsheetError } from '../errors.js';
import { renderArchiveFeed } from './archive-feed.js';
import { renderArchivePage } from './archive-page.js';
import { archiveEntry, parseArchiveIndex, upsertEntry, type ArchiveEntry } from './archive-index.js';
import type { RenderedEdition } from './types.js';

/** Where the archive lives under the output folder; `broadsheet build` leaves it alone. */
export const ARCHIVE_DIR = 'digests';

export interface ArchiveResult {
  /** The edition's page, `<output>/digests/<id>/index.html`. */
  page: string;
  /** `<output>/digests/feed.xml`. */
  feed: string;
  /** `<output>/digests/editions.json`. */
  index: string;
  /** `<output>/digests/index.html`, the list of editions. */
  list: string;
  editions: ArchiveEntry[];
}

/**
 * Writes an edition's web copy to `<output>/digests/<id>/index.html` (the email's
 * "view in browser" target, without personal links), records it in
 * `<output>/digests/editions.json` and regenerates the archive feed
 * `<output>/digests/feed.xml` and the list of editions `<output>/digests/index.html`.
 * Each file is replaced atomically (write, then rename), so a reader never sees half a
 * page. Writing the same edition again replaces it.
 */
export async function writeEditionArchive(config: Pick<Config, 'site' | 'outputDir'>, rendered: RenderedEdition): Promise<ArchiveResult> {
  const id = rendered.plan.id;
  // The id names a folder: one safe segment only, never a path.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id) || id.includes('..')) {
    throw new BroadsheetError({ code: 'EditionIdUnsafe', message: `Edition id "${id}" cannot name an archive folder`, hint: 'Edition ids are letters, digits, "-", "_" and "."' });
  }
  if (!rendered.renderWeb) throw new Error('writeEditionArchive needs an edition from prepareEdition (renderWeb is missing)');
  const html = await rendered.renderWeb();
  const root = path.join(config.outputDir, ARCHIVE_DIR);
  const page = path.join(root, id, 'index.html');
  writeAtomic(page, html);

  const indexFile = path.join(root, 'editions.json');
  const index = upsertEntry(parseArchiveIndex(readIfExists(indexFile)), archiveEntry(rendered.plan, rendered.subject, rendered.webUrl));
  writeAtomic(indexFile, `${JSON.stringify(index, null, 2)}\n`);

  const archiveUrl = new URL(`${ARCHIVE_DIR}/`, config.site.url.endsWith('/') ? config.site.url : `${config.site.url}/`).href;
  const feed = path.join(root, 'feed.xml');
  writeAtomic(feed, renderArchiveFeed(config, index.editions, `${archiveUrl}feed.xml`, archiveUrl));
  const list = path.join(root, 'index.html');
  writeAtomic(list, renderArchivePage(config, index.editions, `${archiveUrl}feed.xml`));
  return { page, feed, index: indexFile, list, editions: index.editions };
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes next to the target, then renames over it: readers see the old file or the new one. */
export function writeAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
