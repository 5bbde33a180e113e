import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, type TestContext } from 'node:test';
import pg from 'pg';

/** A real PostgreSQL server started for this test process. */
export interface PostgresServer {
  /** Connection URL of the server's maintenance database `postgres` (user `broadsheet`, no password: trust auth on 127.0.0.1 only). */
  readonly adminUrl: string;
  /**
   * Creates a fresh empty database (unique name), returns its URL; dropped (WITH (FORCE)) after
   * the test `t`, once the test's own after hooks have run, so close your clients in those.
   */
  database(t: TestContext): Promise<string>;
  /** Builds a URL for database `name` on this server. */
  urlFor(name: string): string;
}

const USER = 'broadsheet';
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

interface Running {
  api: PostgresServer;
  stop(): Promise<void>;
}

let starting: Promise<Running> | undefined;

// Registered when this module is imported, from the test file's top level: `after()` called
// inside a test attaches to that test, and would stop the server when the first test ends.
after(async () => {
  const server = await starting?.catch(() => undefined);
  await server?.stop();
});

/**
 * The server shared by every test in this process (node --test runs each test file in its
 * own process): started on first use, stopped (fast shutdown, data dir removed) when the
 * process's tests end. In CI (env CI set) a server that cannot start fails the test loudly;
 * locally the test is skipped with the reason printed.
 */
export async function usePostgres(t: TestContext): Promise<PostgresServer | undefined> {
  try {
    return (await (starting ??= startServer())).api;
  } catch (err) {
    return skipOrFail(t, (err as Error).message);
  }
}

function skipOrFail(t: TestContext, reason: string): undefined {
  if (process.env.CI) throw new Error(`PostgreSQL test cannot run in CI: ${reason}`);
  console.log(`# skipping PostgreSQL test: ${reason}`);
  t.skip(reason);
  return undefined;
}

/** Debian's binaries of the highest installed major version, or POSTGRES_BIN_DIR. */
function findBinDir(): string {
  const own = process.env.POSTGRES_BIN_DIR;
  if (own) {
    if (!fs.existsSync(path.join(own, 'postgres'))) throw new Error(`${own}/postgres not found (POSTGRES_BIN_DIR)`);
    return own;
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
  const highest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!highest) throw new Error(`${root}/*/bin/postgres not found (apt-get install postgresql)`);
  return path.join(root, highest, 'bin');
}

/**
 * A RAM file system when it has room, else the system temp dir. Measured here (ext4 with
 * discard): initdb + start 0.5 s on /dev/shm against 1.2 s, CREATE DATABASE 10 ms against
 * 200 ms. The room check skips Docker's default 64 MB /dev/shm, which a cluster would fill.
 */
function tempRoot(): string {
  try {
    const { bavail, bsize } = fs.statfsSync('/dev/shm');
    if (bavail * bsize >= 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm: not Linux
  }
  return os.tmpdir();
}

type Owner = { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user Debian creates. */
function runAs(): Owner {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as');
  }
}

async function startServer(): Promise<Running> {
  const bin = findBinDir();
  const owner = runAs();
  const dir = fs.mkdtempSync(path.join(tempRoot(), 'broadsheet-pg-'));
  try {
    if (owner) fs.chownSync(dir, owner.uid, owner.gid);
    const data = path.join(dir, 'data');
    await initdb(bin, dir, data, owner);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawnPostgres(bin, dir, data, port, owner);
      try {
        const admin = await waitUntilReady(child, urlFor(port, 'postgres'), data);
        return running(child, admin, port, dir);
      } catch (err) {
        await stopChild(child.process);
        // Another process may take the port between our probe and the server's bind.
        if (!child.log().includes('Address already in use') || attempt === PORT_ATTEMPTS) throw err;
      }
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    throw err;
  }
}

async function initdb(bin: string, dir: string, data: string, owner: Owner): Promise<void> {
  // --no-sync: the data dir is thrown away, and syncing it is most of initdb's time.
  const args = ['-D', data, '--auth=trust', `--username=${USER}`, '--encoding=UTF8', '--no-sync'];
  try {
    await run(path.join(bin, 'initdb'), [...args, '--locale=C.UTF-8'], dir, owner);
  } catch {
    fs.rmSync(data, { recursive: true, force: true });
    await run(path.join(bin, 'initdb'), [...args, '--no-locale'], dir, owner);
  }
}

function run(file: string, args: string[], cwd: string, owner: Owner): Promise<void> {
  return new Promise((resolve, reject) => {
    // spawn's uid/gid rather than runuser: runuser forks and ignores SIGINT, so it would stand
    // between us and the postmaster. Same mechanism for initdb and postgres.
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...owner });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}:\n${output.trim()}`)),
    );
  });
}

/** A port that was free a moment ago; the caller retries if the server cannot bind it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Postmaster {
  process: ChildProcess;
  log(): string;
}

function spawnPostgres(bin: string, dir: string, data: string, port: number, owner: Owner): Postmaster {
  const settings = {
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '100',
  };
  const args = ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child = spawn(path.join(bin, 'postgres'), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...owner });
  // Always drained, or the server blocks once the pipe is full; only the tail is kept.
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => keep(Buffer.from(`\n${err.message}\n`)));
  return { process: child, log: () => log };
}

/** Connects until the server answers; the connected client becomes the admin connection. */
async function waitUntilReady(child: Postmaster, url: string, data: string): Promise<pg.Client> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline && isRunning(child.process)) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {}); // a failed attempt; the next one reports
    try {
      await client.connect();
      const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
      // Our server failed to bind and someone else's answered on the port.
      if (rows[0]?.data_directory !== data) throw new Error(`another server answers on ${url}`);
      return client;
    } catch (err) {
      lastError = (err as Error).message;
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const why = isRunning(child.process) ? `did not answer within ${READY_TIMEOUT_MS} ms (${lastError})` : 'exited';
  throw new Error(`PostgreSQL ${why}; its log ends:\n${child.log().trim()}`);
}

/** False too when it never started (no pid), so nobody waits for its exit. */
function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function urlFor(port: number, name: string): string {
  return `postgres://${USER}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
}

function running(child: Postmaster, admin: pg.Client, port: number, dir: string): Running {
  admin.removeAllListeners('error');
  admin.on('error', () => {}); // the server went away: the next query rejects and says so
  const watchdog = spawnWatchdog(child.process, dir);
  // Synchronous last resort for process.exit() and crashes: immediate shutdown.
  const onExit = () => isRunning(child.process) && child.process.kill('SIGQUIT');
  process.on('exit', onExit);

  const api: PostgresServer = {
    adminUrl: urlFor(port, 'postgres'),
    urlFor: (name) => urlFor(port, name),
    async database(t) {
      const name = `bs_${crypto.randomBytes(8).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      // Hooks run in registration order, so the test's own hooks (closing its clients) come
      // after this one: re-register to drop last. FORCE would kill an open client, whose
      // unhandled 'error' event would crash the process.
      t.after(() => t.after(() => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
      return urlFor(port, name);
    },
  };
  return {
    api,
    async stop() {
      process.off('exit', onExit);
      watchdog.kill('SIGKILL'); // first, so it never signals a pid that was reused
      await admin.end().catch(() => {});
      await stopChild(child.process);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/**
 * A process that outlives us if we are killed (SIGKILL, SIGTERM, a timeout): when our end of
 * its stdin closes, it shuts the server down and removes the data dir. In its own session, so
 * a Ctrl-C on the terminal does not kill it first.
 */
function spawnWatchdog(postmaster: ChildProcess, dir: string): ChildProcess {
  // SIGQUIT is immediate shutdown. The postmaster removes postmaster.pid as it exits; `kill -0`
  // alone would wait on its zombie, which nobody may reap now that its parent is gone.
  const script = [
    'read _',
    'kill -QUIT "$1" 2>/dev/null',
    'i=0',
    'while [ -e "$2/data/postmaster.pid" ] && kill -0 "$1" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
    '[ -e "$2/data/postmaster.pid" ] && kill -KILL "$1" 2>/dev/null',
    'rm -rf "$2"',
  ].join('\n');
  const args = ['-c', script, 'broadsheet-pg-watchdog', String(postmaster.pid), dir];
  const watchdog = spawn('sh', args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog.on('error', () => {}); // no sh: we lose only the safety net
  watchdog.unref();
  return watchdog;
}

/** SIGINT is PostgreSQL's fast shutdown: sessions are cut, nothing is waited for. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
