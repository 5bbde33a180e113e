import path from 'node:path';
import { formatProblem, UsageError } from '../../errors.js';
import { rebuild, type PreviewState } from '../../preview/rebuild.js';
import { startPreviewServer } from '../../preview/server.js';
import { watchInputs } from '../../preview/watch.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../context.js';

const usage = `Usage: broadsheet preview [options]

Serves a preview on 127.0.0.1: the feeds and pages a build writes, and at /email the
next edition as a subscriber gets it (desktop and phone widths, the text twin, the
headers, a topic picker). Watches the content folder, the templates and the config,
rebuilds through the build cache and reloads open pages. Problems show in the pages
while the server keeps running. Builds into .broadsheet-cache/preview/, never public/.
Stop it with Ctrl-C.

Options:
  --config FILE   Config file (default: broadsheet.yaml)
  --port N        Port (default: 4321; 0 picks a free one)
  --drafts        Include articles with draft: true in the feeds
  --future        Include articles dated in the future in the feeds
  --store STORE   Store read for what earlier editions held (default: as for send)
  -h, --help      Show this help`;

const command: Command = {
  summary: 'Serve the feeds and the next email locally, rebuilding and reloading on every edit',
  usage,
  async run(argv, ctx) {
    const { values } = parseCommandArgs('preview', argv, {
      config: { type: 'string' },
      port: { type: 'string' },
      drafts: { type: 'boolean' },
      future: { type: 'boolean' },
      store: { type: 'string' },
    });
    const port = values.port === undefined ? 4321 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port ?? ''}" is not a port number`, 'Give a number from 0 to 65535 (0: any free port).');
    const options = { configFile: values.config, cwd: ctx.cwd, drafts: values.drafts ?? false, future: values.future ?? false, clock: ctx.clock, env: ctx.env, storeFlag: values.store };
    let state: PreviewState = { generation: 0, problems: [], durationMs: 0 };
    let running: Promise<void> | undefined;
    let again = false;
    const configPath = path.resolve(ctx.cwd, values.config ?? 'broadsheet.yaml');
    const server = await startPreviewServer(port, () => state);
    const watcher = watchInputs(() => void schedule());
    const report = (): void => {
      if (state.problems.length === 0) ctx.stdout(`Rebuilt in ${state.durationMs} ms.`);
      else for (const p of state.problems) ctx.stderr(formatProblem(p));
    };
    const once = async (): Promise<void> => {
      state = await rebuild(options, state);
      const config = state.config;
      const templates = config?.digest.templates ? path.resolve(config.root, config.digest.templates) : undefined;
      watcher.set({ dirs: [config?.contentDir, templates].filter((d): d is string => d !== undefined), files: [configPath] });
      report();
      server.notify();
    };
    // One rebuild at a time; edits during a rebuild start one more after it.
    const schedule = (): Promise<void> => {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await once();
        } while (again);
      })().finally(() => {
        running = undefined;
      });
      return running;
    };
    try {
      await schedule();
      ctx.stdout(`Preview at ${server.url} (email: ${server.url}email). Watching for changes; Ctrl-C stops.`);
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      watcher.close();
      await running?.catch(() => {});
      await server.close();
    }
    return 0;
  },
};
export default command;
