import fs from 'node:fs';
import path from 'node:path';
import { BroadsheetError } from '../errors.js';
import { shippedTemplatesDir } from '../paths.js';
import type { InitFile } from './scaffold.js';

/** The shipped workflow templates that `init --github` fills in. */
export function readGithubTemplates(): Record<string, string> {
  const dir = path.join(shippedTemplatesDir, 'init', 'github');
  const out: Record<string, string> = {};
  for (const name of ['publish.yml', 'newsletter.yml', 'state-branch.sh']) out[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  return out;
}

/**
 * Writes a new publication's files into `dir`, or nothing at all: when any of them
 * exists already, every one that does is named and nothing is written, so an `init`
 * in the wrong folder never replaces someone's config or article.
 */
export function writeNewFiles(dir: string, files: InitFile[], shown: (file: string) => string): string[] {
  const existing = files.map((f) => path.join(dir, f.path)).filter((file) => fs.existsSync(file));
  if (existing.length > 0) {
    throw new BroadsheetError(
      existing.map((file) => ({
        code: 'InitFileExists',
        message: 'This file exists already; init writes nothing rather than replace it',
        file: shown(file),
        hint: 'Run init in an empty folder (broadsheet init DIR), or move these files away first.',
      })),
    );
  }
  const written: string[] = [];
  for (const f of files) {
    const file = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // "wx": a file that appeared since the check above is still never replaced.
    fs.writeFileSync(file, f.content, { flag: 'wx', mode: f.executable ? 0o755 : 0o644 });
    written.push(file);
  }
  return written;
}
