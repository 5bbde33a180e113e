import type { Command, CommandContext } from '../context.js';
import { parseCommandArgs } from '../args.js';
import { loadConfig } from '../../config/load.js';
import { BroadsheetError } from '../../errors.js';
import type { Config } from '../../config/schema.js';
import { realTimer } from '../../delivery/timer.js';
import { resolveStorePath, shownStore } from '../../store/store-path.js';
import { requireSchedule } from '../../schedule/from-config.js';
import { runDueSend } from '../../schedule/due-send.js';
import { runScheduler, type RunOutcome } from '../../schedule/scheduler.js';
import { formatScheduled } from '../../schedule/format.js';
import { EXIT_REMAINING, runSend, sendEnvironmentProblems } from './send.js';

const usage = `Usage: broadsheet schedule [options]

Runs the digest schedule (digest.schedule in digest.timezone) in a long-lived process,
for a server instead of GitHub Actions. At start it catches up the latest scheduled
time that has no edition yet (the same rule as "send --due"), then wakes at every
scheduled time and sends the edition that is due. A run that leaves deliveries (the
SMTP server was down) is retried every 10 minutes until they are done.

SIGTERM or Ctrl-C: the delivery batch in flight is finished and recorded, then the
process exits 0. Run it under systemd, a container or a process manager.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --store STORE   SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)
  --outbox DIR    Without SMTP_URL: where .eml files go (default: outbox/ next to the config)
  -h, --help      Show this help

Environment: SMTP_URL, BROADSHEET_SECRET, DKIM_* as for "broadsheet send".`;

const command: Command = {
  summary: 'Run the digest schedule in a long-lived process',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('schedule', argv, {
      config: { type: 'string' },
      store: { type: 'string' },
      outbox: { type: 'string' },
    });
    const config = loadConfig(values.config, {}, ctx.cwd);
    const schedule = requireSchedule(config, 'broadsheet schedule', ctx.cwd);
    // Checked now, not at the first scheduled time, which may be days away.
    const envProblems = sendEnvironmentProblems(config, ctx);
    if (envProblems.length > 0) throw new BroadsheetError(envProblems);
    const storeFile = resolveStorePath(values.store, ctx.env, config, ctx.cwd);
    const when = (t: Date): string => formatScheduled(t, schedule.timezone);
    ctx.stdout(`Schedule ${schedule.expression} in ${schedule.timezone}; store ${shownStore(storeFile)}. Stop with SIGTERM or Ctrl-C.`);

    // Wrong input (no BROADSHEET_SECRET, a bad SMTP_URL, a broken article) will not fix
    // itself by waiting: stop with its problems instead of retrying forever.
    const inputWrong = new AbortController();
    let problem: BroadsheetError | undefined;
    await runScheduler({
      schedule,
      clock: ctx.clock,
      timer: realTimer,
      signal: AbortSignal.any([ctx.signal, inputWrong.signal]),
      runDue: (now) => runOnce(config, storeFile, values.outbox, now, ctx, schedule),
      onWait: (next) => ctx.stdout(next ? `Next run: ${when(next)}` : 'The schedule has no future time; idling until stopped.'),
      onError: (err) => {
        if (err instanceof BroadsheetError) {
          problem = err;
          inputWrong.abort();
        } else {
          ctx.stderr(`Scheduled run failed: ${err instanceof Error ? err.message : String(err)}. Trying again in 10 minutes.`);
        }
      },
    });
    if (problem) throw problem;
    ctx.stdout('Stopped.');
    return 0;
  },
};
export default command;

async function runOnce(
  config: Config,
  storeFile: string,
  outbox: string | undefined,
  now: Date,
  ctx: CommandContext,
  schedule: ReturnType<typeof requireSchedule>,
): Promise<RunOutcome> {
  const { code } = await runDueSend({
    config,
    schedule,
    storeFile,
    now,
    send: (at) => runSend({ config, at, storeFlag: storeFile, outboxFlag: outbox, rerun: 'The schedule tries again in 10 minutes (or at its next start)' }, ctx),
    log: (line) => ctx.stdout(`[${now.toISOString()}] ${line}`),
  });
  // A signal during the send also ends with deliveries left: that is a stop, not a retry.
  return code === EXIT_REMAINING && !ctx.signal.aborted ? 'again' : 'done';
}
