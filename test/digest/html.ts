import { parseDocument, DomUtils } from 'htmlparser2';

type Element = ReturnType<typeof DomUtils.findAll>[number];

/** Parsed HTML with the queries the digest tests need (htmlparser2: an independent parser). */
export interface ParsedHtml {
  elements: Element[];
  byTag(tag: string): Element[];
  byClass(cls: string): Element[];
  text(el?: Element): string;
  links(): { href: string; text: string }[];
}

export function parseHtml(html: string): ParsedHtml {
  const doc = parseDocument(html);
  const elements = DomUtils.findAll(() => true, doc.children);
  return {
    elements,
    byTag: (tag) => elements.filter((e) => e.name === tag),
    byClass: (cls) => elements.filter((e) => (e.attribs.class ?? '').split(/\s+/).includes(cls)),
    text: (el) => DomUtils.textContent(el ?? doc).replace(/\s+/g, ' ').trim(),
    links: () => elements.filter((e) => e.name === 'a').map((e) => ({ href: e.attribs.href ?? '', text: DomUtils.textContent(e).replace(/\s+/g, ' ').trim() })),
  };
}
