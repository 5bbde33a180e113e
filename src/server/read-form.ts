import type { Context } from 'hono';

/**
 * Reads a browser form body at the edge, before any handler looks at it: only
 * `application/x-www-form-urlencoded` and `multipart/form-data` (RFC 8058 allows both
 * for one-click unsubscribe) are accepted, and never more than `limit` bytes, counted
 * while reading so a chunked body without Content-Length cannot slip past.
 */

/** Default request body limit: forms here are a few hundred bytes. */
export const DEFAULT_BODY_LIMIT = 16 * 1024;

export type FormResult =
  | { ok: true; fields: URLSearchParams }
  | { ok: false; status: 413 | 415 | 400 };

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined | null): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Reads and parses the form; files and undecodable bodies are a 400. */
export async function readForm(c: Context, limit: number): Promise<FormResult> {
  const type = mediaType(c.req.header('content-type'));
  if (!FORM_TYPES.has(type)) return { ok: false, status: 415 };
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > limit) return { ok: false, status: 413 };
  const bytes = await readLimited(c.req.raw, limit);
  if (!bytes) return { ok: false, status: 413 };
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, fields: new URLSearchParams(new TextDecoder('utf-8').decode(bytes)) };
  }
  try {
    const data = await new Response(bytes, { headers: { 'content-type': c.req.header('content-type') ?? '' } }).formData();
    const fields = new URLSearchParams();
    for (const [name, value] of data.entries()) {
      if (typeof value !== 'string') return { ok: false, status: 400 };
      fields.append(name, value);
    }
    return { ok: true, fields };
  } catch {
    return { ok: false, status: 400 };
  }
}

/** The body's bytes, or undefined as soon as it passes `limit`. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
