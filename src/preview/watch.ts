import fs from 'node:fs';
import path from 'node:path';

/**
 * Watches the folders a preview depends on and calls `changed` (debounced) when a file
 * in them changes. `set` replaces the watched folders, e.g. after the config moved the
 * content folder. Folders watched whole (content, templates) are watched recursively;
 * the config file's folder is watched for that one file, since editors often save by
 * renaming a new file over the old one, which a watch on the file itself would miss.
 */
export interface Watcher {
  set(targets: { dirs: string[]; files: string[] }): void;
  close(): void;
}

export function watchInputs(changed: () => void, delayMs = 60): Watcher {
  let timer: NodeJS.Timeout | undefined;
  const kick = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(changed, delayMs);
  };
  let watchers = new Map<string, fs.FSWatcher>();
  const open = (key: string, make: () => fs.FSWatcher): void => {
    try {
      const w = make();
      // A folder deleted while watched: stop quietly; the next rebuild reports it.
      w.on('error', () => w.close());
      watchers.set(key, w);
    } catch {
      // A folder that does not exist yet: the rebuild reports the problem.
    }
  };
  return {
    set({ dirs, files }) {
      const next = new Map<string, fs.FSWatcher>();
      const wanted = new Set([...dirs.map((d) => `dir:${d}`), ...files.map((f) => `file:${f}`)]);
      for (const [key, w] of watchers) {
        if (wanted.has(key)) next.set(key, w);
        else w.close();
      }
      watchers = next;
      for (const dir of dirs) if (!watchers.has(`dir:${dir}`)) open(`dir:${dir}`, () => fs.watch(dir, { recursive: true }, kick));
      for (const file of files) {
        if (watchers.has(`file:${file}`)) continue;
        const base = path.basename(file);
        open(`file:${file}`, () => fs.watch(path.dirname(file), (_event, name) => {
          if (name === null || name.toString() === base) kick();
        }));
      }
    },
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
