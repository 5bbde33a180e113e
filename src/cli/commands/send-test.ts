import { loadConfig } from '../../config/load.js';
import { digestTimeZone } from '../../digest/select.js';
import { messageSettings } from '../../delivery/settings.js';
import { createSmtpTransport } from '../../delivery/smtp-transport.js';
import { parseSmtpUrl, redactSecrets } from '../../delivery/smtp-url.js';
import { sendTestEdition } from '../../delivery/test-send.js';
import { BroadsheetError, UsageError, type Problem } from '../../errors.js';
import { resolveStorePath } from '../../store/store-path.js';
import { parseCommandArgs, parseInstantFlag } from '../args.js';
import type { CommandContext } from '../context.js';

const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/**
 * `broadsheet send --test ADDRESS…`: the edition a real send at --now would create,
 * to these addresses only, through SMTP_URL, recording nothing.
 */
export async function runTestSend(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'send',
    argv,
    { config: { type: 'string' }, store: { type: 'string' }, now: { type: 'string' }, test: { type: 'string', multiple: true } },
    true,
  );
  const addresses = [...(values.test ?? []), ...positionals].flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  if (addresses.length === 0) throw new UsageError('--test needs at least one address', 'Run "broadsheet send --test you@example.org".');
  const bad = addresses.filter((a) => !ADDRESS.test(a));
  if (bad.length > 0) throw new UsageError(`Not an email address: ${bad.map((a) => `"${a}"`).join(', ')}`, 'Write plain addresses such as you@example.org, separated by spaces.');
  const config = loadConfig(values.config, {}, ctx.cwd);
  const at = parseInstantFlag('now', values.now, digestTimeZone(config)) ?? ctx.clock.now();

  const problems: Problem[] = [];
  const { message, problems: messageProblems } = messageSettings(config, ctx.env, ctx.cwd);
  problems.push(...messageProblems);
  const smtpUrl = ctx.env.SMTP_URL?.trim();
  let settings: ReturnType<typeof parseSmtpUrl> | undefined;
  if (!smtpUrl) {
    problems.push({ code: 'SmtpUrlMissing', message: 'SMTP_URL is not set, so a test cannot be emailed', hint: 'Set SMTP_URL (smtp://USER:PASS@HOST:PORT); to see the email without sending it, run "broadsheet digest".' });
  } else {
    try {
      settings = parseSmtpUrl(smtpUrl);
    } catch (err) {
      if (err instanceof BroadsheetError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0 || !message || !settings || !smtpUrl) throw new BroadsheetError(problems);
  const secrets = [settings.auth?.pass ?? '', smtpUrl].filter(Boolean);
  const transport = createSmtpTransport(settings, { maxConnections: 1 });
  try {
    ctx.stdout(`Sending a test of the edition at ${at.toISOString()} through ${transport.description}; nothing is recorded.`);
    const result = await sendTestEdition({
      config,
      at,
      addresses,
      storeFile: resolveStorePath(values.store, ctx.env, config, ctx.cwd),
      transport,
      message,
      secret: ctx.env.BROADSHEET_SECRET,
      date: ctx.clock.now(),
    });
    ctx.stdout(`Edition ${result.editionId}: ${result.articles} article${result.articles === 1 ? '' : 's'}. Subject: ${result.subject}`);
    for (const s of result.sent) ctx.stdout(`  ${s.address}: ${redactSecrets(s.response, secrets)}`);
    if (!ctx.env.BROADSHEET_SECRET) ctx.stdout('BROADSHEET_SECRET is not set: the unsubscribe and preferences links carry a preview key and work nowhere.');
    ctx.stdout('The store is unchanged: the real send still has every article.');
    return 0;
  } catch (err) {
    if (err instanceof BroadsheetError) throw err;
    // An SMTP refusal or an unreachable server: the user's setup, not our bug; try again later.
    const e = err as { message?: string; responseCode?: number };
    ctx.stderr(`The test was not sent: ${redactSecrets(e.message ?? String(err), secrets)}${e.responseCode ? ` (SMTP ${e.responseCode})` : ''}`);
    return 75;
  } finally {
    await transport.close();
  }
}
