/**
 * The W3C Feed Validation Service's rules that matter here, checked independently of
 * the code that wrote the feeds: well-formed XML, only XML 1.0 `Char`s, every
 * namespace prefix declared, RFC 822 dates with the right weekday and a numeric
 * offset, RFC 3339 dates, ASCII-only absolute URLs, and the JSON Feed 1.1 shape.
 */
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const C1_CONTROL = /[\u007F-\u009F]/;

/** Well-formed XML (fast-xml-parser's validator), no character outside `Char`, no C1 control. */
export function assertWellFormed(xml: string, label = 'document'): void {
  const result = XMLValidator.validate(xml);
  assert.equal(result, true, `${label} is not well-formed: ${JSON.stringify(result)}`);
  assert.doesNotMatch(xml, NOT_XML_CHAR, `${label} has a character outside XML 1.0 Char`);
  assert.doesNotMatch(xml, C1_CONTROL, `${label} has a C1 control character`);
}

type Ordered = Record<string, unknown>;

/** Every element and attribute prefix is declared by an `xmlns:prefix` in scope. */
export function assertNamespacesDeclared(xml: string): void {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', ignoreDeclaration: true, ignorePiTags: true });
  const tree = parser.parse(xml) as Ordered[];
  const walk = (nodes: Ordered[], scope: Set<string>): void => {
    for (const node of nodes) {
      const attrs = (node[':@'] ?? {}) as Record<string, string>;
      const name = Object.keys(node).find((k) => k !== ':@');
      if (!name || name === '#text' || name === '#comment') continue;
      const inner = new Set(scope);
      for (const a of Object.keys(attrs)) if (a.startsWith('xmlns:')) inner.add(a.slice(6));
      const check = (qname: string, what: string): void => {
        const i = qname.indexOf(':');
        if (i < 0) return;
        const prefix = qname.slice(0, i);
        if (prefix === 'xml' || prefix === 'xmlns') return;
        assert.ok(inner.has(prefix), `${what} "${qname}" uses the undeclared prefix "${prefix}"`);
      };
      check(name, 'element');
      for (const a of Object.keys(attrs)) check(a, 'attribute');
      walk(node[name] as Ordered[], inner);
    }
  };
  walk(tree, new Set());
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** Parses an RFC 822 date as RSS needs it (numeric offset, weekday right) into an instant. */
export function parseRfc822(text: string): Date {
  const m = RFC822.exec(text);
  assert.ok(m, `"${text}" is not an RFC 822 date with a numeric offset`);
  const [, wd, dd, mon, yyyy, hh, mi, ss, sign, oh, om] = m as unknown as string[];
  const wall = Date.UTC(Number(yyyy), MONTHS.indexOf(mon!), Number(dd), Number(hh), Number(mi), Number(ss));
  assert.equal(WEEKDAYS[new Date(wall).getUTCDay()], wd, `"${text}": the weekday does not match the date`);
  const offset = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  return new Date(wall - offset * 60_000);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time (Atom, JSON Feed) into an instant. */
export function parseRfc3339(text: string): Date {
  assert.match(text, RFC3339, `"${text}" is not an RFC 3339 date-time`);
  const d = new Date(text);
  assert.ok(!Number.isNaN(d.getTime()), `"${text}" is not a real date`);
  return d;
}

/** An absolute http(s) URL made only of printable ASCII. */
export function assertAsciiUrl(url: unknown, label = 'URL'): asserts url is string {
  assert.equal(typeof url, 'string', `${label} is missing`);
  assert.match(url as string, /^https?:\/\/[\x21-\x7E]+$/, `${label} "${String(url)}" is not an absolute ASCII URL`);
  assert.ok(URL.canParse(url as string), `${label} "${String(url)}" does not parse`);
}

/** JSON Feed 1.1's required shape and the fields this project promises. */
export function assertJsonFeed11(doc: unknown, selfUrl: string): void {
  assert.ok(doc && typeof doc === 'object', 'JSON Feed is not an object');
  const feed = doc as Record<string, unknown>;
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(typeof feed.title, 'string');
  assert.equal(feed.feed_url, selfUrl);
  assertAsciiUrl(feed.home_page_url, 'home_page_url');
  assert.equal('author' in feed, false, 'JSON Feed 1.1 uses "authors", not "author"');
  assert.equal(typeof feed.language, 'string');
  assert.ok(Array.isArray(feed.items), 'items must be an array');
  for (const raw of feed.items as unknown[]) {
    const item = raw as Record<string, unknown>;
    assert.equal(typeof item.id, 'string', 'item.id must be a string');
    assertAsciiUrl(item.url, 'item.url');
    assert.ok(typeof item.content_html === 'string' || typeof item.content_text === 'string', 'item needs content_html or content_text');
    assert.equal('author' in item, false, 'items use "authors", not "author"');
    if ('authors' in item) {
      assert.ok(Array.isArray(item.authors) && item.authors.length > 0);
      for (const a of item.authors as Record<string, unknown>[]) assert.ok(typeof a.name === 'string' || typeof a.url === 'string');
    }
    for (const key of ['date_published', 'date_modified']) if (key in item) parseRfc3339(item[key] as string);
    if ('tags' in item) assert.ok(Array.isArray(item.tags) && (item.tags as unknown[]).every((t) => typeof t === 'string'));
    if ('image' in item) assertAsciiUrl(item.image, 'item.image');
  }
}
