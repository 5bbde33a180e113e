/**
 * The `content.include` / `content.exclude` globs: which files under the content
 * folder are read at all. Paths are `/`-separated and relative to the content folder.
 *
 * `*` matches within one path segment, `?` one character of it, `**` any number of
 * whole segments (none included), `{a,b}` either alternative, `[abc]` one of the
 * characters. A pattern with no glob character and no Markdown extension names a
 * folder and everything in it (`posts` is `posts/**`), as does one ending in `/`.
 */

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** The regular expression source of one glob, anchored at both ends. */
function globSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          i += 2;
          // `**/` matches no folder or any folders; a final `**` anything below.
          out += i >= glob.length ? '.*' : '(?:[^/]+/)*';
          continue;
        }
      }
      out += '[^/]*';
      while (glob[i + 1] === '*') i++;
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) out += '|';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        const inner = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${inner}]`;
        i = close;
      }
    } else out += escape(ch);
  }
  return out + ')'.repeat(braces);
}

/** A pattern as written, with a folder name widened to the folder's contents. */
function widen(pattern: string): string {
  const p = pattern.replace(/^\.\//, '').replace(/^\/+/, '');
  if (p.endsWith('/')) return `${p}**`;
  if (!/[*?[{]/.test(p) && !/\.(md|markdown)$/i.test(p)) return `${p}/**`;
  return p;
}

/** A test for one glob (or folder name) against a `/`-separated relative path. */
export function globMatcher(pattern: string): (rel: string) => boolean {
  const re = new RegExp(`^${globSource(widen(pattern))}$`, 'u');
  return (rel) => re.test(rel);
}

/**
 * Which files are read: those some `include` glob matches (every file when there is
 * none) and no `exclude` glob does. Undefined when neither is given, so the caller
 * can skip the test altogether.
 */
export function contentFilter(include: readonly string[], exclude: readonly string[]): ((rel: string) => boolean) | undefined {
  if (include.length === 0 && exclude.length === 0) return undefined;
  const inc = include.map(globMatcher);
  const exc = exclude.map(globMatcher);
  return (rel) => (inc.length === 0 || inc.some((m) => m(rel))) && !exc.some((m) => m(rel));
}
