import type { Command } from '../context.js';
import { parseCommandArgs, parseInstantFlag } from '../args.js';
import { loadConfig } from '../../config/load.js';
import { resolveStorePath, shownStore } from '../../store/store-path.js';
import { scheduleFromConfig, scheduleTimezone } from '../../schedule/from-config.js';
import { collectStatus } from '../../schedule/status-report.js';
import { formatStatus } from '../../schedule/format-status.js';

const usage = `Usage: broadsheet status [options]

Shows the last edition and how far its deliveries got, the next scheduled time,
pending and failed deliveries, and subscriber counts. Opens the store read-only;
a store that does not exist yet means "no editions yet", not an error.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --store STORE   SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)
  --json          Print one JSON object (shape in docs/schedule.md) instead of text;
                  failed deliveries are listed with whole addresses, text masks them
  --now ISO       Report as of this instant instead of the clock (e.g. 2025-06-16T09:00:00+08:00)
  -h, --help      Show this help`;

const command: Command = {
  summary: 'Show the last edition, its deliveries and the next due time',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('status', argv, {
      config: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean' },
      now: { type: 'string' },
    });
    const config = loadConfig(values.config, {}, ctx.cwd);
    const now = parseInstantFlag('now', values.now, scheduleTimezone(config)) ?? ctx.clock.now();
    const schedule = scheduleFromConfig(config, ctx.cwd);
    const storePath = resolveStorePath(values.store, ctx.env, config, ctx.cwd);
    // Read-only: status must never create or migrate a store, e.g. when run with a
    // mistyped --store in a CI log step.
    const { openStore, sendLockHolder, storeExists } = await import('../../store/open.js');
    const store = (await storeExists(storePath)) ? await openStore(storePath, { readonly: true }) : undefined;
    try {
      const report = await collectStatus({ config, schedule, store, storePath: shownStore(storePath), sendLock: await sendLockHolder(storePath), now });
      if (values.json) ctx.stdout(JSON.stringify(report, null, 2));
      else for (const line of formatStatus(report)) ctx.stdout(line);
      return 0;
    } finally {
      await store?.close();
    }
  },
};
export default command;
