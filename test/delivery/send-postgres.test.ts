import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresStore } from '../../src/store/postgres.js';
import { usePostgres } from '../helpers/postgres.js';
import { startFaultServer } from './fault-smtp.js';
import { publication } from '../cli/publication.js';

// The PostgreSQL store from the command line, as an operator past one machine runs it:
// the URL (with a password) in BROADSHEET_STORE, senders in separate processes.

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');
const NOW = '2025-06-16T09:00:00+08:00';
const SECRET = 'pg-cli-test-secret-0123456789abcdef';
const PASSWORD = 's3cr3t-pw';
const SUBSCRIBERS = 120;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function run(args: string[], env: Record<string, string>, onSpawn?: (kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
    onSpawn?.((s) => child.kill(s));
  });
}

function project(): { dir: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-pg-cli-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(path.join(dir, 'content', 'ai.md'), `---\ntitle: 人工智能的十个变化\ndate: 2025-06-14T10:00:00+08:00\nmain_topics: ["人工智能"]\n---\n正文。\n`);
  fs.writeFileSync(path.join(dir, 'content', 'chips.md'), `---\ntitle: Chips\ndate: 2025-06-13T10:00:00+08:00\nmain_topics: ["Engineering"]\n---\nBody.\n`);
  const config = path.join(dir, 'broadsheet.yaml');
  fs.writeFileSync(
    config,
    [
      'site:',
      '  title: 测试周刊',
      '  url: https://news.example.org/',
      '  language: zh-CN',
      '  timezone: Asia/Shanghai',
      'digest:',
      '  lookback: 14d',
      'newsletter:',
      '  from: 测试周刊 <digest@news.example.org>',
      '  service_url: https://subscribe.news.example.org/',
      'delivery:',
      '  concurrency: 2',
      '  rate: 1000',
    ].join('\n'),
  );
  const rows = ['email,topics'];
  for (let i = 0; i < SUBSCRIBERS; i++) rows.push(`user${i}@example.net,${i % 3 === 0 ? 'Engineering' : ''}`);
  fs.writeFileSync(path.join(dir, 'subs.csv'), `${rows.join('\n')}\n`);
  return { dir, config };
}

test('PostgreSQL store: a second sender is refused, a killed send resumes at once, everyone gets one copy', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const url = new URL(await server.database(t));
  url.password = PASSWORD; // trust auth ignores it; the output must never show it
  const env = { BROADSHEET_STORE: url.toString(), BROADSHEET_SECRET: SECRET };
  const p = project();
  t.after(() => fs.rmSync(p.dir, { recursive: true, force: true }));

  let kill: ((s: NodeJS.Signals) => void) | undefined;
  let rival: Promise<Run> | undefined;
  // After the fifth message the server holds every DATA unanswered, so the first send is
  // surely still running, mid-edition, while the rival starts and is refused, however
  // slow the machine; the held messages were never accepted, and the rerun sends them.
  let hold = false;
  const smtp = await startFaultServer({
    delayMs: 20,
    data: () => (hold ? 'hang' : undefined),
    onAccepted: (n) => {
      if (n !== 5) return;
      hold = true;
      rival = run(['send', '--config', p.config, '--now', NOW], { ...env, SMTP_URL: smtpUrl() });
    },
  });
  const smtpUrl = (): string => smtp.url;
  t.after(() => smtp.close());
  const sendEnv = { ...env, SMTP_URL: smtp.url };

  const imported = await run(['subscribers', 'import', path.join(p.dir, 'subs.csv'), '--confirmed', '--config', p.config], env);
  assert.equal(imported.code, 0, imported.out);

  const first = run(['send', '--config', p.config, '--now', NOW], sendEnv, (k) => (kill = k));
  // Wait for the rival to be started and refused, then kill the first run mid-edition.
  const deadline = Date.now() + 60_000;
  while (!rival && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(rival, 'the first send never got going');
  const refused = await rival;
  assert.equal(refused.code, 1, refused.out);
  assert.match(refused.out, /Another "broadsheet send".* is sending from this store.*\[SendRunning\]/);
  const before = smtp.accepted.length;
  assert.ok(before < SUBSCRIBERS / 2, `the first send was still early (${before} sent) when the rival was refused`);
  // status sees the running send through the database, from any machine.
  const busy = await run(['status', '--config', p.config, '--json'], env);
  assert.equal(busy.code, 0, busy.out);
  const send = (JSON.parse(busy.out) as { send: { running: boolean; holder: string | null } }).send;
  assert.deepEqual(send, { ...send, running: true, holder: 'a connection from 127.0.0.1' });
  kill?.('SIGKILL');
  const killed = await first;
  assert.equal(killed.signal, 'SIGKILL', killed.out);
  hold = false;

  // No stale lock: the dead run's connection took its lock with it.
  const rerun = await run(['send', '--config', p.config, '--now', NOW], sendEnv);
  assert.equal(rerun.code, 0, rerun.out);
  assert.match(rerun.out, /Resuming unfinished edition/);

  const counts = new Map<string, number>();
  for (const m of smtp.accepted) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  assert.equal(counts.size, SUBSCRIBERS, 'every subscriber got the edition');
  const inFlight = Number(/(\d+) deliver(?:y was|ies were) in flight/.exec(rerun.out)?.[1] ?? 0);
  const twice = [...counts.values()].filter((n) => n > 1).length;
  assert.ok(inFlight <= 2, `${inFlight} in flight with concurrency 2`);
  assert.ok(twice <= inFlight && [...counts.values()].every((n) => n <= 2), `${twice} got two copies; ${inFlight} were in flight`);

  const store = await openPostgresStore(url.toString(), { readonly: true });
  try {
    const [edition] = await store.listEditions();
    assert.ok(edition?.completedAt, 'the edition is complete');
    assert.deepEqual(await store.countDeliveries(edition.id), { planned: 0, sending: 0, sent: SUBSCRIBERS, failed: 0 });
  } finally {
    await store.close();
  }

  const status = await run(['status', '--config', p.config, '--now', NOW], env);
  assert.equal(status.code, 0, status.out);
  assert.doesNotMatch(status.out, /^Send: running/m, 'the lock went with the runs');
  assert.match(status.out, /postgres:\/\/broadsheet:\*\*\*@127\.0\.0\.1/);
  for (const r of [imported, refused, killed, rerun, status]) assert.ok(!r.out.includes(PASSWORD), `the password leaked:\n${r.out}`);

  // A password on the command line is refused before anything connects.
  const flag = await run(['subscribers', 'list', '--config', p.config, '--store', url.toString()], {});
  assert.equal(flag.code, 2, flag.out);
  assert.match(flag.out, /BROADSHEET_STORE/);
  assert.ok(!flag.out.includes(PASSWORD));
});

test('PostgreSQL store: reading commands never create the schema; a wrong database is a clear error', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const url = await server.database(t);
  const p = project();
  t.after(() => fs.rmSync(p.dir, { recursive: true, force: true }));

  const list = await run(['subscribers', 'list', '--config', p.config], { BROADSHEET_STORE: url });
  assert.equal(list.code, 0, list.out);
  const status = await run(['status', '--config', p.config], { BROADSHEET_STORE: url });
  assert.equal(status.code, 0, status.out);
  assert.match(status.out, /not created yet/);
  const pg = (await import('pg')).default;
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string | null }>("SELECT to_regnamespace('broadsheet')::text AS schema");
    assert.equal(rows[0]?.schema, null, 'reading created the schema');
  } finally {
    await client.end();
  }

  const missing = new URL(url);
  missing.pathname = '/no_such_database';
  missing.password = PASSWORD;
  const add = await run(['subscribers', 'add', 'a@example.net', '--config', p.config], { BROADSHEET_STORE: missing.toString() });
  assert.equal(add.code, 1, add.out);
  assert.match(add.out, /database "no_such_database" does not exist.*\[StoreUnreachable\]/s);
  assert.ok(!add.out.includes(PASSWORD), add.out);
});

test('PostgreSQL store: send --due decides from the database; the next trigger finds the edition done', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const env = { BROADSHEET_STORE: await server.database(t) };
  const p = publication();
  t.after(() => p.close());
  for (const email of ['a@example.org', 'b@example.org']) assert.equal((await p.run(['subscribers', 'add', email, '--confirmed'], { env })).code, 0);
  const outbox = path.join(p.dir, 'outbox');
  const first = await p.run(['send', '--due', '--now', '2026-11-23T09:05:00+08:00'], { env });
  assert.equal(first.code, 0, first.out + first.err);
  assert.equal(fs.readdirSync(outbox).length, 2);
  const second = await p.run(['send', '--due', '--now', '2026-11-23T09:35:00+08:00'], { env });
  assert.equal(second.code, 0, second.out + second.err);
  assert.doesNotMatch(second.out, /Edition .*: created/);
  assert.equal(fs.readdirSync(outbox).length, 2, 'nothing sent twice');
  assert.ok(!fs.existsSync(path.join(p.dir, 'state')), 'no SQLite store beside the config');
});

test('PostgreSQL store: a send whose lock connection dies stops (exit 75) rather than go on unlocked; the rerun finishes', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const url = await server.database(t);
  const env = { BROADSHEET_STORE: url, BROADSHEET_SECRET: SECRET };
  const p = project();
  t.after(() => fs.rmSync(p.dir, { recursive: true, force: true }));
  const pg = (await import('pg')).default;
  const admin = new pg.Client(url);
  await admin.connect();
  t.after(() => admin.end());
  let terminated: Promise<number> | undefined;
  const smtp = await startFaultServer({
    delayMs: 20,
    onAccepted: (n) => {
      // A failover, a restart, an idle-connection reaper: the lock's session ends.
      if (n === 20) {
        terminated = admin
          .query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'broadsheet send lock' AND datname = current_database()")
          .then((r) => r.rowCount ?? 0);
      }
    },
  });
  t.after(() => smtp.close());
  assert.equal((await run(['subscribers', 'import', path.join(p.dir, 'subs.csv'), '--confirmed', '--config', p.config], env)).code, 0);

  const first = await run(['send', '--config', p.config, '--now', NOW], { ...env, SMTP_URL: smtp.url });
  assert.equal(await terminated, 1, 'the lock had a connection of its own to end');
  assert.equal(first.code, 75, first.out);
  assert.match(first.out, /Stopping: the send lock's connection (failed|ended).*rerun to finish/);
  assert.ok(smtp.accepted.length < SUBSCRIBERS, `stopped early (${smtp.accepted.length} sent)`);

  const rerun = await run(['send', '--config', p.config, '--now', NOW], { ...env, SMTP_URL: smtp.url });
  assert.equal(rerun.code, 0, rerun.out);
  const counts = new Map<string, number>();
  for (const m of smtp.accepted) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  assert.equal(counts.size, SUBSCRIBERS);
  assert.ok([...counts.values()].every((n) => n === 1), 'a stop after the messages in flight were recorded sends nobody two');
});
