import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { BroadsheetError, formatProblem } from '../../errors.js';
import { secretProblem } from '../../email/secret.js';
import { cutSections } from '../../digest/cut.js';
import { placeArticles } from '../../digest/once.js';
import { previewDigest } from '../../digest/preview.js';
import { digestTimeZone } from '../../digest/select.js';
import { formatScheduled } from '../../schedule/format.js';
import { resolveStorePath } from '../../store/store-path.js';
import { parseCommandArgs, parseInstantFlag } from '../args.js';
import type { Command } from '../context.js';

const usage = `Usage: broadsheet digest [options]

Renders a preview of the digest edition that would go out at --now, exactly as a
subscriber to every topic (or to --topics) would receive it: digest.html, digest.txt
and a complete digest.eml with every header. Changes no state: the store, when it
exists, is only read for the articles earlier editions already held.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --now ISO       The edition's time (default: now)
  --since ISO     Count articles dated since then as new, ignoring earlier editions
                  and the look-back
                  (--now and --since without an offset, like 2025-06-22 or
                  2025-06-22T09:00, are read in digest.timezone, else site.timezone)
  --topics A,B    Preview as a subscriber to these topics (default: every topic)
  --drafts        Preview articles with draft: true too, as if published
  --out DIR       Where to write the files (default: <output>/digests/preview/)
  --store STORE   SQLite file or postgres:// URL (default: BROADSHEET_STORE, else state/broadsheet.db next to the config)
  -h, --help      Show this help

Links are signed with BROADSHEET_SECRET; without it, with a fixed preview key that the
subscription service does not accept.`;

const command: Command = {
  summary: 'Render a preview of the digest edition for now or --now (HTML, text, .eml)',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('digest', argv, {
      config: { type: 'string' },
      now: { type: 'string' },
      since: { type: 'string' },
      topics: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'string' },
      drafts: { type: 'boolean' },
    });
    const config = loadConfig(values.config, {}, ctx.cwd);
    const zone = digestTimeZone(config);
    const at = parseInstantFlag('now', values.now, zone) ?? ctx.clock.now();
    const since = parseInstantFlag('since', values.since, zone);
    const topics = (values.topics ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    // A preview signed with a key `send` would refuse would show links that never work.
    const weak = secretProblem(ctx.env.BROADSHEET_SECRET);
    if (weak) throw new BroadsheetError(weak);
    const result = await previewDigest(config, {
      at,
      since,
      topics,
      outDir: values.out ? path.resolve(ctx.cwd, values.out) : undefined,
      storeFile: resolveStorePath(values.store, ctx.env, config, ctx.cwd),
      env: ctx.env,
      cwd: ctx.cwd,
      date: ctx.clock.now(),
      drafts: values.drafts ?? false,
    });
    for (const w of result.warnings) ctx.stderr(`warning: ${formatProblem(w)}`);
    const { plan } = result;
    const show = (file: string): string => {
      const rel = path.relative(ctx.cwd, file);
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
    };
    const heldNote =
      result.held.source === 'since' ? `articles since ${since ? formatScheduled(since, zone) : ''} count as new` : result.held.source === 'store' ? `${result.held.count} article${result.held.count === 1 ? '' : 's'} held by earlier editions left out` : 'no store: nothing held by earlier editions';
    const n = plan.articleIds.length;
    const k = plan.sections.length;
    ctx.stdout(`Edition ${plan.id}: ${n} article${n === 1 ? '' : 's'} in ${k} section${k === 1 ? '' : 's'} (${heldNote})`);
    for (const s of plan.sections) ctx.stdout(`  ${s.title} (${s.articles.length})`);
    if (topics.length > 0) {
      // The list above is the whole edition; say what the --topics subscriber actually gets.
      const placed = placeArticles(plan.sections, cutSections(plan.sections, topics), config.digest.duplicates);
      const shown = placed.sections.map((i) => plan.sections[i]?.title ?? '');
      const m = placed.articles.length;
      ctx.stdout(`Previewed for a subscriber to ${topics.join(', ')}: ${m} article${m === 1 ? '' : 's'} in ${shown.join(', ')}`);
    }
    if (values.drafts) ctx.stdout(`Drafts previewed as if published: ${result.drafts} (a send never includes drafts)`);
    ctx.stdout(`Subject: ${result.subject}`);
    ctx.stdout(`Wrote ${show(result.files.html)} (${(result.htmlBytes / 1024).toFixed(1)} KB), ${show(result.files.text)}, ${show(result.files.eml)}`);
    if (result.previewKey) ctx.stdout('Unsubscribe and preferences links are signed with a preview key (BROADSHEET_SECRET is not set); they work nowhere.');
    return 0;
  },
};
export default command;
