import { formatRfc822 } from './dates.js';
import type { FeedItem, FeedModel } from './model.js';
import { renderText, type FeedFormat } from './feed-text.js';
import { childLines, element, emptyElement, escapeAttr, escapeText, feedPreamble, openTag, slotElement, textElement } from './xml.js';
import type { Person } from '../content/article.js';
import { escapeHtmlText } from '../lib/escape-html.js';

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the extensions readers
 * expect: `atom:link rel="self"`, `content:encoded` for the full HTML, `dc:creator`
 * for authors without an email, `media:content` for the lead image. Written by
 * hand (see xml.ts for why not the `feed` package).
 */
export function renderRss(feed: FeedModel): string {
  return renderText(rssFormat, feed);
}

/** RSS 2.0 cut into head, one piece per `<item>` and tail (see feed-text.ts). */
export const rssFormat: FeedFormat = {
  head(feed) {
    const editor = feed.authors.find((a) => a.email);
    const channel = [
      textElement('title', feed.title),
      textElement('link', feed.home),
      textElement('description', feed.description || feed.title),
      emptyElement('atom:link', [['href', feed.self.rss], ['rel', 'self'], ['type', 'application/rss+xml']]),
      textElement('language', feed.language),
      textElement('copyright', feed.copyright),
      editor ? textElement('managingEditor', mailbox(editor)) : '',
      textElement('lastBuildDate', formatRfc822(feed.updated, feed.timeZone)),
      textElement('generator', `${feed.generator.name} ${feed.generator.version}`),
      textElement('docs', 'https://www.rssboard.org/rss-specification'),
      // The channel image's title and link must equal the channel's (RSS Advisory Board).
      feed.image
        ? element('image', [], [textElement('url', feed.image), textElement('title', feed.title), textElement('link', feed.home)], '    ')
        : '',
    ];
    return (
      feedPreamble(feed.stylesheet, feed.notices?.rss) +
      openTag('rss', [
        ['version', '2.0'],
        ['xmlns:atom', 'http://www.w3.org/2005/Atom'],
        ['xmlns:content', 'http://purl.org/rss/1.0/modules/content/'],
        ['xmlns:dc', 'http://purl.org/dc/elements/1.1/'],
        ['xmlns:media', 'http://search.yahoo.com/mrss/'],
      ]) +
      `\n  ${openTag('channel')}\n` +
      // The title is never empty, so the head always ends with a line of its own.
      childLines(channel, '  ')
    );
  },
  tail: () => '\n  </channel>\n</rss>\n',
  pieceKey: (_item, feed) => feed.timeZone,
  // Each item is one more child line of <channel>: a newline, the children's indent, the element.
  piece: (item, feed) => `\n${childLines([renderItem(item, feed.timeZone)], '  ')}`,
  skipFirst: 0,
};

/** RSS `author` holds an email address, optionally followed by the name in parentheses. */
function mailbox(p: Person): string {
  return p.name ? `${p.email} (${p.name})` : (p.email ?? '');
}

/** Each child of `<item>` on a line of its own, as element() would indent them inside `<channel>`. */
const LINE = '\n      ';

// Written as one string rather than through element() and textElement(): it is the same
// text (the feeds tests and a byte comparison of whole builds hold it to that), and a
// build writes ~2,000 items per format, mostly before the JIT has warmed up.
function renderItem(item: FeedItem, tz: string): string {
  // RSS allows one `author`, and it must be an email address. A lone author with an
  // email gets it; otherwise every author is a `dc:creator`. Never both: the W3C
  // validator warns when an item carries `author` and `dc:creator` together.
  const [first, ...others] = item.authors;
  const withEmail = first?.email && others.length === 0 ? first : undefined;
  // isPermaLink="true" promises the guid is the article's URL; say so only when it is.
  let xml =
    `<item>${LINE}<title>${escapeText(item.title)}</title>${LINE}<link>${escapeText(item.url)}</link>` +
    `${LINE}<guid isPermaLink="${item.id === item.url ? 'true' : 'false'}">${escapeText(item.id)}</guid>`;
  // The one RSS element readers show as HTML (RSS Best Practices Profile §3.1): the plain
  // summary is escaped for HTML first, so text such as `<img src=x>` stays text.
  if (item.summary) xml += `${LINE}<description>${escapeText(escapeHtmlText(item.summary))}</description>`;
  xml += `${LINE}${slotElement('content:encoded')}${LINE}<pubDate>${escapeText(formatRfc822(item.published, tz))}</pubDate>`;
  if (withEmail) xml += `${LINE}<author>${escapeText(mailbox(withEmail))}</author>`;
  else for (const a of item.authors) xml += `${LINE}<dc:creator>${escapeText(a.name)}</dc:creator>`;
  const seen = new Set<string>();
  for (const c of item.categories) {
    const key = `${c.scheme}\u0000${c.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    xml += `${LINE}<category domain="${escapeAttr(c.scheme)}">${escapeText(c.label)}</category>`;
  }
  if (item.image) xml += `${LINE}<media:content url="${escapeAttr(item.image)}" medium="image"/>`;
  return `${xml}\n    </item>`;
}
