import type { FeedItem, FeedModel } from './model.js';
import { escapeStripped, HTML_SLOT, stripInvalidXmlChars } from './xml.js';

/**
 * One feed format cut where its items go: a feed file is `head`, then one piece per
 * item, then `tail`. An article's piece is the same text in every feed of a build that
 * holds it (site, topics, tags), so it is rendered, escaped and UTF-8 encoded once and
 * its bytes are written as they are into each file. renderText and
 * renderBytes both assemble a feed from these parts, so the string renderers and the
 * files a build writes cannot drift apart.
 */
export interface FeedFormat {
  /** Everything before the first item's piece. */
  head(feed: FeedModel): string;
  /** Everything after the last item's piece. */
  tail(feed: FeedModel): string;
  /** What an item's piece depends on besides the item, in this feed (its memo key). */
  pieceKey(item: FeedItem, feed: FeedModel): string;
  /**
   * The item's text between the pieces before and after it. HTML_SLOT, when present
   * (once), stands for escapeText(item.html), which RSS and Atom share.
   */
  piece(item: FeedItem, feed: FeedModel): string;
  /** Leading characters (ASCII) of every piece that the first item leaves out: JSON Feed's comma. */
  skipFirst: number;
}

interface Memo<T> {
  key: string;
  value: T;
}

// Only a frozen item is remembered: it is shared by the feeds of a build (FeedContext.items)
// and cannot change under the memo. Keyed by item, so the memo goes when the build's items do.
const textMemo = new WeakMap<FeedFormat, WeakMap<FeedItem, Memo<string>>>();
const bytesMemo = new WeakMap<FeedFormat, WeakMap<FeedItem, Memo<Buffer[]>>>();
const htmlBytesMemo = new WeakMap<FeedItem, Buffer>();
const strippedMemo = new WeakMap<FeedItem, string>();

/**
 * stripInvalidXmlChars(item.html), scanned once per frozen item: RSS and Atom escape it,
 * JSON Feed quotes it, and a scan of every article's HTML costs ~10 ms.
 */
export function strippedHtml(item: FeedItem): string {
  if (!Object.isFrozen(item)) return stripInvalidXmlChars(item.html);
  let html = strippedMemo.get(item);
  if (html === undefined) strippedMemo.set(item, (html = stripInvalidXmlChars(item.html)));
  return html;
}

function remembered<T>(memos: WeakMap<FeedFormat, WeakMap<FeedItem, Memo<T>>>, format: FeedFormat, item: FeedItem, feed: FeedModel, make: () => T): T {
  if (!Object.isFrozen(item)) return make();
  let memo = memos.get(format);
  if (!memo) memos.set(format, (memo = new WeakMap()));
  const key = format.pieceKey(item, feed);
  const hit = memo.get(item);
  if (hit?.key === key) return hit.value;
  const value = make();
  memo.set(item, { key, value });
  return value;
}

/** The whole feed as text. */
export function renderText(format: FeedFormat, feed: FeedModel): string {
  const pieces = feed.items.map((item, i) => {
    const text = remembered(textMemo, format, item, feed, () => fillSlot(format.piece(item, feed), item));
    return i === 0 ? text.slice(format.skipFirst) : text;
  });
  return format.head(feed) + pieces.join('') + format.tail(feed);
}

/**
 * The whole feed as UTF-8 buffers to write one after the other (`fs.writev`): exactly the
 * bytes of renderText's string. Item buffers are shared with other feeds: never modify them.
 */
export function renderBytes(format: FeedFormat, feed: FeedModel): Buffer[] {
  const out: Buffer[] = [encode(format.head(feed))];
  for (const [i, item] of feed.items.entries()) {
    const [first, ...rest] = remembered(bytesMemo, format, item, feed, () => pieceBytes(format.piece(item, feed), item));
    // A piece never starts with its slot, and the skipped characters are ASCII, one byte each.
    if (first) out.push(i === 0 ? first.subarray(format.skipFirst) : first, ...rest);
  }
  out.push(encode(format.tail(feed)));
  return out;
}

function fillSlot(piece: string, item: FeedItem): string {
  const at = piece.indexOf(HTML_SLOT);
  return at < 0 ? piece : piece.slice(0, at) + escapeStripped(strippedHtml(item)) + piece.slice(at + HTML_SLOT.length);
}

function pieceBytes(piece: string, item: FeedItem): Buffer[] {
  const at = piece.indexOf(HTML_SLOT);
  if (at < 0) return [encode(piece)];
  return [encode(piece.slice(0, at)), htmlBytes(item), encode(piece.slice(at + HTML_SLOT.length))];
}

/** escapeText(item.html) as UTF-8, once per frozen item however many feeds and formats hold it. */
function htmlBytes(item: FeedItem): Buffer {
  if (!Object.isFrozen(item)) return encode(escapeStripped(strippedHtml(item)));
  let bytes = htmlBytesMemo.get(item);
  if (!bytes) htmlBytesMemo.set(item, (bytes = encode(escapeStripped(strippedHtml(item)))));
  return bytes;
}

/** Size of the shared blocks that encode() fills. */
const SLAB_BYTES = 1 << 20;
/** The block being filled, and how much of it is used. Blocks are freed when no piece refers to them. */
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let slabUsed = 0;

/**
 * `text` as UTF-8 in a slice of a shared block: Buffer.from measures a string, then
 * allocates, then encodes it, one allocation per piece; here each piece is one pass
 * into room reserved at UTF-8's worst case of three bytes per UTF-16 unit.
 */
function encode(text: string): Buffer {
  const room = text.length * 3;
  if (room > SLAB_BYTES / 8) return Buffer.from(text);
  if (slabUsed + room > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const start = slabUsed;
  slabUsed += slab.write(text, start);
  return slab.subarray(start, slabUsed);
}
