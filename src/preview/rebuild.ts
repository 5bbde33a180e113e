import path from 'node:path';
import { CACHE_DIR_NAME, quickCheck } from '../cache/quick-check.js';
import type { Clock } from '../clock.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { RenderedEdition } from '../digest/types.js';
import { BroadsheetError, type Problem } from '../errors.js';

/** What the preview shows: the latest good build and email, and the problems of the latest attempt. */
export interface PreviewState {
  /** Bumped on every rebuild attempt; pages reload when it changes. */
  generation: number;
  problems: Problem[];
  /** Folder of the last successful build. */
  outputDir?: string | undefined;
  config?: Config | undefined;
  email?: PreviewEmail | undefined;
  /** Why there is no email (nothing new to send), when there is none without a problem. */
  emailNote?: string | undefined;
  builtAt?: Date | undefined;
  durationMs: number;
}

export interface PreviewEmail {
  rendered: RenderedEdition;
  /** Every topic of the edition, for the picker: name (null: the untitled section) and title. */
  topics: Array<{ topic: string | null; title: string }>;
  /** Builds the full message (headers and bodies) of one cut. */
  compose(topics: string[]): { subject: string; html: string; text: string; headers: string } | null;
}

export interface RebuildOptions {
  configFile: string | undefined;
  cwd: string;
  drafts: boolean;
  future: boolean;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  storeFlag: string | undefined;
}

/** The preview builds into its own folder, so drafts never reach the deployed public/. */
export function previewOutputDir(config: Config): string {
  return path.join(config.root, CACHE_DIR_NAME, 'preview');
}

/**
 * One rebuild: config, feeds through the build cache, and the next edition as a
 * subscriber would get it. Problems a person can fix become the state's problems and
 * leave the last good output in place; anything else is thrown (our bug).
 */
export async function rebuild(o: RebuildOptions, previous: PreviewState): Promise<PreviewState> {
  const started = Date.now();
  const next: PreviewState = { ...previous, generation: previous.generation + 1, problems: [], durationMs: 0 };
  try {
    const probe = loadConfig(o.configFile, {}, o.cwd);
    const out = previewOutputDir(probe);
    const overrides = { output: out };
    const config = loadConfig(o.configFile, overrides, o.cwd);
    const now = o.clock.now();
    const check = quickCheck({ configFile: o.configFile, cwd: o.cwd, overrides, drafts: o.drafts, future: o.future, now });
    if (!check.upToDate) {
      const { build } = await import('../build/build.js');
      await build(config, { drafts: o.drafts, future: o.future, clock: o.clock, cache: check.cache });
    }
    next.config = config;
    next.outputDir = out;
    const { previewEmail } = await import('./email.js');
    const email = await previewEmail(config, { at: now, env: o.env, cwd: o.cwd, storeFlag: o.storeFlag });
    next.email = email.email;
    next.emailNote = email.note;
    next.builtAt = new Date();
  } catch (err) {
    if (!(err instanceof BroadsheetError)) throw err;
    next.problems = err.problems;
  }
  next.durationMs = Date.now() - started;
  return next;
}
