// Sending throughput: Broadsheet's send loop — raw MIME assembled per
// recipient from an edition rendered once, claimed and recorded in SQLite around every
// SMTP transaction — against plain per-message nodemailer composition
// (`transport.sendMail({ from, to, subject, html, text, headers })`), both sending a
// realistic 30-article digest to the same local SMTP server, in the same run.
//
//   npm run compile && node bench/send-throughput.mjs [deliveries=10000]
//   BENCH_POSTGRES_URL=postgres://… also measures the send loop on a PostgreSQL store.
//
// The machine this runs on is often shared and its load drifts over a minute, so the
// three measurements at full size are interleaved in rounds (BENCH_ROUNDS, default 3):
// broadsheet, raw-only, nodemailer, then again. The ratios printed are of the medians,
// and each round's own ratio is shown too. The receiving server's CPU per message is
// read from /proc (Linux) to show how much of the two cores it takes.
//
// Imports the compiled modules from dist/ (BENCH_DIST=dist-XX to use another out dir).
// The SMTP server runs in its own process and throws the data away, so it measures the
// sender. Each measurement runs in a fresh process, so peak RSS is its own.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TOPICS, digestArticles } from './digest-fixture.mjs';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const dist = path.join(root, process.env.BENCH_DIST ?? 'dist', 'src');
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const CONCURRENCY = 8;

const role = process.argv[2];
if (role === '--server') await server();
else if (role === '--measure') await measure(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
else await main(Number(process.argv[2] ?? 10000));

/** The orchestrator: server process, then one process per measurement. */
async function main(n) {
  const srv = fork(self, ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => srv.once('message', resolve));
  const small = Math.max(100, Math.round(n / 10));
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const plan = [['broadsheet', small], ['nodemailer', small]];
  // BENCH_POSTGRES_URL: the same send loop on the PostgreSQL store too (its schema
  // `broadsheet` is dropped before each run, so give it a scratch database).
  const pgMode = process.env.BENCH_POSTGRES_URL ? [['broadsheet-pg', n]] : [];
  for (let r = 0; r < rounds; r++) plan.push(['broadsheet', n], ...pgMode, ['raw-only', n], ['nodemailer', n]);
  const runs = [];
  try {
    for (const [mode, count] of plan) {
      const serverCpu = cpuMsOf(srv.pid);
      const child = fork(self, ['--measure', mode, String(count), String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
      const result = await new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => code && reject(new Error(`${mode} ${count} exited ${code}`)));
      });
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      const serverMs = cpuMsOf(srv.pid) - serverCpu;
      result.serverCpuMsPerMessage = Number.isNaN(serverMs) ? undefined : serverMs / count;
      runs.push(result);
      console.log(
        `${mode.padEnd(10)} ${String(count).padStart(6)} deliveries  ${result.seconds.toFixed(2).padStart(7)} s  ${Math.round(result.perSecond).toString().padStart(6)} msg/s  ` +
          `${result.cpuMsPerMessage.toFixed(2)} ms CPU/msg${result.serverCpuMsPerMessage === undefined ? '' : ` (server ${result.serverCpuMsPerMessage.toFixed(2)})`}  ` +
          `peak RSS ${result.rssMb.toFixed(0)} MB  live heap ${result.liveMb.toFixed(0)} MB${result.note ? `  (${result.note})` : ''}`,
      );
    }
  } finally {
    srv.kill();
  }
  const get = (mode, count) => runs.find((r) => r.mode === mode && r.count === count);
  const all = (mode) => runs.filter((r) => r.mode === mode && r.count === n);
  const med = (mode, key) => median(all(mode).map((r) => r[key]));
  const ours = { perSecond: med('broadsheet', 'perSecond'), cpuMsPerMessage: med('broadsheet', 'cpuMsPerMessage'), bytes: get('broadsheet', n).bytes };
  const plain = { perSecond: med('nodemailer', 'perSecond'), cpuMsPerMessage: med('nodemailer', 'cpuMsPerMessage') };
  const raw = { perSecond: med('raw-only', 'perSecond'), cpuMsPerMessage: med('raw-only', 'cpuMsPerMessage') };
  const perRound = (mode) => all(mode).map((r, i) => (r.perSecond / all('nodemailer')[i].perSecond).toFixed(1)).join(', ');
  console.log('');
  console.log(`Medians of ${rounds} round${rounds === 1 ? '' : 's'} at ${n} deliveries: broadsheet ${Math.round(ours.perSecond)}, raw-only ${Math.round(raw.perSecond)}, nodemailer ${Math.round(plain.perSecond)} msg/s`);
  console.log(`Broadsheet send loop vs plain nodemailer: ${(ours.perSecond / plain.perSecond).toFixed(1)}x messages per second (rounds: ${perRound('broadsheet')}), ${(plain.cpuMsPerMessage / ours.cpuMsPerMessage).toFixed(1)}x less sender CPU per message (goal: at least 5x)`);
  if (pgMode.length > 0) {
    const pg = { perSecond: med('broadsheet-pg', 'perSecond'), cpuMsPerMessage: med('broadsheet-pg', 'cpuMsPerMessage') };
    console.log(`Broadsheet on PostgreSQL vs on SQLite: ${Math.round(pg.perSecond)} vs ${Math.round(ours.perSecond)} msg/s (${(pg.perSecond / ours.perSecond).toFixed(2)}x), ${pg.cpuMsPerMessage.toFixed(2)} vs ${ours.cpuMsPerMessage.toFixed(2)} ms sender CPU per message`);
  }
  console.log(`Raw assembly + SMTP alone vs plain nodemailer: ${(raw.perSecond / plain.perSecond).toFixed(1)}x messages per second (rounds: ${perRound('raw-only')}), ${(plain.cpuMsPerMessage / raw.cpuMsPerMessage).toFixed(1)}x less CPU per message`);
  const mem = (r) => `peak RSS ${r.rssMb.toFixed(0)} MB, live heap ${r.liveMb.toFixed(0)} MB`;
  console.log(`Memory, Broadsheet: ${mem(get('broadsheet', small))} at ${small} vs ${mem(get('broadsheet', n))} at ${n} deliveries`);
  console.log(`Memory, nodemailer: ${mem(get('nodemailer', small))} at ${small} vs ${mem(get('nodemailer', n))} at ${n} deliveries`);
  console.log(`Message size: ${(ours.bytes / 1024).toFixed(0)} KiB on average (${os.cpus().length} CPUs, Node ${process.version})`);
}

/**
 * The SMTP server, in its own process. Default: smtp-server (the package the tests use)
 * with a data handler that drops every chunk. BENCH_SERVER=sink uses a minimal SMTP sink
 * written on node:net (finds the end of DATA with Buffer#indexOf) to show how much of a
 * measurement is the receiving server's own cost.
 */
async function server() {
  if (process.env.BENCH_SERVER === 'sink') return sink();
  const { SMTPServer } = await import('smtp-server');
  const s = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    maxClients: 1000,
    size: 0,
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => cb());
    },
  });
  s.listen(0, '127.0.0.1', () => process.send(s.server.address().port));
}

async function sink() {
  const net = await import('node:net');
  const END = Buffer.from('\r\n.\r\n');
  const s = net.createServer((socket) => {
    let data = false;
    let pending = Buffer.alloc(0);
    // Replies are small writes in a row: without this, Nagle and delayed ACKs stall each one.
    socket.setNoDelay(true);
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (data) {
          const end = pending.indexOf(END);
          if (end < 0) {
            pending = pending.subarray(Math.max(0, pending.length - 4));
            return;
          }
          pending = pending.subarray(end + END.length);
          data = false;
          socket.write('250 OK\r\n');
          continue;
        }
        const eol = pending.indexOf('\r\n');
        if (eol < 0) return;
        const line = pending.toString('latin1', 0, eol).toUpperCase();
        pending = pending.subarray(eol + 2);
        if (line.startsWith('EHLO')) socket.write('250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (line.startsWith('DATA')) {
          data = true;
          // The terminator also ends an empty body: make "\r\n.\r\n" findable from the start.
          pending = Buffer.concat([Buffer.from('\r\n'), pending]);
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  s.listen(0, '127.0.0.1', () => process.send(s.address().port));
}

function edition(config, selectEdition) {
  const at = new Date('2025-06-16T01:00:00Z');
  const articles = digestArticles(at);
  return { at, plan: selectEdition(articles, config, { at, held: new Set() }) };
}

function subscriberInputs(n) {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    // A third take everything; the rest one to four topics (every cut is non-empty).
    const picked = TOPICS.filter(() => random() < 0.3).slice(0, 4);
    const topics = random() < 0.33 ? [] : picked.length ? picked : [TOPICS[i % 8]];
    return { email: `reader${i}@example.com`, name: random() < 0.5 ? `读者 ${i}` : null, topics, status: 'confirmed', source: 'import' };
  });
}

/** One measurement in this (fresh) process; reports through IPC. */
async function measure(mode, n, port) {
  const { configFromObject } = await load('config/load.js');
  const { selectEdition } = await load('digest/select.js');
  const { prepareEdition } = await load('digest/prepare.js');
  const { subscriptionLinks } = await load('email/links.js');
  const config = configFromObject({
    site: { title: '纸上谈兵 Broadsheet', url: 'https://news.example.org/', language: 'zh-CN', timezone: 'Asia/Shanghai' },
    digest: { schedule: '0 9 * * 1', other: '其他' },
    newsletter: { from: '纸上谈兵 <digest@news.example.org>', postal_address: '1 Example Road, Shanghai', service_url: 'https://subscribe.news.example.org/' },
    delivery: { rate: 1_000_000, concurrency: CONCURRENCY },
  });
  const secret = 'bench-secret';
  const links = (id) => subscriptionLinks(config, secret, id);
  const { at, plan } = edition(config, selectEdition);
  const inputs = subscriberInputs(n);
  let result;
  if (mode === 'nodemailer') result = await plainNodemailer(config, plan, prepareEdition, inputs, links, port);
  else if (mode === 'raw-only') result = await rawOnly(config, plan, prepareEdition, inputs, links, port);
  else result = await broadsheet(config, at, plan, prepareEdition, inputs, links, port, mode === 'broadsheet-pg' ? process.env.BENCH_POSTGRES_URL : undefined);
  // Peak RSS drifts up with run length because V8 collects lazily; the heap still in use
  // after a full collection is what the run actually holds on to.
  globalThis.gc?.();
  process.send({ mode, count: n, ...result, rssMb: process.resourceUsage().maxRSS / 1024, liveMb: process.memoryUsage().heapUsed / 1e6 });
  process.exit(0);
}

/** The whole send loop: SQLite store (default durability) or PostgreSQL at `pgUrl`, planning, claims, SMTP pool. */
async function broadsheet(config, at, plan, prepareEdition, inputs, links, port, pgUrl) {
  const { openSqliteStore } = await load('store/sqlite.js');
  const { sendEdition } = await load('delivery/send-edition.js');
  const { createSmtpTransport } = await load('delivery/smtp-transport.js');
  const { parseSmtpUrl } = await load('delivery/smtp-url.js');
  const { messageSettings, deliverySettings } = await load('delivery/settings.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-send-bench-'));
  const store = pgUrl ? await freshPostgresStore(pgUrl) : openSqliteStore(path.join(dir, 'broadsheet.db'));
  await store.upsertSubscribers(inputs, new Date());
  inputs.length = 0;
  const transport = createSmtpTransport(parseSmtpUrl(`smtp://127.0.0.1:${port}`), { maxConnections: CONCURRENCY });
  const { message } = messageSettings(config, {}, root);
  let bytes = 0;
  const counting = { ...transport, send: (e, raw, x) => ((bytes += raw.length), transport.send(e, raw, x)), verify: () => transport.verify(), close: () => transport.close() };
  const source = {
    select: async () => plan,
    planOf: async () => plan,
    render: (p) => prepareEdition(p, config),
    archive: async () => {},
  };
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = await sendEdition({ at, store, transport: counting, source, links, message, delivery: deliverySettings(config), clock: { now: () => new Date() } });
  const seconds = (performance.now() - t) / 1000;
  const cpuMs = cpuMsSince(cpu);
  const sent = result.editions[0]?.sent ?? 0;
  await transport.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (!result.complete) throw new Error(`send did not complete: ${result.stopped}`);
  const note = pgUrl ? 'the same, on PostgreSQL (claims without a flush wait, durable results)' : 'planning, rendering, batched SQLite claims and group-committed, fsynced results included';
  return { seconds, perSecond: sent / seconds, cpuMsPerMessage: cpuMs / sent, bytes: bytes / sent, note };
}

/** The PostgreSQL store at `url`, emptied first: its schema dropped and made anew. */
async function freshPostgresStore(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client(url);
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS broadsheet CASCADE');
  await client.end();
  const { openPostgresStore } = await load('store/postgres.js');
  return openPostgresStore(url);
}

/** Only the per-recipient path: piecesFor + composeBytes (renderFor + compose on older builds) + the SMTP pool, no store. */
async function rawOnly(config, plan, prepareEdition, inputs, links, port) {
  const { createComposer, messageIdFor } = await load('email/mime.js');
  const { createSmtpTransport } = await load('delivery/smtp-transport.js');
  const { parseSmtpUrl } = await load('delivery/smtp-url.js');
  const { messageSettings } = await load('delivery/settings.js');
  const { message } = messageSettings(config, {}, root);
  const rendered = await prepareEdition(plan, config);
  const composer = createComposer({ ...message, boundarySeed: plan.id, archiveUrl: rendered.webUrl });
  const transport = createSmtpTransport(parseSmtpUrl(`smtp://127.0.0.1:${port}`), { maxConnections: CONCURRENCY });
  await transport.verify();
  let bytes = 0;
  const t = performance.now();
  const cpu = process.cpuUsage();
  await pool(inputs, async (s, i) => {
    const l = links(`sub${i}`);
    const recipient = { email: s.email, name: s.name, topics: s.topics, ...l };
    const head = { to: { name: s.name, address: s.email }, messageId: messageIdFor(plan.id, `sub${i}`, 'news.example.org'), unsubscribeUrl: l.unsubscribeUrl, date: new Date() };
    // The send loop's path (pieces encoded once per edition) where the build has it.
    const raw = rendered.piecesFor
      ? composer.composeBytes({ ...head, ...rendered.piecesFor(recipient) })
      : (({ subject, html, text }) => composer.compose({ ...head, subject, html, text }))(rendered.renderFor(recipient));
    bytes += raw.length;
    await transport.send({ from: message.from.address, to: s.email }, raw);
  });
  const seconds = (performance.now() - t) / 1000;
  const cpuMs = cpuMsSince(cpu);
  await transport.close();
  return { seconds, perSecond: inputs.length / seconds, cpuMsPerMessage: cpuMs / inputs.length, bytes: bytes / inputs.length };
}

/** Plain nodemailer: the same bodies and headers, composed by nodemailer for every message. */
async function plainNodemailer(config, plan, prepareEdition, inputs, links, port) {
  const nodemailer = (await import('nodemailer')).default;
  const rendered = await prepareEdition(plan, config);
  const transport = nodemailer.createTransport({ pool: true, maxConnections: CONCURRENCY, host: '127.0.0.1', port, secure: false, ignoreTLS: true, logger: false });
  await transport.verify();
  const t = performance.now();
  const cpu = process.cpuUsage();
  await pool(inputs, async (s, i) => {
    const l = links(`sub${i}`);
    const m = rendered.renderFor({ email: s.email, name: s.name, topics: s.topics, ...l });
    await transport.sendMail({
      from: { name: '纸上谈兵', address: 'digest@news.example.org' },
      to: s.name ? { name: s.name, address: s.email } : s.email,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: {
        'List-Id': '纸上谈兵 Broadsheet <digest.news.example.org>',
        'List-Unsubscribe': `<${l.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
      },
    });
  });
  const seconds = (performance.now() - t) / 1000;
  const cpuMs = cpuMsSince(cpu);
  transport.close();
  return { seconds, perSecond: inputs.length / seconds, cpuMsPerMessage: cpuMs / inputs.length, bytes: 0 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** User + system CPU of a process in ms, from /proc (NaN where there is none). */
function cpuMsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

function cpuMsSince(start) {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** Runs `fn` over items with CONCURRENCY in flight, like the send loop. */
async function pool(items, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}
