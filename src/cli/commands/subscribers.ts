import fs from 'node:fs';
import path from 'node:path';
import type { Command, CommandContext } from '../context.js';
import { parseCommandArgs } from '../args.js';
import { BroadsheetError, UsageError, formatProblem } from '../../errors.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { openStore, storeExists } from '../../store/open.js';
import { resolveStorePath } from '../../store/store-path.js';
import { SUBSCRIBER_STATUSES, type Store, type Subscriber, type SubscriberStatus } from '../../store/types.js';
import { subscriberSchema, validateSubscriber } from '../../subscribers/subscriber-schema.js';
import { topicIndex } from '../../subscribers/topic-index.js';
import { exportCsvPages, subscriberJson, subscriberTable } from '../../subscribers/format.js';
import { importSubscribers } from '../../subscribers/import-subscribers.js';

const USAGE = `Usage: broadsheet subscribers <subcommand> [options]

  add EMAIL [--name NAME] [--topics A,B] [--confirmed]
                      Add a subscriber, or update the name/topics of an existing one
  remove EMAIL [--unsubscribe]
                      Delete the subscriber; --unsubscribe keeps the row marked
                      unsubscribed so a later import cannot add them back
  list [--json] [--status STATUS]
                      Show subscribers (a table, or a JSON array with --json)
  import FILE.csv [--confirmed] [--skip-invalid]
                      Import a CSV with the header email,name,topics (optional: status);
                      topics separated by ";". Nothing is imported if any row is wrong,
                      unless --skip-invalid
  export [FILE] [--status STATUS]
                      Write email,name,topics,status as CSV (to stdout without FILE)

Options:
  --config FILE       Config file (default: broadsheet.yaml)
  --store STORE       SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)

STATUS is one of ${SUBSCRIBER_STATUSES.join(', ')}. New subscribers start pending unless
--confirmed. Nobody who unsubscribed or bounced is resubscribed by add or import.`;

const common = { config: { type: 'string' }, store: { type: 'string' } } as const;

const command: Command = {
  summary: 'Add, remove, list, import and export subscribers',
  usage: USAGE,
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'add':
        return add(rest, ctx);
      case 'remove':
        return remove(rest, ctx);
      case 'list':
        return list(rest, ctx);
      case 'import':
        return runImport(rest, ctx);
      case 'export':
        return runExport(rest, ctx);
      default:
        throw new UsageError(sub ? `Unknown subcommand "${sub}"` : 'Missing subcommand', 'Run "broadsheet subscribers --help" for add, remove, list, import and export.');
    }
  },
};
export default command;

/** Loads the config, opens the store, runs `fn`, and always closes the store. */
async function withStore<T>(values: { config?: string; store?: string }, ctx: CommandContext, fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(values.config, {}, ctx.cwd);
  const store = await openStore(resolveStorePath(values.store, ctx.env, config, ctx.cwd));
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/**
 * Runs `fn` on the store when it exists, else gives `missing()`: reading (list, export)
 * and remove never create a store, so a mistyped --store does not leave an empty
 * database and its folder behind.
 */
async function withExistingStore<T>(values: { config?: string; store?: string }, ctx: CommandContext, fn: (store: Store) => Promise<T>, missing: () => T, reading = false): Promise<T> {
  const config = loadConfig(values.config, {}, ctx.cwd);
  const location = resolveStorePath(values.store, ctx.env, config, ctx.cwd);
  if (!(await storeExists(location))) return missing();
  const store = reading ? await openForReading(location) : await openStore(location);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Opens the store to read it: as usual (which migrates an old schema), or read-only
 * when this user may not write it (a backup on read-only media, another user's store).
 */
async function openForReading(location: string): Promise<Store> {
  try {
    return await openStore(location);
  } catch (err) {
    if (err instanceof BroadsheetError && err.problems[0]?.code === 'StoreReadOnly') return openStore(location, { readonly: true });
    throw err;
  }
}

/** The subscribers, for list; a missing store means nobody yet. */
function readSubscribers(values: { config?: string; store?: string }, ctx: CommandContext, status: SubscriberStatus | undefined): Promise<Subscriber[]> {
  return withExistingStore(values, ctx, (store) => store.listSubscribers(status ? { status } : undefined), () => [], true);
}

function oneArgument(what: string, positionals: string[], sub: string): string {
  if (positionals.length !== 1 || !positionals[0]) {
    throw new UsageError(`subscribers ${sub} takes exactly one ${what}`, `Run "broadsheet subscribers --help".`);
  }
  return positionals[0];
}

function statusFlag(value: string | undefined): SubscriberStatus | undefined {
  if (value === undefined) return undefined;
  if (!(SUBSCRIBER_STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(`--status "${value}" is not a subscriber status`, `Use one of ${SUBSCRIBER_STATUSES.join(', ')}.`);
  }
  return value as SubscriberStatus;
}

async function add(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('subscribers', argv, { ...common, name: { type: 'string' }, topics: { type: 'string' }, confirmed: { type: 'boolean' } }, true);
  const email = oneArgument('EMAIL', positionals, 'add');
  return withStore(values, ctx, async (store, config) => {
    const topicNames = values.topics?.split(/[,;]/).map((t) => t.trim()).filter((t) => t !== '');
    const { loadTopicIndex } = await import('../../subscribers/load-topics.js');
    const index = topicNames?.length ? await loadTopicIndex(config, ctx.clock.now()) : topicIndex([]);
    const result = validateSubscriber(subscriberSchema(index), {
      email,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(topicNames !== undefined ? { topics: topicNames } : {}),
    });
    if (!result.ok) {
      throw new BroadsheetError(
        result.issues.map((i) => ({
          code: i.field === 'topics' ? 'SubscriberUnknownTopic' : 'SubscriberInvalid',
          message: i.message,
          path: i.field === 'topics' ? '--topics' : i.field === 'name' ? '--name' : 'EMAIL',
          ...(i.field === 'topics' ? { hint: `Known topics: ${index.names().map((n) => `"${n}"`).join(', ') || 'none yet'}.` } : {}),
          // A pasted "Name <address>" is the usual mistake: say what the argument takes.
          ...(i.field === 'email' ? { hint: 'Give the bare address, e.g. ann@example.org, and the name with --name.' } : {}),
        })),
      );
    }
    const { value } = result;
    const before = await store.findSubscriberByEmail(value.email);
    const asked = values.confirmed ? 'confirmed' : 'pending';
    const s = await store.upsertSubscriber(
      {
        email: value.email,
        ...(value.name !== undefined ? { name: value.name } : {}),
        ...(value.topics !== undefined ? { topics: value.topics } : {}),
        status: asked,
        source: 'cli',
      },
      ctx.clock.now(),
    );
    ctx.stdout(`${before ? 'Updated' : 'Added'} subscriber ${s.id} (${s.status}).`);
    if (before && s.status !== asked && s.status !== 'confirmed') {
      ctx.stderr(`Note: this address is ${s.status} and stays so; add and import never resubscribe anyone.`);
    }
    return 0;
  });
}

async function remove(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('subscribers', argv, { ...common, unsubscribe: { type: 'boolean' } }, true);
  const email = oneArgument('EMAIL', positionals, 'remove');
  const notFound = new BroadsheetError({ code: 'SubscriberNotFound', message: 'No subscriber has that address', hint: 'Check it with "broadsheet subscribers list".' });
  // Nobody can be removed from a store that does not exist; do not create one to say so.
  const missing = (): never => {
    throw notFound;
  };
  return withExistingStore(values, ctx, async (store) => {
    const s = await store.findSubscriberByEmail(email);
    if (!s) {
      throw notFound;
    }
    if (values.unsubscribe) {
      await store.setSubscriberStatus(s.id, 'unsubscribed', ctx.clock.now());
      ctx.stdout(`Marked subscriber ${s.id} unsubscribed.`);
    } else {
      await store.removeSubscriber(s.id);
      ctx.stdout(`Removed subscriber ${s.id}.`);
    }
    return 0;
  }, missing);
}

async function list(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('subscribers', argv, { ...common, json: { type: 'boolean' }, status: { type: 'string' } }, true);
  if (positionals.length > 0) throw new UsageError('subscribers list takes no arguments', 'Filter with --status STATUS.');
  const status = statusFlag(values.status);
  const subscribers = await readSubscribers(values, ctx, status);
  if (values.json) {
    ctx.stdout(JSON.stringify(subscribers.map(subscriberJson), null, 2));
    return 0;
  }
  if (subscribers.length === 0) {
    ctx.stdout(status ? `No ${status} subscribers.` : 'No subscribers yet.');
    return 0;
  }
  for (const line of subscriberTable(subscribers)) ctx.stdout(line);
  const counts = new Map<string, number>();
  for (const s of subscribers) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  ctx.stdout(`\n${subscribers.length} subscriber${subscribers.length === 1 ? '' : 's'}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  return 0;
}

async function runImport(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('subscribers', argv, { ...common, confirmed: { type: 'boolean' }, 'skip-invalid': { type: 'boolean' } }, true);
  const file = oneArgument('FILE.csv', positionals, 'import');
  // Relative to the working folder when inside it; outside, "../../x" would only puzzle.
  const relative = path.relative(ctx.cwd, path.resolve(ctx.cwd, file));
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(ctx.cwd, file);
  const text = readUtf8(path.resolve(ctx.cwd, file), shown);
  return withStore(values, ctx, async (store, config) => {
    const skipInvalid = values['skip-invalid'] ?? false;
    const report = await importSubscribers(store, text, shown, {
      defaultStatus: values.confirmed ? 'confirmed' : 'pending',
      skipInvalid,
      now: ctx.clock.now(),
      loadTopics: async () => (await import('../../subscribers/load-topics.js')).loadTopicIndex(config, ctx.clock.now()),
    });
    if (!report.imported) {
      const n = report.problems.length;
      ctx.stderr(`${n} problem${n === 1 ? '' : 's'} found:`);
      for (const p of report.problems) ctx.stderr(formatProblem(p));
      ctx.stderr(`Nothing was imported.${report.fatal ? '' : ' Fix the rows, or pass --skip-invalid to import the valid ones.'}`);
      return 1;
    }
    if (report.skipped > 0) {
      ctx.stderr(`Skipped ${report.skipped} invalid row${report.skipped === 1 ? '' : 's'}:`);
      for (const p of report.problems) ctx.stderr(formatProblem(p));
    }
    const total = report.added + report.updated + report.unchanged;
    ctx.stdout(
      `Imported ${total} subscriber${total === 1 ? '' : 's'} from ${shown}: ${report.added} new, ${report.updated} updated, ${report.unchanged} unchanged` +
        (report.skipped > 0 ? `; ${report.skipped} row${report.skipped === 1 ? '' : 's'} skipped` : '') +
        '.',
    );
    if (report.kept > 0) ctx.stdout(`${report.kept} of them unsubscribed or bounced earlier and stay so.`);
    return 0;
  });
}

async function runExport(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('subscribers', argv, { ...common, status: { type: 'string' } }, true);
  if (positionals.length > 1) throw new UsageError('subscribers export takes at most one FILE', 'Without FILE the CSV goes to stdout.');
  const status = statusFlag(values.status);
  const target = positionals[0];
  const toStdout = target === undefined || target === '-';
  const full = toStdout ? '' : path.resolve(ctx.cwd, target);
  // Written beside the target and renamed: a failed export never leaves half a file.
  const tmp = `${full}.${process.pid}.tmp`;
  let fd: number | undefined;
  let count = 0;
  try {
    // A page at a time: an export of any size holds one page of subscribers in memory.
    const write = async (pages: AsyncIterable<Subscriber[]> | Iterable<Subscriber[]>): Promise<void> => {
      if (!toStdout) fd = fs.openSync(tmp, 'w', 0o600);
      for await (const { text, count: n } of exportCsvPages(pages)) {
        count += n;
        if (fd === undefined) {
          for (const line of text.split('\r\n')) if (line !== '') ctx.stdout(line);
        } else fs.writeSync(fd, text);
      }
    };
    // A missing store holds nobody: the export is the header alone.
    await withExistingStore(values, ctx, (store) => write(store.subscriberPages(status ? { status } : undefined, 5000)), () => write([]), true);
    if (fd !== undefined) {
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(tmp, full);
    }
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    if (!toStdout) fs.rmSync(tmp, { force: true });
    if (err instanceof BroadsheetError) throw err;
    throw new BroadsheetError({ code: 'ExportFailed', message: `Cannot write the export (${(err as NodeJS.ErrnoException).code ?? 'error'})`, file: target ?? '-' });
  }
  if (!toStdout) ctx.stdout(`Exported ${count} subscriber${count === 1 ? '' : 's'} to ${target}.`);
  return 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readUtf8(full: string, shown: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'No such file' : code === 'EISDIR' ? 'This is a folder, not a CSV file' : `Cannot read the file (${code ?? 'error'})`;
    throw new BroadsheetError({ code: 'ImportFileNotFound', message, file: shown });
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BroadsheetError({ code: 'CsvNotUtf8', message: 'The file is not UTF-8 text', file: shown, hint: 'Save it as "CSV UTF-8" from your spreadsheet.' });
  }
}
