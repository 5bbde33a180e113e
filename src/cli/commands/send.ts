import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command, CommandContext } from '../context.js';
import { parseCommandArgs, parseInstantFlag } from '../args.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { BroadsheetError, type Problem } from '../../errors.js';
import { SECRET_ADVICE, secretProblem } from '../../email/secret.js';
import { subscriptionLinks } from '../../email/links.js';
import { createOutboxTransport } from '../../delivery/outbox-transport.js';
import { sendEdition, type SendEditionResult, type SendEvent } from '../../delivery/send-edition.js';
import { deliverySettings, messageSettings } from '../../delivery/settings.js';
import { createSmtpTransport } from '../../delivery/smtp-transport.js';
import { parseSmtpUrl, redactSecrets } from '../../delivery/smtp-url.js';
import type { Transport } from '../../delivery/transport.js';
import { acquireStoreSendLock, openStore } from '../../store/open.js';
import { resolveStorePath } from '../../store/store-path.js';
import type { Edition, Store } from '../../store/types.js';
import { pendingAndFailedLines } from './send-summary.js';
import { formatScheduled } from '../../schedule/format.js';
import { scheduleTimezone } from '../../schedule/from-config.js';

/** Exit code when deliveries remain (interrupted, server unreachable): run again to finish. EX_TEMPFAIL. */
export const EXIT_REMAINING = 75;

const USAGE = `Usage: broadsheet send [options]

Creates the digest edition for now (or --now), records one delivery per confirmed
subscriber whose topics it covers, and sends them. An edition an earlier run left
unfinished is finished first. Safe to run again: nobody is mailed twice.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --store STORE   SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)
  --now ISO       The edition's scheduled time (default: the current time);
                  with --due, the time the trigger fired
  --due           Send only what digest.schedule says is due: the latest scheduled
                  time <= now without an edition (late triggers still send it, a
                  second trigger sends nothing new, missed older times are skipped)
  --outbox DIR    Without SMTP_URL: where .eml files go (default: outbox/ next to the config)
  --retry-failed  Re-queue the failed deliveries of an edition (not those whose subscriber
                  was suppressed, unsubscribed or removed since) and send them; creates
                  no new edition
  --edition ID    With --retry-failed: which edition (default: the latest)
  --allow-empty   Record the edition even when the store has no confirmed subscriber;
                  by default such an edition is not recorded, so its articles are
                  still new for the first edition that reaches someone
  --test ADDR...  Send the edition for --now to these addresses only, through SMTP_URL,
                  subject marked as a test; records nothing in the store
  -h, --help      Show this help

Environment:
  SMTP_URL            smtp://USER:PASS@HOST:PORT or smtps://… (unset: write to the outbox)
  BROADSHEET_SECRET   Key for unsubscribe/preferences tokens (required with SMTP_URL),
                      at least 32 bytes ("broadsheet secret" prints a fresh one)
  DKIM_PRIVATE_KEY, DKIM_SELECTOR, DKIM_DOMAIN   Optional DKIM signing

A temporary failure (4xx, a dropped or refused connection, a timeout) stays pending
and is retried by later runs until delivery.give_up_after (default 3d) from the
edition's creation; a run that finds the server refusing everything stops at once.

Exit codes: 0 the edition is complete (permanent failures are listed), 1 input or
config is wrong, 2 bad flags, 75 deliveries remain pending (temporary failures, an
outage, an interruption): a later run finishes them.`;

const FLAGS = {
  config: { type: 'string' },
  store: { type: 'string' },
  now: { type: 'string' },
  outbox: { type: 'string' },
  due: { type: 'boolean' },
  'retry-failed': { type: 'boolean' },
  edition: { type: 'string' },
  'allow-empty': { type: 'boolean' },
} as const;

/** What a send needs once flags are read; `--due` (scheduling) fills `at` its own way. */
export interface SendRequest {
  config: Config;
  at: Date;
  storeFlag?: string | undefined;
  outboxFlag?: string | undefined;
  /** What to tell the user when deliveries remain (default: run "broadsheet send" again). */
  rerun?: string;
  /** Re-queue the failed deliveries of this edition (undefined id: the latest) and send only those. */
  retryFailed?: { editionId: string | undefined };
  /** Record an edition even with no confirmed subscriber (`--allow-empty`). */
  allowEmpty?: boolean | undefined;
}

const RERUN_DUE = 'Run "broadsheet send --due" again to deliver the rest';

const SECRET_MISSING: Problem = { code: 'SecretMissing', message: 'BROADSHEET_SECRET is not set, so unsubscribe links cannot be signed', hint: `${SECRET_ADVICE}, and keep it: changing it breaks the links in emails already sent.` };

/**
 * The problems of the environment that would stop every send (a bad SMTP_URL, no
 * BROADSHEET_SECRET with it, no sender, a bad DKIM key), without opening anything:
 * a long-lived `schedule` checks them at start rather than at the first due time.
 */
export function sendEnvironmentProblems(config: Config, ctx: CommandContext): Problem[] {
  const problems = [...messageSettings(config, ctx.env, ctx.cwd).problems];
  const smtpUrl = ctx.env.SMTP_URL?.trim();
  if (smtpUrl) {
    try {
      parseSmtpUrl(smtpUrl);
    } catch (err) {
      if (err instanceof BroadsheetError) problems.push(...err.problems);
      else throw err;
    }
    if (!ctx.env.BROADSHEET_SECRET) problems.push(SECRET_MISSING);
  }
  const weak = secretProblem(ctx.env.BROADSHEET_SECRET);
  if (weak) problems.push(weak);
  return problems;
}

const command: Command = {
  summary: 'Create and send the digest edition',
  usage: USAGE,
  async run(argv, ctx) {
    // A test send is its own path: it records nothing, so it shares none of the ledger's steps.
    if (argv.some((a) => a === '--test' || a.startsWith('--test='))) return (await import('./send-test.js')).runTestSend(argv, ctx);
    const { values } = parseCommandArgs('send', argv, FLAGS);
    if (values.edition !== undefined && !values['retry-failed']) {
      throw new BroadsheetError({ code: 'FlagMisused', message: '--edition is only used with --retry-failed', hint: 'Run "broadsheet send --retry-failed --edition ID".' }, 2);
    }
    if (values['retry-failed'] && values.due) {
      throw new BroadsheetError({ code: 'FlagMisused', message: '--retry-failed and --due do different things', hint: 'Run "broadsheet send --retry-failed" on its own; the next "send --due" sends what is due.' }, 2);
    }
    const config = loadConfig(values.config, {}, ctx.cwd);
    const at = parseInstantFlag('now', values.now, scheduleTimezone(config)) ?? ctx.clock.now();
    // Before anything is created (the outbox, the store's folder): a weak key is refused.
    const weak = secretProblem(ctx.env.BROADSHEET_SECRET);
    if (weak) throw new BroadsheetError(weak);
    if (values['retry-failed']) {
      return runSend({ config, at, storeFlag: values.store, outboxFlag: values.outbox, retryFailed: { editionId: values.edition } }, ctx);
    }
    if (values.due) {
      // The schedule picks the edition time; the send itself is the same.
      const { requireSchedule } = await import('../../schedule/from-config.js');
      const { runDueSend } = await import('../../schedule/due-send.js');
      const schedule = requireSchedule(config, 'send --due', ctx.cwd);
      const storeFile = resolveStorePath(values.store, ctx.env, config, ctx.cwd);
      // A plain "send" would also create an off-schedule edition for now: name the right rerun.
      const send = (due: Date): Promise<number> => runSend({ config, at: due, storeFlag: values.store, outboxFlag: values.outbox, rerun: RERUN_DUE, allowEmpty: values['allow-empty'] }, ctx);
      return (await runDueSend({ config, schedule, storeFile, now: at, send, log: ctx.stdout })).code;
    }
    return runSend({ config, at, storeFlag: values.store, outboxFlag: values.outbox, allowEmpty: values['allow-empty'] }, ctx);
  },
};
export default command;

/** Sends the edition for `request.at`; returns the exit code. */
export async function runSend(request: SendRequest, ctx: CommandContext): Promise<number> {
  const { config, at } = request;
  const problems: Problem[] = [];
  const { message, problems: messageProblems } = messageSettings(config, ctx.env, ctx.cwd);
  problems.push(...messageProblems);

  const smtpUrl = ctx.env.SMTP_URL?.trim();
  let secret = ctx.env.BROADSHEET_SECRET ?? '';
  const weak = secretProblem(secret);
  if (weak) problems.push(weak);
  let transport: Transport | undefined;
  let secrets: string[] = [];
  if (smtpUrl) {
    try {
      const settings = parseSmtpUrl(smtpUrl);
      secrets = [settings.auth?.pass ?? '', smtpUrl].filter(Boolean);
      if (!secret) {
        problems.push(SECRET_MISSING);
      } else {
        transport = createSmtpTransport(settings, { maxConnections: config.delivery.concurrency });
      }
    } catch (err) {
      if (err instanceof BroadsheetError) problems.push(...err.problems);
      else throw err;
    }
  } else {
    const dir = request.outboxFlag ? path.resolve(ctx.cwd, request.outboxFlag) : path.join(config.root, 'outbox');
    // An outbox that cannot be written would fail every delivery after its retries and
    // record the edition as done (exit 0): refuse it before anything is recorded.
    const outboxProblem = checkOutbox(dir, request.outboxFlag ?? path.relative(ctx.cwd, dir));
    if (outboxProblem) problems.push(outboxProblem);
    else transport = createOutboxTransport(dir);
    if (!secret) {
      // Outbox messages are previews: links get a throwaway key and will not verify.
      secret = randomBytes(32).toString('hex');
      ctx.stderr('BROADSHEET_SECRET is not set: outbox messages carry unsubscribe links signed with a throwaway key.');
    }
  }
  if (problems.length > 0 || !message || !transport) {
    await transport?.close();
    throw new BroadsheetError(problems);
  }
  if (transport.live && config.newsletter.service_url && !/^https:/i.test(config.newsletter.service_url)) {
    // RFC 8058 one-click unsubscribe needs an https URL; providers ignore an http one.
    ctx.stderr('Warning: newsletter.service_url is not https, so mail providers will not offer one-click unsubscribe.');
  }

  const storeFile = resolveStorePath(request.storeFlag, ctx.env, config, ctx.cwd);
  let release: (() => Promise<void>) | undefined;
  let store: Store | undefined;
  // A lock lost mid-run (a PostgreSQL store's connection ended) stops the run like a
  // signal: what is in flight finishes and is recorded, and a rerun resumes.
  const lockLost = new AbortController();
  try {
    release = await acquireStoreSendLock(storeFile, (why) => {
      ctx.stderr(`Stopping: ${why}, so another sender could start; rerun to finish.`);
      lockLost.abort('the loss of the send lock');
    });
    store = await openStore(storeFile);
  } catch (err) {
    await release?.();
    await transport.close();
    throw err;
  }
  const shown = (s: string): string => redactSecrets(s, secrets);
  try {
    if (!transport.live) ctx.stdout(`SMTP_URL is not set: messages go to ${outboxShown(transport, ctx.cwd)} as .eml files, nothing is emailed.`);
    else ctx.stdout(`Sending through ${transport.description}`);
    // Loaded only now: rendering pulls in MJML, which a refused run never needs.
    const { digestEditionSource } = await import('../../delivery/digest-source.js');
    const since = ctx.clock.now();
    const requeued = request.retryFailed ? await requeueFailed(store, request.retryFailed.editionId, ctx) : undefined;
    const result = await sendEdition({
      at: requeued?.scheduledAt ?? at,
      createNew: requeued === undefined,
      store,
      transport,
      source: digestEditionSource(config, at),
      links: (id) => subscriptionLinks(config, secret, id),
      message,
      delivery: deliverySettings(config),
      clock: ctx.clock,
      signal: AbortSignal.any([ctx.signal, lockLost.signal]),
      allowEmpty: request.allowEmpty ?? false,
      report: (e) => printEvent(e, ctx, shown, (t) => formatScheduled(t, scheduleTimezone(config))),
    });
    const lines = await pendingAndFailedLines({ result, store, since, now: ctx.clock.now(), when: (t) => formatScheduled(t, scheduleTimezone(config)) });
    for (const line of lines.failed) ctx.stdout(line);
    const code = summarize(result, transport, ctx, shown, request.rerun ?? 'Run "broadsheet send" again to deliver the rest');
    for (const line of lines.pending) ctx.stderr(line);
    return code;
  } finally {
    await transport.close();
    await store.close();
    await release();
  }
}

/** The outbox folder as the user reads it: relative inside the working folder, else whole. */
function outboxShown(transport: Transport, cwd: string): string {
  const dir = transport.description.replace(/^outbox /, '');
  const relative = path.relative(cwd, dir);
  if (relative === '') return './';
  return `${relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative}/`;
}

function checkOutbox(dir: string, shown: string): Problem | undefined {
  // Checked without creating it (the transport makes it at the first message), so a run
  // refused later, e.g. on a damaged store, leaves nothing behind.
  let probe = dir;
  while (!fs.existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  try {
    if (!fs.statSync(probe).isDirectory()) return outboxProblem('The outbox is a file, not a folder', shown);
    fs.accessSync(probe, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return outboxProblem(`Cannot write to the outbox folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`, shown);
  }
}

function outboxProblem(message: string, shown: string): Problem {
  return { code: 'OutboxUnwritable', message, file: shown, hint: 'Pass --outbox a folder this user can write, or set SMTP_URL to send by email.' };
}

function printEvent(e: SendEvent, ctx: CommandContext, shown: (s: string) => string, when: (t: Date) => string): void {
  switch (e.type) {
    case 'resume':
      ctx.stdout(`Resuming unfinished edition ${e.editionId}.`);
      if (e.inFlight > 0) {
        ctx.stdout(`  ${e.inFlight === 1 ? '1 delivery was' : `${e.inFlight} deliveries were`} in flight when the last run stopped; they may have arrived and are sent again with the same Message-ID.`);
      }
      break;
    case 'edition':
      ctx.stdout(`Edition ${e.editionId}: ${e.created ? 'created' : 'already recorded'}, ${e.articles} article${e.articles === 1 ? '' : 's'}.`);
      break;
    case 'planned':
      ctx.stdout(`Edition ${e.editionId}: ${plural(e.total, 'delivery', 'deliveries')} recorded (${e.added} new).`);
      // Not an error (the edition and its archive page stand), but worth saying: its
      // articles count as sent and will not be in the next edition.
      if (e.total === 0) ctx.stdout(`  Nobody receives this edition: no confirmed subscriber's topics hold any of its articles (or --allow-empty recorded it with nobody confirmed). Its articles count as sent.`);
      break;
    case 'nobody':
      ctx.stdout(
        `No confirmed subscriber yet: the edition at ${when(e.at)} (${plural(e.articles, 'article', 'articles')}) is not recorded, so its articles stay new for the first edition someone receives. Pass --allow-empty to record it anyway.`,
      );
      break;
    case 'progress':
      ctx.stdout(`Edition ${e.editionId}: ${e.sent} sent, ${e.failed} failed, ${e.remaining} to go${e.retrying ? ` (${plural(e.retrying, 'retry', 'retries')} so far)` : ''}.`);
      break;
    case 'empty':
      // Read in the digest's zone like every other time send and status print.
      ctx.stdout(`No new articles for the edition at ${when(e.at)}: nothing to send.`);
      break;
    case 'already-complete':
      ctx.stdout(`Edition ${e.editionId} was already sent completely: nothing to do.`);
      break;
    case 'stopping':
      ctx.stderr(`Stopping: ${shown(e.reason)}. Deliveries in flight are finished and recorded.`);
      break;
    case 'gave-up':
      ctx.stdout(`Edition ${e.editionId}: gave up on ${plural(e.count, 'delivery', 'deliveries')} still pending past delivery.give_up_after; recorded failed with their last reply.`);
      break;
  }
}

function summarize(result: SendEditionResult, transport: Transport, ctx: CommandContext, shown: (s: string) => string, rerun: string): number {
  const total = (k: 'sent' | 'failed' | 'bounced' | 'remaining' | 'resent'): number => result.editions.reduce((n, o) => n + o[k], 0);
  const sent = total('sent');
  if (result.editions.length > 0) {
    const verb = transport.live ? 'Sent' : 'Wrote';
    ctx.stdout(`${verb} ${plural(sent, 'message', 'messages')}, ${total('failed')} failed (${plural(total('bounced'), 'hard bounce', 'hard bounces')}), ${total('remaining')} remaining.`);
  }
  if (!transport.live && sent > 0) {
    ctx.stdout(`SMTP_URL is not set: wrote ${sent} message${sent === 1 ? '' : 's'} to ${outboxShown(transport, ctx.cwd)} — set SMTP_URL to email them.`);
  }
  if (result.complete) return 0;
  ctx.stderr(`Not finished${result.stopped ? `: ${shown(result.stopped)}` : ''}. ${rerun}; nobody who already has it gets it twice.`);
  return EXIT_REMAINING;
}

/**
 * `--retry-failed`: puts the failed deliveries of an edition back to planned (those whose
 * subscriber is still confirmed), says how many, and returns the edition to finish.
 * No such edition is the operator's mistake (exit 1).
 */
async function requeueFailed(store: Store, editionId: string | undefined, ctx: CommandContext): Promise<Edition> {
  const edition = editionId === undefined ? (await store.listEditions(1))[0] : await store.getEdition(editionId);
  if (!edition) {
    throw new BroadsheetError({
      code: 'EditionNotFound',
      message: editionId === undefined ? 'The store holds no edition yet' : `No edition ${editionId} in the store`,
      hint: 'Run "broadsheet status" to see the editions and their failed deliveries.',
    });
  }
  const failedBefore = (await store.countDeliveries(edition.id)).failed;
  const requeued = await store.requeueFailed(edition.id, ctx.clock.now());
  const left = failedBefore - requeued;
  ctx.stdout(`Edition ${edition.id}: re-queued ${plural(requeued, 'failed delivery', 'failed deliveries')}${left > 0 ? `; ${left} not (the subscriber was suppressed, unsubscribed or removed since)` : ''}.`);
  return edition;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
