import type { Clock } from '../clock.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop taking new work. */
  signal: AbortSignal;
  /** Whether stderr may carry colour (a terminal, NO_COLOR unset); default no. */
  color?: boolean;
}

/** A command: parses its own argv and returns an exit code. Never calls process.exit. */
export interface Command {
  /** One line for `broadsheet --help`. */
  summary: string;
  /** Full usage text for `broadsheet COMMAND --help`. */
  usage: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}
