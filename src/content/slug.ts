import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * Slugs: URL names that stay readable in every script, are stable between builds, and
 * can never climb out of the output folder.
 */

/** Longest term slug, in code points (three UTF-8 bytes each for CJK; file names allow 255 bytes). */
const MAX_TERM_SLUG = 80;

/**
 * The slug of a topic or tag name: NFKC (so full-width `ＡＩ` is `ai`), lower case
 * (locale-independent), letters, marks and numbers of every script kept (`人工智能战略投资`
 * stays as is); `#` reads as `sharp` (`C#` → `c-sharp`), `+`, `.` and `_` are kept inside
 * a slug (`C++` → `c++`, `Node.js` → `node.js`), anything else becomes one `-`
 * (`AI/ML` → `ai-ml`, `hello world` → `hello-world`). Never empty (a name with no letters
 * gets `t-` and a short hash), never `.` or `..`, never holds `/` or `\`.
 */
export function termSlug(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().replace(/#/g, ' sharp ');
  let slug = folded
    .replace(/[^\p{L}\p{M}\p{N}+._]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  const cps = Array.from(slug);
  if (cps.length > MAX_TERM_SLUG) slug = cps.slice(0, MAX_TERM_SLUG).join('').replace(/[-._]+$/g, '');
  if (slug === '' || /^\.+$/.test(slug)) return `t-${shortHash(name.normalize('NFC'))}`;
  return portableSegment(slug);
}

/**
 * Windows refuses these as a file or folder name, whatever the extension and case
 * (`nul`, `Con.txt`, `lpt1.tar.gz`): they name devices. The digits include the
 * superscripts ¹²³, which Windows accepts there too.
 */
const RESERVED_DEVICE = /^(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)(?:\.|$)/i;

/** Whether `segment` is a Windows device name (`con`, `NUL.txt`, `com1`…), unusable as a file or folder. */
export function isReservedDeviceName(segment: string): boolean {
  // Windows drops trailing spaces before the first dot when it compares (`nul .txt`).
  return RESERVED_DEVICE.test(segment.replace(/ +(?=\.|$)/, ''));
}

/**
 * A derived slug that can be a folder on every system: a Windows device name gets a
 * `-` after its first part (`con` → `con-`, `nul.js` → `nul-.js`), the same every
 * build. Another name with that slug (`nul .js`) is a clash the taxonomy reports, as
 * for any two names that share a slug.
 */
function portableSegment(slug: string): string {
  if (!isReservedDeviceName(slug)) return slug;
  const dot = slug.indexOf('.');
  return dot === -1 ? `${slug}-` : `${slug.slice(0, dot)}-${slug.slice(dot)}`;
}

/**
 * The identity of a slug on a case-insensitive file system or web host (macOS and
 * Windows checkouts, S3 behind many CDNs): `Hello` and `hello`, or `Café` written with a
 * combining accent, name one file there.
 */
export function slugFoldKey(slug: string): string {
  return slug.normalize('NFC').toLowerCase().normalize('NFC');
}

/** The identity of a term name: two names with the same key are the same term. */
export function termKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Why `slug` is unsafe as one path segment, or undefined when it is fine. */
export function unsafeSlugReason(slug: string): string | undefined {
  if (slug.trim() === '') return 'is empty';
  if (slug === '.' || slug === '..' || /^\.\.?$/.test(slug.trim())) return 'is "." or ".."';
  if (/[/\\]/.test(slug)) return 'contains "/" or "\\"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(slug)) return 'contains a control character';
  if (/[<>:"|?*#%]/.test(slug)) return 'contains one of < > : " | ? * # %';
  if (slug !== slug.trim()) return 'starts or ends with a space';
  // Windows drops a trailing dot from a file name, so `v1.` would be written as `v1`.
  if (slug.endsWith('.')) return 'ends with a dot';
  if (isReservedDeviceName(slug)) return 'is a device name on Windows (con, prn, aux, nul, com0–com9, lpt0–lpt9), which no file or folder there can have';
  return undefined;
}

/**
 * An article's slug from its path relative to the content folder: the file name without
 * `.md`/`.markdown`; `index.md` or `_index.md` in a folder (a Hugo page bundle) gives the
 * folder's name. A leading `YYYY-MM-DD-` date (Jekyll, Eleventy) is dropped.
 */
export function slugFromPath(relPath: string): string {
  const parts = relPath.split(/[/\\]/);
  let name = (parts.pop() ?? '').replace(/\.(md|markdown)$/i, '');
  if ((name === 'index' || name === '_index') && parts.length > 0) name = parts.pop() ?? name;
  const undated = name.replace(/^\d{4}-\d{2}-\d{2}-(?=.)/, '');
  return undated.normalize('NFC');
}

/** The ASCII form of a slug for URLs: NFC, then percent-encoded with uppercase hex. */
export function urlSegment(slug: string): string {
  return encodeURIComponent(slug.normalize('NFC'));
}

/**
 * `path.join(root, ...segments)` that throws when the result is not inside `root`
 * (a `..`, an absolute segment or a separator smuggled in through content).
 */
export function safeJoin(root: string, ...segments: string[]): string {
  const base = path.resolve(root);
  for (const s of segments) {
    if (s.includes('\0')) throw new Error(`Refusing a path segment with a NUL byte: ${JSON.stringify(s)}`);
  }
  const target = path.resolve(base, ...segments);
  const rel = path.relative(base, target);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new Error(`Refusing to write outside ${base}: ${JSON.stringify(segments.join('/'))}`);
  }
  return target;
}

/** First 8 hex digits of sha256: short, stable, collision-unlikely at this scale. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
