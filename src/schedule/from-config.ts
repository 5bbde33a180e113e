import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, isMap, isScalar } from 'yaml';
import { BroadsheetError, type Problem } from '../errors.js';
import type { Config } from '../config/schema.js';
import { parseSchedule, type Schedule } from './cron.js';

/** The time zone schedules are read in: `digest.timezone`, else `site.timezone`. */
export function scheduleTimezone(config: Config): string {
  return config.digest.timezone ?? config.site.timezone;
}

/**
 * The configured schedule, or undefined when `digest.schedule` is not set.
 * Throws a BroadsheetError at `digest.schedule` (with its line) when the expression
 * is not a valid cron expression; the schema normally catches that first.
 */
export function scheduleFromConfig(config: Config, cwd = process.cwd()): Schedule | undefined {
  const expression = config.digest.schedule;
  if (expression === undefined) return undefined;
  const result = parseSchedule(expression, scheduleTimezone(config));
  if ('schedule' in result) return result.schedule;
  throw new BroadsheetError(scheduleProblem(config, cwd, 'ScheduleInvalid', `digest.schedule: "${expression}" ${result.error}`, CRON_HINT));
}

/** Like scheduleFromConfig, but a missing schedule is a problem too (for `--due` and `schedule`). */
export function requireSchedule(config: Config, command: string, cwd = process.cwd()): Schedule {
  const schedule = scheduleFromConfig(config, cwd);
  if (schedule) return schedule;
  throw new BroadsheetError(
    scheduleProblem(config, cwd, 'ScheduleMissing', `${command} needs digest.schedule, and the config has none`, `Add a cron expression, e.g. digest.schedule: "0 9 * * 1" (Mondays 09:00 in digest.timezone).`),
  );
}

const CRON_HINT = 'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00.';

function scheduleProblem(config: Config, cwd: string, code: string, message: string, hint: string): Problem {
  const file = config.file ? path.relative(cwd, config.file) || config.file : undefined;
  const line = config.file ? keyLine(config.file, ['digest', 'schedule']) : undefined;
  return { code, message, path: 'digest.schedule', hint, ...(file ? { file } : {}), ...(line ? { line } : {}) };
}

/** The line of the deepest existing key on `keyPath` in a YAML file (best effort). */
function keyLine(file: string, keyPath: string[]): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines });
  // Walk the maps key by key and remember the last key found: a missing key is
  // reported at its parent's key, where it belongs.
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const key of keyPath) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) break;
    if (isNode(pair.key) && pair.key.range) line = lines.linePos(pair.key.range[0]).line;
    node = pair.value;
  }
  return line;
}
