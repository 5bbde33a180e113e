import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.js';

/**
 * Symbolic links under the content folder, judged before anything is read through them:
 * a link is resolved (every link in its chain, `..` included) and compared with where
 * the content folder really is, so no article can make the build read a file elsewhere.
 */

/** The content folder with its own links resolved (it may itself be a link), or as given. */
export function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** What a link under the content folder reaches: a file or folder inside it, something outside, or nothing. */
export function linkVerdict(link: string, root: string): 'file' | 'folder' | 'other' | 'outside' | 'broken' {
  let real: string;
  try {
    real = fs.realpathSync(link);
  } catch {
    return 'broken';
  }
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return 'outside';
  const s = fs.statSync(real, { throwIfNoEntry: false });
  // A FIFO or device would block or never end: only regular files are read.
  return s?.isFile() ? 'file' : s?.isDirectory() ? 'folder' : 'other';
}

/** Whether `abs`, links followed, is a folder. */
export function isFolder(abs: string): boolean {
  return fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

export function linkOutside(file: string, markdown: boolean): Problem {
  return {
    code: 'ContentLinkOutside',
    message: markdown
      ? 'This is a symbolic link to a file outside the content folder; it was not read'
      : 'This is a symbolic link to a folder outside the content folder; it was not read',
    file,
    hint: 'Move or copy the article into the content folder and replace the link with it; links may only point inside the content folder.',
  };
}
