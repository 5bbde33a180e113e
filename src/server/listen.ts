import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

/**
 * Serves a fetch handler on a real port (0 picks a free one) and stops it gracefully:
 * no new connections, requests in flight finish, idle keep-alive sockets close, and
 * whatever is still open after `graceMs` is cut.
 */

export interface RunningServer {
  host: string;
  port: number;
  /** `http://host:port` as a client would write it. */
  url: string;
  close(graceMs?: number): Promise<void>;
}

export async function listen(fetch: (request: Request, env: unknown) => Response | Promise<Response>, options: { host: string; port: number }): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch }) as Server;
  // Slow-loris guard: a client must send its headers and body promptly.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.address;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port: address.port,
    url: `http://${shown}:${address.port}`,
    close(graceMs = 5000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
