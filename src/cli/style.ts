import { formatLocation, type Problem } from '../errors.js';

/**
 * Whether to colour what goes to a stream: only on a terminal, never with NO_COLOR set
 * (any value, as no-color.org asks) or TERM=dumb. Logs, pipes and CI get plain text.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

const paint = (code: string, text: string): string => `\u001b[${code}m${text}\u001b[0m`;

/** A problem as formatProblem prints it, with the location bold, the code dim and the hint cyan. */
export function formatProblemColored(p: Problem): string {
  const where = formatLocation(p);
  const path = p.path && !p.message.startsWith(`${p.path}:`) ? ` (${p.path})` : '';
  const head = `${where ? `${paint('1', where)}  ` : ''}${p.message}${path} ${paint('2', `[${p.code}]`)}`;
  return p.hint ? `${head}\n    ${paint('36', 'hint:')} ${p.hint}` : head;
}
