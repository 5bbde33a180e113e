import fs from 'node:fs';

/**
 * fdatasync of the WAL file on libuv's thread pool — the sync SQLite's FULL mode does
 * after a commit in WAL mode (SQLite uses fdatasync where there is one). The descriptor
 * is kept open while syncs keep coming (an open and a close per sync would add two event
 * loop turns to every commit's latency) and closed a second after the last one; an
 * unref'd timer, so it never holds the process open.
 */
export class WalSync {
  private fd: Promise<number> | undefined;
  private idle: NodeJS.Timeout | undefined;
  private running = 0;

  constructor(private readonly file: string) {}

  /**
   * Opens the descriptor (kept for the syncs that follow); false when the file cannot be
   * opened. Read-write, because Windows flushes only handles opened for writing.
   */
  async open(): Promise<boolean> {
    if (this.idle) clearTimeout(this.idle);
    this.fd ??= new Promise<number>((resolve, reject) => fs.open(this.file, 'r+', (err, fd) => (err ? reject(err) : resolve(fd))));
    try {
      await this.fd;
      return true;
    } catch {
      this.fd = undefined;
      return false;
    }
  }

  async sync(): Promise<void> {
    this.running += 1;
    if (this.idle) clearTimeout(this.idle);
    try {
      if (!(await this.open()) || !this.fd) throw new Error(`cannot open ${this.file}`);
      const fd = await this.fd;
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    } finally {
      this.running -= 1;
      if (this.running === 0) {
        this.idle = setTimeout(() => this.release(), 1000);
        this.idle.unref();
      }
    }
  }

  private release(): void {
    const fd = this.fd;
    this.fd = undefined;
    void fd?.then((n) => fs.close(n, () => {})).catch(() => {});
  }
}
