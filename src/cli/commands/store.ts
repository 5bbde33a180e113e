import type { Command, CommandContext } from '../context.js';
import { parseCommandArgs } from '../args.js';
import { BroadsheetError, UsageError } from '../../errors.js';
import { loadConfig } from '../../config/load.js';
import { copyStore } from '../../store/copy.js';
import { acquireStoreSendLock, openStore, storeExists, storeIdentity } from '../../store/open.js';
import { resolveStorePath, shownStore } from '../../store/store-path.js';

const USAGE = `Usage: broadsheet store copy --from SOURCE [options]

  copy --from SOURCE  Copy everything in the store at SOURCE (a SQLite file, or a
                      postgres:// URL without a password) into the store this command
                      points at, which must be empty: subscribers with their ids,
                      editions and every delivery, times and states as they are. One
                      transaction; no send may run on either store meanwhile.

Options:
  --config FILE       Config file (default: broadsheet.yaml)
  --store STORE       SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)

Moving to PostgreSQL: BROADSHEET_STORE=postgres://… broadsheet store copy --from state/broadsheet.db`;

const command: Command = {
  summary: 'Copy a store into another (e.g. SQLite into PostgreSQL)',
  usage: USAGE,
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    if (sub !== 'copy') {
      throw new UsageError(sub ? `Unknown subcommand "${sub}"` : 'Missing subcommand', 'Run "broadsheet store --help".');
    }
    return copy(rest, ctx);
  },
};
export default command;

async function copy(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('store', argv, { config: { type: 'string' }, store: { type: 'string' }, from: { type: 'string' } });
  if (!values.from) throw new UsageError('store copy needs --from SOURCE', 'Run "broadsheet store --help".');
  const config = loadConfig(values.config, {}, ctx.cwd);
  // The source only from the flag: BROADSHEET_STORE names the target.
  const source = resolveStorePath(values.from, {}, config, ctx.cwd);
  const target = resolveStorePath(values.store, ctx.env, config, ctx.cwd);
  if ((await storeIdentity(source)) === (await storeIdentity(target))) throw new UsageError('--from names the store it would copy into', 'Point --store or BROADSHEET_STORE at the new, empty store.');
  if (!(await storeExists(source))) {
    throw new BroadsheetError({ code: 'StoreNotFound', message: 'There is no store to copy here', file: shownStore(source), hint: 'Check --from: a SQLite file, or a database Broadsheet has written to.' });
  }
  // Neither store may change while it is copied: the send locks keep senders off both.
  const releases: Array<() => Promise<void>> = [];
  try {
    releases.push(await sourceLock(source));
    releases.push(await acquireStoreSendLock(target));
    const from = await openStore(source, { readonly: true });
    try {
      const to = await openStore(target);
      try {
        const report = await copyStore(from, to);
        ctx.stdout(
          `Copied ${report.subscribers} subscriber${report.subscribers === 1 ? '' : 's'}, ${report.editions} edition${report.editions === 1 ? '' : 's'} and ` +
            `${report.deliveries} deliver${report.deliveries === 1 ? 'y' : 'ies'} from ${shownStore(source)} into ${shownStore(target)}.`,
        );
        ctx.stdout(`Point every command at the new store (BROADSHEET_STORE or --store); the old one is left as it was.`);
        return 0;
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  } finally {
    for (const release of releases.reverse()) await release();
  }
}

/**
 * The source's send lock; none for a SQLite store in a folder this user cannot write (a
 * backup on read-only media): no sender can take that lock there either, so the source
 * cannot change while it is read.
 */
async function sourceLock(source: string): Promise<() => Promise<void>> {
  try {
    return await acquireStoreSendLock(source);
  } catch (err) {
    if (err instanceof BroadsheetError && err.problems[0]?.code === 'StoreReadOnly') return async () => undefined;
    throw err;
  }
}
