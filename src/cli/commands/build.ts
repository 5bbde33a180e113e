import { performance } from 'node:perf_hooks';
import path from 'node:path';
import fs from 'node:fs';
import { DEFAULT_CONFIG_NAME, quickCheck } from '../../cache/quick-check.js';
import type { StampedResult } from '../../cache/stamp.js';
import { fixedClock } from '../../clock.js';
import { formatProblem } from '../../errors.js';
import { parseCommandArgs, parseInstantFlag, readsAnywhere } from '../args.js';
import { buildSummary } from '../build-summary.js';
import type { Command, CommandContext } from '../context.js';

const usage = `Usage: broadsheet build [options]

Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds (those of feeds.formats) for the site,
every topic and every tag, an OPML list of them, and a browser view, into the output
folder. The previous output is replaced only when the whole build succeeded.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --content DIR   Content folder (overrides "content" in the config)
  --out DIR       Output folder (overrides "output" in the config)
  --drafts        Include articles with draft: true
  --future        Include articles dated in the future
  --now ISO       Decide what is published as of this instant (default: now); without
                  an offset (2025-06-22, 2025-06-22T09:00) read in digest.timezone,
                  else site.timezone, as front matter dates are
  --no-cache      Neither use nor write the build cache (.broadsheet-cache/ next to the config)
  --timings       Print how long each phase took, on stderr
  -h, --help      Show this help`;

const command: Command = {
  summary: 'Build RSS, Atom and JSON feeds for the site, every topic and every tag',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('build', argv, {
      config: { type: 'string' },
      content: { type: 'string' },
      out: { type: 'string' },
      drafts: { type: 'boolean' },
      future: { type: 'boolean' },
      now: { type: 'string' },
      'no-cache': { type: 'boolean' },
      timings: { type: 'boolean' },
    });
    const overrides = { content: values.content, output: values.out };
    // --now without an offset is read in the digest's time zone, which only the config
    // knows: such a build reads the config first (the quick check below reads none).
    const zone = values.now === undefined || readsAnywhere(values.now) ? 'UTC' : await configTimeZone(values.config, overrides, ctx.cwd);
    const now = parseInstantFlag('now', values.now, zone);
    const clock = now ? fixedClock(now) : ctx.clock;
    const drafts = values.drafts ?? false;
    const future = values.future ?? false;
    const started = Date.now();
    // Before any parser is loaded: when nothing changed, the output already is the build.
    const check = values['no-cache'] ? {} : quickCheck({ configFile: values.config, cwd: ctx.cwd, overrides, drafts, future, now: clock.now() });
    const whereOf = (dir: string): string => {
      const rel = path.relative(ctx.cwd, dir);
      return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
    };
    if (check.upToDate) {
      const r = check.upToDate;
      print(ctx, buildSummary({ ...r, files: r.files.length }, 'Up to date:', `in ${whereOf(r.outputDir)}/, nothing changed (checked in ${((Date.now() - started) / 1000).toFixed(2)} s)`));
      for (const w of r.warnings ?? []) ctx.stderr(`warning: ${formatProblem(w)}`);
      await reportNotArticles(ctx, r.notArticles);
      return 0;
    }
    // A first build of a large site: start the helper threads now, so their start-up
    // and their first files overlap loading the parsers below.
    const configPath = path.resolve(ctx.cwd, values.config ?? DEFAULT_CONFIG_NAME);
    // Imported only now: the up-to-date answer above needs none of it.
    const helpersModule = await import('../../build/helpers.js');
    const early = check.cache && !check.cache.scan && looksLarge(helpersModule, configPath, values.content, ctx.cwd) ? helpersModule.BuildHelpers.start() : undefined;
    // They load the config themselves and start on the files while this thread loads.
    early?.parseEarly({ configFile: values.config, overrides, cwd: ctx.cwd });
    let result;
    try {
      const { loadConfig } = await import('../../config/load.js');
      const { build } = await import('../../build/build.js');
      const config = loadConfig(values.config, overrides, ctx.cwd);
      const timings = values.timings ? (name: string, ms: number, note?: string) => ctx.stderr(`${name.padEnd(8)}${ms.toFixed(0).padStart(6)} ms${note ? `  (${note})` : ''}`) : undefined;
      // Node's start, loading Broadsheet's modules and the config.
      timings?.('startup', performance.now());
      result = await build(config, { drafts, future, clock, cache: check.cache, helpers: early, timings });
    } finally {
      // The build closes helpers it was given; these are for a build that never started.
      early?.close();
    }
    for (const w of result.warnings ?? []) ctx.stderr(`warning: ${formatProblem(w)}`);
    const where = whereOf(result.outputDir);
    print(ctx, buildSummary({ ...result, files: result.files.length }, 'Built', `into ${where}/ in ${(result.durationMs / 1000).toFixed(2)} s`));
    await reportNotArticles(ctx, result.notArticles);
    return 0;
  },
};
export default command;

function print(ctx: CommandContext, summary: { lines: string[]; warnings: string[] }): void {
  for (const line of summary.lines) ctx.stdout(line);
  for (const warning of summary.warnings) ctx.stderr(warning);
}

/** The zone command-line times are read in: digest.timezone, else site.timezone. */
async function configTimeZone(configFile: string | undefined, overrides: { content?: string | undefined; output?: string | undefined }, cwd: string): Promise<string> {
  const { loadConfig } = await import('../../config/load.js');
  const config = loadConfig(configFile, overrides, cwd);
  return config.digest.timezone ?? config.site.timezone;
}

/** The summary's lines about files that are not articles, for a build and an up-to-date check alike. */
async function reportNotArticles(ctx: CommandContext, notArticles: StampedResult['notArticles']): Promise<void> {
  if (!notArticles || notArticles.length === 0) return;
  // Loaded only when there is something to say: the up-to-date answer loads no more than it needs.
  const { notArticleSummary } = await import('../../content/not-articles.js');
  for (const line of notArticleSummary(notArticles)) ctx.stdout(line);
}

/** Whether the content folder looks large enough for helper threads, before the config is parsed. */
function looksLarge(
  { guessContentDir, holdsAtLeast, PARALLEL_MIN }: typeof import('../../build/helpers.js'),
  configPath: string,
  contentFlag: string | undefined,
  cwd: string,
): boolean {
  let dir: string;
  if (contentFlag !== undefined) dir = path.resolve(cwd, contentFlag);
  else {
    try {
      dir = guessContentDir(configPath, fs.readFileSync(configPath, 'utf8'));
    } catch {
      return false;
    }
  }
  return holdsAtLeast(dir, PARALLEL_MIN);
}
