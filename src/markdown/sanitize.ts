import { createRequire } from 'node:module';
import type sanitizeHtmlType from 'sanitize-html';
import { cleanText } from '../lib/clean-text.js';
import { cleanStyle } from './css.js';

// sanitize-html (and the postcss it pulls in) is loaded on first use: an article
// without raw HTML never needs it, and loading it costs a cold build tens of ms.
const require = createRequire(import.meta.url);
let sanitizeHtmlLib: typeof sanitizeHtmlType | undefined;
function sanitizeHtml(html: string, options: sanitizeHtmlType.IOptions): string {
  sanitizeHtmlLib ??= require('sanitize-html') as typeof sanitizeHtmlType;
  return sanitizeHtmlLib(html, options);
}

/**
 * The safety and absolute-URL pass over rendered article HTML, one parse with
 * htmlparser2 (through sanitize-html). Feed readers and mail clients resolve relative
 * URLs against the wrong base, so every `href`, `src`, `srcset`, `poster` and `cite` is
 * made absolute against the article's URL (fragments too: `#fn-1` → `URL#fn-1`), ASCII
 * only. Scripts, frames, objects, forms, event handlers and `javascript:`/`vbscript:`
 * URLs go; `data:` survives only as a raster image (`data:image/png|jpeg|gif|webp`) in
 * `<img src>`, because an SVG or HTML data URL can run script. `<style>` elements go
 * with their text; a `style` attribute keeps only what css.ts allows.
 */

/** Elements kept (anything else is removed, its text kept unless it is a script-like element). */
export const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'picture', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
  'section', 'small', 'source', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'u', 'ul', 'var', 'wbr', 'audio', 'video', 'track',
];

const COMMON = ['id', 'class', 'title', 'lang', 'dir', 'role', 'aria-*', 'style'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': COMMON,
  a: ['href', 'name', 'rel', 'hreflang'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding'],
  source: ['src', 'srcset', 'sizes', 'type', 'media'],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'muted', 'playsinline', 'preload'],
  audio: ['src', 'controls', 'loop', 'muted', 'preload'],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  details: ['open'],
  abbr: ['title'],
};

const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite']);
const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif)[;,]/i;
const BAD_SCHEME = /^\s*(?:javascript|vbscript|data|file|blob):/i;

/** Makes `value` absolute against `base`; undefined when it must be dropped. */
export function absoluteUrl(value: string, base: string, attribute = 'href', tag = 'a'): string | undefined {
  // Browsers ignore ASCII whitespace and control characters in URLs, so must we.
  // eslint-disable-next-line no-control-regex
  const v = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (SAFE_DATA_IMAGE.test(v)) return tag === 'img' && attribute === 'src' ? v : undefined;
  if (BAD_SCHEME.test(v)) return undefined;
  try {
    const url = new URL(v, base);
    if (!['http:', 'https:', 'mailto:', 'tel:', 'ftp:'].includes(url.protocol)) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

function absoluteSrcset(value: string, base: string): string | undefined {
  const parts: string[] = [];
  for (const candidate of value.split(/,(?=\s*\S)/)) {
    const [url, ...descriptors] = candidate.trim().split(/\s+/);
    if (!url) continue;
    const abs = absoluteUrl(url, base, 'srcset', 'img');
    if (abs && !abs.startsWith('data:')) parts.push([abs, ...descriptors].join(' '));
  }
  return parts.length ? parts.join(', ') : undefined;
}

/** Sanitises rendered HTML and makes every URL in it absolute against `base`. */
export function sanitizeArticleHtml(html: string, base: string): string {
  return withoutXmlForbidden(sanitizeHtml(html, options(base)));
}

/**
 * Sanitises `html` with the same rules, but first removes `strip` from every attribute
 * value: the raw-HTML pass (raw-html.ts) uses those characters to mark where trusted
 * HTML goes back in, and they must only ever survive in text.
 */
export function sanitizeMarked(html: string, base: string, strip: RegExp): string {
  return sanitizeHtml(html, options(base, strip));
}

/**
 * Removes the characters no output may carry (lib/clean-text.ts): the file was cleaned
 * when it was read, but character references (`&#27;`, `&#x85;`) decode to anything.
 */
export function withoutXmlForbidden(clean: string): string {
  return cleanText(clean);
}

function options(base: string, strip?: RegExp): sanitizeHtmlType.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto', 'tel', 'ftp'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    // Parsing every style attribute with postcss is slow; the filter below drops dangerous ones.
    parseStyleAttributes: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'noembed', 'noframes', 'select', 'title'],
    transformTags: {
      '*': (tagName, attribs) => {
        const out: Record<string, string> = {};
        for (const [name, raw] of Object.entries(attribs)) {
          const value = strip ? raw.replace(strip, '') : raw;
          const lower = name.toLowerCase();
          if (lower.startsWith('on')) continue;
          if (URL_ATTRIBUTES.has(lower)) {
            const abs = absoluteUrl(value, base, lower, tagName);
            if (abs !== undefined) out[name] = abs;
          } else if (lower === 'srcset') {
            const abs = absoluteSrcset(value, base);
            if (abs !== undefined) out[name] = abs;
          } else if (lower === 'style') {
            const style = cleanStyle(value);
            if (style !== undefined) out[name] = style;
          } else {
            out[name] = value;
          }
        }
        return { tagName, attribs: out };
      },
    },
  };
}
