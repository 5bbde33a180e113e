import type { MiddlewareHandler } from 'hono';

/**
 * Security headers on every response, and a request log without personal data.
 */

/** The one policy: no script at all, styles only from our stylesheet, forms only to us. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(options: { hsts: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    // Tokens travel in URLs: never hand them to another site in a Referer.
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.hsts) h.set('Strict-Transport-Security', 'max-age=31536000');
    // Pages hold tokens, addresses and CSRF fields: no cache may keep them.
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}

/**
 * Logs `METHOD /path STATUS Nms`. The query (where tokens live) is never logged, nor
 * any body; a path that is not one of ours is logged as `-`, since a stray path could
 * hold anything a client typed.
 */
export function requestLog(known: ReadonlySet<string>, log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const path = new URL(c.req.url).pathname;
      const ms = Math.round(performance.now() - started);
      log(`${c.req.method} ${known.has(path) ? path : '-'} ${c.res.status} ${ms}ms`);
    }
  };
}
