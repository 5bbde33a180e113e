import type { Config } from '../config/schema.js';
import type { ArchiveEntry } from './archive-index.js';
import { messagesFor, type MessageSettings } from '../i18n/messages.js';
import { cleanText } from '../lib/clean-text.js';
import { escapeHtmlText } from '../lib/escape-html.js';

/** Editions listed in the archive feed. */
export const ARCHIVE_FEED_LIMIT = 50;

/**
 * The archive feed (`digests/feed.xml`): RSS 2.0 listing archived editions, newest
 * first, each linking to its web copy. Pure; dates come from the entries, never from
 * a clock, so the same archive always gives the same bytes.
 */
export function renderArchiveFeed(config: Pick<Config, 'site'> & Pick<MessageSettings, 'messages'>, entries: readonly ArchiveEntry[], selfUrl: string, archiveUrl: string): string {
  const strings = messagesFor(config);
  const title = strings.archiveTitle;
  const description = strings.archiveDescription;
  const shown = entries.slice(0, ARCHIVE_FEED_LIMIT);
  const newest = shown[0];
  const items = shown.map((e) => {
    // `<description>` is the one item element readers show as HTML: every title and topic
    // name is escaped for HTML before the XML escaping, so text never becomes markup.
    const sections = e.sections.length ? `<p>${escapeHtmlText(e.sections.join(' · '))}</p>` : '';
    const titles = e.titles.length ? `<ul>${e.titles.slice(0, 10).map((t) => `<li>${escapeHtmlText(t)}</li>`).join('')}</ul>` : '';
    const text = sections + titles;
    return [
      '    <item>',
      `      <title>${xml(e.subject)}</title>`,
      `      <link>${xml(e.url)}</link>`,
      `      <guid isPermaLink="true">${xml(e.url)}</guid>`,
      `      <pubDate>${new Date(e.at).toUTCString().replace('GMT', '+0000')}</pubDate>`,
      `      <description>${xml(text)}</description>`,
      '    </item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${xml(title)}</title>`,
    `    <link>${xml(archiveUrl)}</link>`,
    `    <description>${xml(description)}</description>`,
    `    <language>${xml(config.site.language)}</language>`,
    `    <atom:link href="${xml(selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...(newest ? [`    <lastBuildDate>${new Date(newest.at).toUTCString().replace('GMT', '+0000')}</lastBuildDate>`] : []),
    '    <generator>Broadsheet</generator>',
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 forbids. */
function xml(s: string): string {
  return cleanText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
