import type { Problem } from '../../errors.js';
import { formatProblem } from '../../errors.js';
import { checkPublication } from '../../check/check-publication.js';
import { loadConfig } from '../../config/load.js';
import { formatProblemColored } from '../style.js';
import { parseCommandArgs, parseInstantFlag } from '../args.js';
import type { Command } from '../context.js';

const usage = `Usage: broadsheet check [options]

Checks the config, every article, the digest templates (rendered with MJML in strict
mode) and, when a store exists, its schema version and integrity. Lists every problem
at once and writes nothing: no build cache, no output, no store.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --content DIR   Content folder (overrides "content" in the config)
  --store STORE   SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)
  --now ISO       Read dates as of this instant (default: now)
  --json          Print {"problems": [...]} for editors and CI (see docs/commands.md)
  -h, --help      Show this help

Exit codes: 0 no problems, 1 problems found, 2 bad flags.`;

/** One problem as `--json` prints it: every key always present, null when unknown. */
export interface JsonProblem {
  file: string | null;
  line: number | null;
  column: number | null;
  field: string | null;
  code: string;
  message: string;
  hint: string | null;
}

export function toJsonProblem(p: Problem): JsonProblem {
  return { file: p.file ?? null, line: p.line ?? null, column: p.column ?? null, field: p.path ?? null, code: p.code, message: p.message, hint: p.hint ?? null };
}

const command: Command = {
  summary: 'Check config, articles, templates and the store; writes nothing',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('check', argv, {
      config: { type: 'string' },
      content: { type: 'string' },
      store: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
    });
    // A --now without an offset is read in the site's zone when the config can say it; the
    // config's own problems are reported by the check itself.
    let zone = 'UTC';
    try {
      zone = loadConfig(values.config, {}, ctx.cwd).site.timezone;
    } catch {
      // Reported below.
    }
    const now = parseInstantFlag('now', values.now, zone) ?? ctx.clock.now();
    const result = await checkPublication({ configFile: values.config, overrides: { content: values.content }, storeFlag: values.store, env: ctx.env, cwd: ctx.cwd, now });
    const { problems, checked } = result;
    if (values.json) {
      ctx.stdout(JSON.stringify({ problems: problems.map(toJsonProblem) }, null, 2));
      return problems.length > 0 ? 1 : 0;
    }
    for (const p of problems) ctx.stderr(ctx.color ? formatProblemColored(p) : formatProblem(p));
    const looked = [
      checked.config ? 'config' : '',
      checked.config ? `${checked.articles} article${checked.articles === 1 ? '' : 's'}` : '',
      checked.templates ? 'templates' : '',
      checked.store ? 'store' : '',
    ].filter(Boolean);
    if (problems.length === 0) {
      ctx.stdout(`No problems (checked ${looked.join(', ')}).`);
      return 0;
    }
    ctx.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} found${looked.length ? ` (checked ${looked.join(', ')})` : ''}.`);
    return 1;
  },
};
export default command;
