import path from 'node:path';
import { build } from '../../build/build.js';
import { fixedClock } from '../../clock.js';
import { loadConfig } from '../../config/load.js';
import { parseCommandArgs, parseInstantFlag } from '../args.js';
import type { Command } from '../context.js';

const usage = `Usage: broadsheet build [options]

Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds for the site, every topic and every
tag, an OPML list of them, and a browser view, into the output folder. The previous
output is replaced only when the whole build succeeded.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --content DIR   Content folder (overrides "content" in the config)
  --out DIR       Output folder (overrides "output" in the config)
  --drafts        Include articles with draft: true
  --future        Include articles dated in the future
  --now ISO       Decide what is published as of this instant (default: now)
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
    });
    const now = parseInstantFlag('now', values.now);
    const config = loadConfig(values.config, { content: values.content, output: values.out }, ctx.cwd);
    const result = await build(config, {
      drafts: values.drafts ?? false,
      future: values.future ?? false,
      clock: now ? fixedClock(now) : ctx.clock,
    });
    const rel = path.relative(ctx.cwd, result.outputDir);
    const where = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? result.outputDir : rel;
    ctx.stdout(
      `Built ${result.feeds} feeds (${result.files.length} files) from ${result.articles} published articles into ${where}/ in ${(result.durationMs / 1000).toFixed(2)} s`,
    );
    return 0;
  },
};
export default command;
