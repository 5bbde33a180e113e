import { parseArgs } from 'node:util';
import { parseDate } from '../content/dates.js';
import { UsageError } from '../errors.js';
import { closest } from '../lib/suggest.js';

/** One flag's declaration, as node:util's parseArgs takes it. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[] | boolean[];
}
type Options = Record<string, FlagSpec>;

/** The parsed values, typed from the declarations. */
export type FlagValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? O[K] extends { multiple: true } ? boolean[] : boolean
    : O[K] extends { multiple: true } ? string[] : string;
} & { help?: boolean };

/**
 * Strict argv parsing shared by every command: unknown flags and missing values
 * become a UsageError (exit 2) naming the command's --help.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
): { values: FlagValues<O>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    return { values: parsed.values as FlagValues<O>, positionals: parsed.positionals };
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    // node:util says "Unknown option '--dryrun'": offer the flag that was probably meant.
    const unknown = /^Unknown option '--?([^']+)'/.exec(message)?.[1];
    const guess = unknown ? closest(unknown, Object.keys(options)) : undefined;
    throw new UsageError(message, `${guess ? `Did you mean --${guess}? ` : ''}Run "broadsheet ${command} --help" for the options.`);
  }
}

/**
 * Parses an ISO 8601 date or date-time given on the command line (`--now`, `--since`)
 * as front matter dates are read: an offset (`Z`, `+08:00`) is exact; without one the
 * wall time is read in `timeZone` (the digest's: `digest.timezone`, else
 * `site.timezone`), so `--now 2025-06-22` is midnight there, not in UTC.
 */
export function parseInstantFlag(flag: string, value: string | undefined, timeZone: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = parseDate(value, timeZone);
  if (!d) {
    throw new UsageError(
      `--${flag} "${value}" is not an ISO 8601 date or date-time`,
      `Write it like 2025-06-16 or 2025-06-16T12:30 (read in ${timeZone}), or with an offset: 2025-06-16T12:30:00+08:00.`,
    );
  }
  return d;
}

/**
 * Whether a date-time flag's value is a date that reads the same in any time zone (it
 * carries its own offset): then it can be read before the config is.
 */
export function readsAnywhere(value: string): boolean {
  // Two zones 26 hours apart: a wall time without an offset cannot give one instant in both.
  const west = parseDate(value, 'Etc/GMT+12');
  return west !== undefined && west.getTime() === parseDate(value, 'Etc/GMT-14')?.getTime();
}
