import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

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
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''), `Run "broadsheet ${command} --help" for the options.`);
  }
}

/** Parses an ISO 8601 instant given on the command line (`--now`, `--since`). */
export function parseInstantFlag(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(`--${flag} "${value}" is not an ISO 8601 date-time`, `Write it like 2025-06-16T12:30:00+08:00.`);
  }
  return d;
}
