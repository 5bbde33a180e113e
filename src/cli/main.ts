import { BroadsheetError, formatProblem, type Problem } from '../errors.js';
import { systemClock } from '../clock.js';
import { closest } from '../lib/suggest.js';
import { formatProblemColored } from './style.js';
import type { Command, CommandContext } from './context.js';
import { terminalSafe } from '../lib/clean-text.js';

/** Commands load lazily so `broadsheet build` never pays for SQLite or MJML. */
const commands: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./commands/init.js')).default,
  check: async () => (await import('./commands/check.js')).default,
  preview: async () => (await import('./commands/preview.js')).default,
  build: async () => (await import('./commands/build.js')).default,
  digest: async () => (await import('./commands/digest.js')).default,
  send: async () => (await import('./commands/send.js')).default,
  subscribers: async () => (await import('./commands/subscribers.js')).default,
  status: async () => (await import('./commands/status.js')).default,
  schedule: async () => (await import('./commands/schedule.js')).default,
  serve: async () => (await import('./commands/serve.js')).default,
  store: async () => (await import('./commands/store.js')).default,
  secret: async () => (await import('./commands/secret.js')).default,
};

const HELP = `Usage: broadsheet <command> [options]

Commands:
  init          Start a publication: config, an example article, .gitignore, workflows
  check         Check config, articles, templates and the store; writes nothing
  preview       Serve the feeds and the next email locally, reloading on every edit
  build         Build RSS, Atom and JSON feeds for the site, every topic and every tag
  digest        Render a preview of the digest edition for now or --now (HTML, text, .eml)
  send          Create and send the digest edition (--due: only when the schedule says so)
  subscribers   Add, remove, list, import and export subscribers
  status        Show the last edition, its deliveries and the next due time
  schedule      Run the digest schedule in a long-lived process
  serve         Run the subscription service (subscribe, confirm, preferences, unsubscribe)
  store         Copy a store into another (e.g. SQLite into PostgreSQL)
  secret        Print a fresh random key for BROADSHEET_SECRET

Options:
  -h, --help     Show this help
  -v, --version  Print Broadsheet's version
  -q, --quiet    Print only problems and warnings (with any command; --json output stays)

Run "broadsheet <command> --help" for a command's options.`;

/**
 * The CLI's single entry: parses argv, runs a command, prints errors, returns the
 * exit code. Only bin.ts touches the process.
 */
export async function runMain(argv: string[], partial: Partial<CommandContext> = {}): Promise<number> {
  const out = partial.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = partial.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Our own colour codes go out as they are; every text inside them is made safe first.
  const styledErr = (p: Problem): void => err(formatProblemColored({ ...p, message: terminalSafe(p.message), ...(p.hint ? { hint: terminalSafe(p.hint) } : {}), ...(p.file ? { file: terminalSafe(p.file) } : {}), ...(p.path ? { path: terminalSafe(p.path) } : {}) }));
  const ctx: CommandContext = {
    cwd: process.cwd(),
    env: process.env,
    clock: systemClock,
    signal: new AbortController().signal,
    ...partial,
    // Every line goes through here: a title, a topic or a stored subject that holds
    // ESC [ … (or a C1 CSI) is printed as visible text and never recolours, moves or
    // retitles the operator's terminal.
    stdout: (line) => out(terminalSafe(line)),
    stderr: (line) => err(terminalSafe(line)),
  };
  const { argv: args, quiet } = takeQuiet(argv);
  // Quiet keeps stderr (problems, warnings) and any --json answer a script asked for.
  if (quiet && !args.includes('--json')) ctx.stdout = () => {};
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // Asked for: help on stdout, exit 0. No command at all is a usage error: stderr, exit 2.
    if (name) ctx.stdout(HELP);
    else ctx.stderr(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { readPackageVersion } = await import('../version.js');
    ctx.stdout(readPackageVersion());
    return 0;
  }
  const load = commands[name];
  if (!load) {
    const guess = closest(name, Object.keys(commands));
    ctx.stderr(guess ? `Unknown command "${name}". Did you mean "${guess}"?\n\nRun "broadsheet --help" for every command.` : `Unknown command "${name}".\n\n${HELP}`);
    return 2;
  }
  try {
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout(command.usage);
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (err) {
    return reportError(err, ctx, styledErr);
  }
}

/** `--quiet` / `-q` anywhere before a `--`, taken out of argv so no command sees it. */
function takeQuiet(argv: string[]): { argv: string[]; quiet: boolean } {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  const kept = head.filter((a) => a !== '--quiet' && a !== '-q');
  return { argv: end === -1 ? kept : [...kept, ...argv.slice(end)], quiet: kept.length !== head.length };
}

function reportError(err: unknown, ctx: CommandContext, styledErr: (p: Problem) => void): number {
  if (err instanceof BroadsheetError) {
    const n = err.problems.length;
    if (err.exitCode === 1 && n > 1) ctx.stderr(`${n} problems found:`);
    for (const p of err.problems) {
      if (ctx.color) styledErr(p);
      else ctx.stderr(formatProblem(p));
    }
    return err.exitCode;
  }
  // Our own bug: show the chain with only the last stack, and ask for a report.
  const chain: string[] = [];
  let e: unknown = err;
  for (let i = 1; e instanceof Error && i < 10; i++, e = e.cause) chain.push(`${i}. ${e.message}`);
  ctx.stderr(`Internal error:\n${chain.join('\n') || String(err)}`);
  const last = chain.length ? lastError(err) : undefined;
  if (last?.stack) ctx.stderr(last.stack);
  ctx.stderr('This is a bug in Broadsheet; please report it with the command you ran.');
  return 70;
}

function lastError(err: unknown): Error | undefined {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e : undefined;
}
