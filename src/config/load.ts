import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { BroadsheetError, type Problem } from '../errors.js';
import { closest } from '../lib/suggest.js';
import { configKeysAt as knownKeys } from './keys.js';
import { configSchema, type Config, type ConfigData, type ConfigInput } from './schema.js';
import { cleanStrings, cleanText } from '../lib/clean-text.js';
import { resolveUrlField } from '../lib/url-field.js';

export const DEFAULT_CONFIG_FILE = 'broadsheet.yaml';

export interface ConfigOverrides {
  /** `--content DIR`, relative to the working directory. */
  content?: string | undefined;
  /** `--out DIR`, relative to the working directory. */
  output?: string | undefined;
}

/**
 * Parses and validates config text (no I/O). Returns every problem with its line.
 * `file` is used for messages and to resolve relative folders.
 */
export function parseConfig(text: string, file: string): { config?: Config; problems: Problem[] } {
  const lineCounter = new LineCounter();
  // Config strings reach feeds, email and headers: cleaned here, once, like article text
  // (lib/clean-text.ts), before parsing and again after, since YAML escapes make controls.
  const doc = parseDocument(cleanText(text.replace(/^\uFEFF/, '')), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      code: 'ConfigSyntax',
      message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      file,
      line: pos.line,
      column: pos.col,
      hint: 'Fix the YAML syntax; indentation and unquoted colons are the usual causes.',
    };
  });
  if (problems.length > 0) return { problems };
  const data: unknown = cleanStrings(doc.toJS() ?? {});
  const result = configSchema.safeParse(data);
  if (!result.success) {
    return { problems: result.error.issues.map((issue) => issueToProblem(issue, doc, lineCounter, file)) };
  }
  const root = path.dirname(path.resolve(file));
  const parsed = withAbsoluteUrls(result.data);
  return {
    problems: [],
    config: {
      ...parsed,
      file: path.resolve(file),
      root,
      contentDir: path.resolve(root, parsed.content.dir),
      outputDir: path.resolve(root, parsed.output),
    },
  };
}

function issueToProblem(
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  file: string,
): Problem {
  const keyPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // An unknown key is reported at the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) keyPath.push(issue.keys[0]);
  // Point at the deepest node that exists: a missing key points at its parent.
  let line: number | undefined;
  for (let n = keyPath.length; n >= 0 && line === undefined; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, n), true);
    if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
  }
  const dotted = keyPath.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  let message = issue.message;
  if (issue.code === 'invalid_type' && !doc.hasIn(keyPath)) message = 'is required';
  if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  let hint = 'See docs/configuration.md for every key and its default.';
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    const parent = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const guess = closest(issue.keys[0], knownKeys(parent));
    if (guess) hint = `Did you mean ${[...parent.filter((p) => typeof p === 'string'), guess].join('.')}? ${hint}`;
  }
  return {
    code: 'ConfigInvalid',
    message: `${dotted || 'config'}: ${message.replace(/^Invalid input: /, '')}`,
    file,
    ...(line !== undefined ? { line } : {}),
    ...(dotted ? { path: dotted } : {}),
    hint,
  };
}

/** Builds a Config from an object in code (tests, library users). */
export function configFromObject(input: ConfigInput, root = process.cwd()): Config {
  const result = configSchema.safeParse(cleanStrings(structuredClone(input)));
  if (!result.success) {
    throw new BroadsheetError(
      result.error.issues.map((i) => ({ code: 'ConfigInvalid', message: `${i.path.join('.')} ${i.message}`, path: i.path.join('.') })),
    );
  }
  const parsed = withAbsoluteUrls(result.data);
  return { ...parsed, file: undefined, root, contentDir: path.resolve(root, parsed.content.dir), outputDir: path.resolve(root, parsed.output) };
}

/**
 * `site.image` and `site.author.url` made absolute against `site.url` (the schema
 * checked them: each is an http(s) URL or a path on the site).
 */
function withAbsoluteUrls(data: ConfigData): ConfigData {
  const { image, author } = data.site;
  if (image === undefined && author?.url === undefined) return data;
  const base = new URL(data.site.url);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  const absolute = (value: string): string => resolveUrlField(value, base) ?? value;
  return {
    ...data,
    site: {
      ...data.site,
      ...(image !== undefined ? { image: absolute(image) } : {}),
      ...(author ? { author: { ...author, ...(author.url !== undefined ? { url: absolute(author.url) } : {}) } } : {}),
    },
  };
}

// Fatal: a Latin-1 file would otherwise load with U+FFFD in the site title and go unnoticed.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads and validates the config file; flags override folders. Throws with every problem. */
export function loadConfig(file: string | undefined, overrides: ConfigOverrides = {}, cwd = process.cwd()): Config {
  const configPath = path.resolve(cwd, file ?? DEFAULT_CONFIG_FILE);
  // Relative to the working folder when inside it; outside, "../../x" would only puzzle.
  const relative = path.relative(cwd, configPath);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : configPath;
  let text: string;
  try {
    text = UTF8.decode(fs.readFileSync(configPath));
  } catch (err) {
    if (err instanceof TypeError) {
      throw new BroadsheetError({ code: 'ConfigNotUtf8', message: 'The config file is not valid UTF-8', file: shown, hint: 'Save it as UTF-8 (most editors: "Save with encoding").' });
    }
    const code = (err as NodeJS.ErrnoException).code;
    throw new BroadsheetError({
      code: 'ConfigNotFound',
      message: code === 'ENOENT' ? `No config file found at ${configPath}` : code === 'EISDIR' ? 'This is a folder, not a config file' : `Cannot read the config file (${code ?? 'error'})`,
      file: shown,
      hint: file ? 'Check the path given to --config.' : `Create ${DEFAULT_CONFIG_FILE} in this folder or pass --config FILE.`,
    });
  }
  const { config, problems } = parseConfig(text, shown);
  if (!config) throw new BroadsheetError(problems);
  return {
    ...config,
    file: configPath,
    root: path.dirname(configPath),
    // parseConfig resolved these against process.cwd() (it only sees the display name);
    // resolve against the config file's folder so a `cwd` other than the process's works.
    contentDir: path.resolve(cwd, overrides.content ?? path.resolve(path.dirname(configPath), config.content.dir)),
    outputDir: path.resolve(cwd, overrides.output ?? path.resolve(path.dirname(configPath), config.output)),
  };
}
