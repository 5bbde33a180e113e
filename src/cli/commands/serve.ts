import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { BroadsheetError, UsageError, type Problem } from '../../errors.js';
import { SECRET_ADVICE, secretProblem } from '../../email/secret.js';
import { openStore } from '../../store/open.js';
import { resolveStorePath } from '../../store/store-path.js';
import { createApp } from '../../server/app.js';
import { BackgroundTasks } from '../../server/background.js';
import { listen } from '../../server/listen.js';
import { outboxMailTransport, smtpMailTransport } from '../../server/mail-transport.js';
import { createRateLimiter } from '../../server/rate-limit.js';
import { loadTopicOptions } from '../../server/topics.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../context.js';

const usage = `Usage: broadsheet serve [options]

Runs the subscription service: the subscribe page with double opt-in, topic
preferences, and RFC 8058 one-click unsubscribe, over the same store as "send".

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --store STORE   SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)
  --port N        Port (default: server.port, 8787; 0 picks a free one)
  --host H        Address to listen on (default: server.host, 127.0.0.1)
  --outbox DIR    Without SMTP_URL: where confirmation .eml files go (default: outbox/ next to the config)
  -h, --help      Show this help

Environment:
  BROADSHEET_SECRET  Required: the key that signs confirm, preferences and unsubscribe links,
                     at least 32 bytes ("broadsheet secret" prints a fresh one)
  SMTP_URL           Where confirmation emails go (smtp://user:pass@host:587); without it
                     they are written to the outbox (--outbox)

Stops gracefully on SIGINT or SIGTERM.`;

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port "${value}" is not a port number`, 'Give a number from 0 to 65535.');
  return Number(value);
}

const command: Command = {
  summary: 'Run the subscription service (subscribe, confirm, preferences, unsubscribe)',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('serve', argv, {
      config: { type: 'string' },
      store: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      outbox: { type: 'string' },
    });
    const port = parsePort(values.port);
    const config = loadConfig(values.config, {}, ctx.cwd);

    const problems: Problem[] = [];
    const secret = ctx.env.BROADSHEET_SECRET ?? '';
    if (secret.length === 0) {
      problems.push({
        code: 'SecretMissing',
        message: 'BROADSHEET_SECRET is not set: the service cannot sign or check subscription links',
        hint: `${SECRET_ADVICE}; it must be the same value "send" uses.`,
      });
    }
    const weak = secretProblem(secret);
    if (weak) problems.push(weak);
    if (!config.newsletter.from) {
      problems.push({ code: 'SenderMissing', message: 'newsletter.from is not set: confirmation emails need a sender', path: 'newsletter.from', file: config.file, hint: 'Set newsletter.from, e.g. "Weekly <news@example.com>".' });
    }
    if (problems.length > 0) throw new BroadsheetError(problems);

    const topics = await loadTopicOptions(config, ctx.clock.now());
    const store = await openStore(resolveStorePath(values.store, ctx.env, config, ctx.cwd));
    const smtpUrl = ctx.env.SMTP_URL;
    // Like send's --outbox: the flag relative to the working folder, else beside the config.
    const outbox = values.outbox ? path.resolve(ctx.cwd, values.outbox) : path.join(config.root, 'outbox');
    const transport = smtpUrl ? smtpMailTransport(smtpUrl) : outboxMailTransport(outbox, ctx.stderr);
    const background = new BackgroundTasks();
    try {
      // The app needs its public URL; without service_url that is the address we get.
      let handler: ((request: Request, env: unknown) => Response | Promise<Response>) | undefined;
      const host = values.host ?? config.server.host;
      const wanted = port ?? config.server.port;
      const server = await listen((req, env) => (handler ? handler(req, env) : new Response('Starting', { status: 503 })), { host, port: wanted }).catch(
        (err: NodeJS.ErrnoException) => {
          throw new BroadsheetError({
            code: 'ListenFailed',
            message: `Cannot listen on ${host}:${wanted} (${err.code ?? err.message})`,
            hint: err.code === 'EADDRINUSE' ? 'Another process uses the port: stop it or pass --port.' : 'Check --host and --port.',
          });
        },
      );
      const app = createApp({
        config,
        store,
        transport,
        clock: ctx.clock,
        secret,
        topics,
        rateLimiter: createRateLimiter(ctx.clock),
        background,
        log: ctx.stdout,
        baseUrl: config.newsletter.service_url ?? server.url,
      });
      handler = (req, env) => app.fetch(req, env);
      if (!config.newsletter.service_url) ctx.stderr(`newsletter.service_url is not set: links in emails point to ${server.url}`);
      if (!smtpUrl) ctx.stderr(`SMTP_URL is not set: confirmation emails are written to ${outbox}`);
      const baseUrl = (config.newsletter.service_url ?? server.url).replace(/\/+$/, '');
      ctx.stdout(`Listening on ${server.url} with ${topics.length} topics; subscribe page: ${baseUrl}/subscribe`);

      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      ctx.stdout('Stopping: finishing requests and emails in flight');
      await server.close();
      await background.idle();
      return 0;
    } finally {
      await transport.close?.();
      await store.close();
    }
  },
};
export default command;
