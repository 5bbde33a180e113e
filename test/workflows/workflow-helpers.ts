/** Reading workflow files as data, for the workflow tests. */

export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not a mapping`);
  return value as Record<string, unknown>;
}

export function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
  return value;
}

/** Every `run:` script of a workflow (all jobs) or of a composite action. */
export function allRunSteps(doc: Record<string, unknown>): { script: string }[] {
  const stepLists: unknown[] = [];
  if (doc.jobs) for (const j of Object.values(asRecord(doc.jobs, 'jobs'))) stepLists.push(asRecord(j, 'job').steps);
  if (doc.runs) stepLists.push(asRecord(doc.runs, 'runs').steps);
  const out: { script: string }[] = [];
  for (const list of stepLists) {
    for (const s of asList(list, 'steps')) {
      const run = asRecord(s, 'step').run;
      if (typeof run === 'string') out.push({ script: run });
    }
  }
  return out;
}

export type NpmInvocation = { kind: 'ci'; script: '' } | { kind: 'run' | 'lifecycle'; script: string };

/** `npm ci`, `npm test` (a lifecycle script), `npm run NAME` in a shell script. */
export function npmInvocations(script: string): NpmInvocation[] {
  const out: NpmInvocation[] = [];
  for (const m of script.matchAll(/(?:^|[;&|(]\s*|\s)npm\s+(ci|test|start|run(?:-script)?\s+([\w:.-]+))\b/gm)) {
    if (m[1] === 'ci') out.push({ kind: 'ci', script: '' });
    else if (m[2]) out.push({ kind: 'run', script: m[2] });
    else out.push({ kind: 'lifecycle', script: m[1]! });
  }
  return out;
}

/** One CLI call: the subcommand and the flags it is given. */
export interface BroadsheetInvocation {
  command: string;
  flags: string[];
}

const flagsOf = (words: string): string[] => [...words.matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)].map((m) => m[1]!);

/**
 * Calls of the CLI in a shell script: `node …/dist/src/cli/bin.js CMD …`,
 * `broadsheet CMD …`, `npx broadsheet CMD …`, and the action's `args=(CMD …)`
 * arrays with the flags that are added to every one of them (`args+=(…)` on a
 * line of its own; conditional additions are left out).
 */
export function broadsheetInvocations(script: string): BroadsheetInvocation[] {
  const out: BroadsheetInvocation[] = [];
  for (const line of script.split('\n')) {
    const direct = /(?:dist\/src\/cli\/bin\.js|(?:^|\s)(?:npx\s+)?broadsheet)\s+([a-z][\w-]*)([^|;&#]*)/.exec(line);
    if (direct && !line.includes('"${args[@]}"')) out.push({ command: direct[1]!, flags: flagsOf(direct[2] ?? '') });
  }
  const arrays = [...script.matchAll(/\bargs=\(([a-z][\w-]*)([^)]*)\)/g)].map((m) => ({ command: m[1]!, flags: flagsOf(m[2] ?? '') }));
  // Flags added outside any `if … fi` block reach every call.
  const always: string[] = [];
  let depth = 0;
  for (const line of script.split('\n')) {
    if (/^\s*fi\b/.test(line)) depth -= 1;
    if (depth === 0 && /^\s*args\+=\(/.test(line)) always.push(...flagsOf(line.replace(/^\s*args\+=\(/, ' ')));
    if (/^\s*if\b.*\bthen\s*$/.test(line) || /^\s*then\s*$/.test(line)) depth += 1;
  }
  for (const a of arrays) out.push({ command: a.command, flags: [...a.flags, ...always] });
  return out;
}

/** The subcommand names registered in src/cli/main.ts. */
export function cliCommandNames(mainSource: string): string[] {
  const block = /const commands[^{]*\{([\s\S]*?)\n\};/.exec(mainSource)?.[1] ?? '';
  return [...block.matchAll(/^\s*([a-z][\w-]*):\s*async/gm)].map((m) => m[1]!);
}

/** A command's `--help` text, from the command module itself. */
export async function commandUsage(name: string): Promise<string> {
  const mod = (await import(`../../src/cli/commands/${name}.js`)) as { default: { usage: string } };
  return mod.default.usage;
}
