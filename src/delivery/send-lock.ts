import fs from 'node:fs';
import { BroadsheetError } from '../errors.js';

/**
 * One sender per store at a time. The crash policy re-sends deliveries found `sending`,
 * which is only right when the run that claimed them is dead; a lock file next to the
 * store (holding the owner's pid) makes sure it is. A lock whose process no longer
 * exists (kill -9, power loss) is stale and taken over.
 */
export function acquireSendLock(storeFile: string): () => void {
  const file = `${storeFile}.send.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readOrEmpty(file), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new BroadsheetError({
          code: 'SendRunning',
          message: `Another "broadsheet send" (pid ${pid}) is sending from this store`,
          file,
          hint: 'Wait for it to finish. If no such process exists, delete the lock file.',
        });
      }
      try {
        fs.unlinkSync(file); // stale: its owner is gone
      } catch {
        // Someone else removed it first; try again.
      }
    }
  }
  throw new BroadsheetError({ code: 'SendRunning', message: 'Could not take the send lock', file, hint: 'Another send may be starting; try again.' });
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
