import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';

/** Parses HTML with htmlparser2 (independent of the renderer's own pass) into elements. */
export function elements(html: string): Element[] {
  return DomUtils.findAll(() => true, parseDocument(html).children);
}

export function attr(el: Element, name: string): string | undefined {
  return DomUtils.getAttributeValue(el, name);
}

export function text(el: Element): string {
  return DomUtils.textContent(el);
}

/** The whole document's text, as a reader sees it. */
export function documentText(html: string): string {
  return DomUtils.textContent(parseDocument(html).children);
}
