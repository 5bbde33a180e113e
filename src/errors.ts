/**
 * Errors for people: every problem carries a stable code, what
 * happened, what to do, and where. A `BroadsheetError` holds *all* problems found,
 * so a run reports everything at once instead of stopping at the first.
 */

/** One thing wrong with the user's input. */
export interface Problem {
  /** Stable, documented identifier, e.g. `FrontMatterInvalid`. */
  code: string;
  /** What happened and why, in one sentence. */
  message: string;
  /** The file it happened in, when there is one. */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** Dotted path of the offending field, e.g. `site.url` or `tags[2]`. */
  path?: string;
  /** What to do about it. */
  hint?: string;
}

/** The input is wrong: exit code 1. Carries every problem found. */
export class BroadsheetError extends Error {
  readonly problems: Problem[];
  readonly exitCode: 1 | 2;

  constructor(problems: Problem[] | Problem, exitCode: 1 | 2 = 1) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'BroadsheetError';
    this.problems = list;
    this.exitCode = exitCode;
  }
}

/** The command line is wrong: exit code 2. */
export class UsageError extends BroadsheetError {
  constructor(message: string, hint?: string) {
    super({ code: 'UsageError', message, ...(hint ? { hint } : {}) }, 2);
    this.name = 'UsageError';
  }
}

/** `file:line:column` when known, for messages and editors that jump to it. */
export function formatLocation(p: Pick<Problem, 'file' | 'line' | 'column'>): string {
  if (!p.file) return '';
  if (p.line === undefined) return p.file;
  return p.column === undefined ? `${p.file}:${p.line}` : `${p.file}:${p.line}:${p.column}`;
}

/** One problem as printed: `file:line  message (path) [Code]` and an indented hint. */
export function formatProblem(p: Problem): string {
  const where = formatLocation(p);
  // A message that already begins with its field ("site.url: …") does not repeat it.
  const path = p.path && !p.message.startsWith(`${p.path}:`) ? ` (${p.path})` : '';
  const head = `${where ? `${where}  ` : ''}${p.message}${path} [${p.code}]`;
  return p.hint ? `${head}\n    hint: ${p.hint}` : head;
}

/** Throws a BroadsheetError when the list is not empty. */
export function throwIfProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new BroadsheetError(problems);
}
