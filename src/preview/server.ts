import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { emailPage, layout, noBuildPage, problemsHtml, reloadScript } from './pages.js';
import type { PreviewState } from './rebuild.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'text/xsl; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.eml': 'message/rfc822',
};

export interface PreviewServer {
  url: string;
  /** Tells every open page that a rebuild finished. */
  notify(): void;
  close(): Promise<void>;
}

/**
 * The preview's HTTP server on 127.0.0.1: the built output, `/email`, and an event
 * stream that makes open pages reload after a rebuild. Reads the state on every
 * request, so it always serves the latest build.
 */
export async function startPreviewServer(port: number, state: () => PreviewState): Promise<PreviewServer> {
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const s = state();
    const html = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': TYPES['.html'] ?? 'text/html', 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/__preview/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`event: rebuilt\ndata: ${s.generation}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const topics = url.searchParams.getAll('topic').filter(Boolean);
    if (url.pathname === '/email' || url.pathname === '/email/') return html(200, emailPage(s, topics));
    if (url.pathname === '/__preview/email.html') {
      const message = s.email?.compose(topics);
      return message ? html(200, message.html) : html(404, '<p>No email for these topics.</p>');
    }
    if (!s.outputDir) return html(s.problems.length ? 200 : 503, noBuildPage(s));
    if (url.pathname === '/' && fs.existsSync(path.join(s.outputDir, 'feeds', 'index.html'))) {
      res.writeHead(302, { location: '/feeds/' });
      res.end();
      return;
    }
    serveFile(s, url.pathname, res, html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    notify() {
      const g = state().generation;
      for (const r of streams) r.write(`event: rebuilt\ndata: ${g}\n\n`);
    },
    close() {
      for (const r of streams) r.end();
      streams.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveFile(s: PreviewState, pathname: string, res: http.ServerResponse, html: (status: number, body: string) => void): void {
  const root = s.outputDir as string;
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return html(400, layout('Bad request', '<p>Bad URL.</p>', s));
  }
  const file = path.resolve(root, `.${path.posix.normalize(rel)}`);
  // Never outside the output folder, whatever the URL says.
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return html(403, layout('Forbidden', '<p>Outside the output folder.</p>', s));
  let target = file;
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) target = path.join(target, 'index.html');
  if (!fs.existsSync(target)) return html(404, layout('Not found', `<p>Nothing at ${rel} in the preview build.</p>`, s));
  const type = TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
  if (type.startsWith('text/html')) {
    // Built pages get the problems and the reload script the preview's own pages have.
    let page = fs.readFileSync(target, 'utf8');
    const problems = problemsHtml(s.problems);
    page = /<body[^>]*>/i.test(page) ? page.replace(/<body[^>]*>/i, (open) => open + problems) : problems + page;
    const script = reloadScript(s.generation);
    return html(200, page.includes('</body>') ? page.replace('</body>', `${script}</body>`) : page + script);
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  fs.createReadStream(target).pipe(res);
}
