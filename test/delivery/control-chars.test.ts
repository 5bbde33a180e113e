import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parseRssFeed } from 'feedsmith';
import { runCli, type ProcessRun } from '../helpers/cli-child.js';
import { smtpError, startSmtpServer } from '../helpers/smtp.js';
import { assertWellFormed } from '../feeds/feed-rules.js';

// Control characters written into an article (raw in the file, or as escapes in its
// front matter, or as character references in its body) and into the config are
// removed where the text comes in: no feed, page, email part, header or terminal line
// carries them, through build, digest, a real send to an SMTP server and status.

const NOW = '2026-06-15T09:00:00+08:00';
const SECRET = 'control-chars-test-secret-0123456789abcdef';

// C0 (NUL, BEL, ESC, the rest), DEL, C1 (NEL, CSI), U+FFFE/U+FFFF, and U+FFFD, which is
// what a lone surrogate becomes once written as UTF-8.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertClean(text: string, what: string): void {
  const m = FORBIDDEN.exec(text);
  assert.equal(m, null, `${what} holds U+${m?.[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 20), (m?.index ?? 0) + 20))}`);
}

function assertCleanRun(run: ProcessRun, what: string): void {
  assertClean(run.stdout, `${what} stdout`);
  assertClean(run.stderr, `${what} stderr`);
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      const file = path.join(e.parentPath, e.name);
      out.push([path.relative(dir, file), fs.readFileSync(file, 'utf8')]);
    }
  }
  return out;
}

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-control-chars-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    [
      'site:',
      // YAML escapes: ESC, BEL, NEL, NUL; and a raw DEL.
      '  title: "Weekly \\e[31mRed\\e[0m \\a\\N\\0 News\u007f"',
      '  url: https://news.example.org/',
      '  description: "Raw \u0001 and \u009b2J"',
      '  timezone: Asia/Shanghai',
      '  permalink: /posts/:slug/',
      'digest:',
      '  subject: "{{site.title}} · {{topics}}"',
      '  lookback: 30d',
      'newsletter:',
      '  from: "Weekly \\e[1m <digest@news.example.org>"',
      '  service_url: https://subscribe.news.example.org/',
      'delivery:',
      '  rate: 1000',
      '  retry_delay: 0.01',
      '  max_attempts: 1',
      '',
    ].join('\n'),
  );
  // JSON front matter: the only way to write a lone surrogate (the file itself must be UTF-8).
  fs.writeFileSync(
    path.join(dir, 'content', 'json.md'),
    '{"title": "Ti\\u0000tle \\u001b[31mred\\u001b[0m \\u0085next \\ufffe\\uffff \\ud800 <b>end</b>", "date": "2026-06-12T10:00:00+08:00",' +
      ' "main_topics": ["AI\\u0000 \\u001b[31mhot\\u001b[0m\\u0085\\ufffe\\udc00"], "tags": ["t\\u0007ag"],' +
      ' "author": "Ann\\u001b]0;pwned\\u0007"}\n' +
      // The body: raw NUL, ESC, NEL, U+FFFE and U+FFFF, and character references to controls.
      'Body with NUL \u0000, ESC \u001b[31m, NEL \u0085, \ufffe\uffff and references &#27;[2J, &#x9b;1m, &#x85; and &#7;.\n',
  );
  // YAML front matter: raw characters and double-quoted escapes.
  fs.writeFileSync(
    path.join(dir, 'content', 'yaml.md'),
    '---\ntitle: "Yaml \\e[2J\\e]0;title\\a raw \u001b[7m and \u0085 \u009b"\ndate: 2026-06-11T10:00:00+08:00\nmain_topics: ["Y\\x1b[31m", "Second\u0000"]\nsummary: "Sum\\0mary \\e[5m \\x85 \\uFFFE \\N"\n---\nPlain \u0007 body.\n',
  );
  return dir;
}

test('control characters reach no feed, page, email part, header or terminal line (build, digest, send, status)', async (t) => {
  const dir = project();
  const smtp = await startSmtpServer({
      onRcpt: (address) => {
      if (address.startsWith('gone')) throw smtpError(550, '5.1.1 no such user');
    },
  });
  t.after(async () => {
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const build = await runCli(dir, ['build', '--now', NOW]);
  assert.equal(build.code, 0, build.stderr);
  assertCleanRun(build, 'build');
  for (const [file, text] of filesUnder(path.join(dir, 'public'))) {
    assertClean(text, file);
    if (file.endsWith('.xml')) assertWellFormed(text, file);
  }
  const rss = parseRssFeed(fs.readFileSync(path.join(dir, 'public', 'feed.xml'), 'utf8'));
  assert.deepEqual(rss.items?.map((i) => i.title).sort(), ['Title [31mred[0m next   <b>end</b>', 'Yaml [2J]0;title raw [7m and'].sort());
  assert.equal(rss.title, 'Weekly [31mRed[0m  News');

  const digest = await runCli(dir, ['digest', '--now', NOW]);
  assert.equal(digest.code, 0, digest.stderr);
  assertCleanRun(digest, 'digest');
  assert.match(digest.stdout, /AI \[31mhot\[0m \(1\)/, 'the topic is listed, cleaned');
  for (const [file, text] of filesUnder(path.join(dir, 'public', 'digests', 'preview'))) assertClean(text, file);

  for (const [email, name] of [['reader@example.net', 'Reader'], ['gone@example.net', 'Gone']] as const) {
    const add = await runCli(dir, ['subscribers', 'add', email, '--name', name, '--confirmed']);
    assert.equal(add.code, 0, add.stderr);
  }
  const send = await runCli(dir, ['send', '--now', NOW], { SMTP_URL: smtp.url, BROADSHEET_SECRET: SECRET });
  assertCleanRun(send, 'send');
  assert.equal(smtp.received.length, 1, send.stdout + send.stderr);
  const mail = smtp.received[0]?.parsed;
  assert.ok(mail);
  assertClean(mail.subject ?? '', 'Subject');
  // `{{topics}}` names the sections this reader gets: each topic written with controls.
  assert.match(mail.subject ?? '', /^Weekly \[31mRed\[0m News · /);
  assert.ok(mail.subject?.includes('AI [31mhot[0m') && mail.subject.includes('Second'), mail.subject);
  assertClean(String(mail.html), 'HTML part');
  assertClean(mail.text ?? '', 'text part');
  for (const [key, value] of mail.headers) assertClean(typeof value === 'string' ? value : JSON.stringify(value), `header ${key}`);
  for (const line of mail.headerLines) assertClean(line.line, `raw header ${line.key}`);
  assert.match(mail.text ?? '', /Title \[31mred\[0m next/);
  assert.match(mail.text ?? '', /Sum mary|Summary \[5m/);
  // The title's markup is text in the HTML part too.
  const html = parseDocument(String(mail.html));
  assert.equal(DomUtils.findAll((e) => e.name === 'b', html.children).length, 0, 'no <b> from a title');

  // The web archive: its feed and pages are clean, the feed's HTML description holds the title as text.
  for (const [file, text] of filesUnder(path.join(dir, 'public', 'digests'))) assertClean(text, `digests/${file}`);
  const archive = parseRssFeed(fs.readFileSync(path.join(dir, 'public', 'digests', 'feed.xml'), 'utf8'));
  const description = parseDocument(archive.items?.[0]?.description ?? '');
  assert.deepEqual(
    DomUtils.findAll(() => true, description.children).map((e) => e.name),
    ['p', 'ul', 'li', 'li'],
    'the archive description is the list it is written as, titles as text',
  );
  assert.match(DomUtils.textContent(description), /<b>end<\/b>/);

  // What a store holds may predate this cleaning, or come from elsewhere (an SMTP reply
  // quoted in a delivery's last error): status shows it as visible text, never as
  // escape sequences, and --json still carries the data exactly.
  const db = new Database(path.join(dir, 'state', 'broadsheet.db'));
  db.prepare('UPDATE deliveries SET last_error = ? WHERE last_error IS NOT NULL').run('550 \u001b[2J\u001b]0;owned\u0007 no such user \u009b31m');
  db.close();
  const status = await runCli(dir, ['status', '--now', NOW]);
  assert.equal(status.code, 0, status.stderr);
  assertCleanRun(status, 'status');
  assert.match(status.stdout, /\\u001B\[2J\\u001B\]0;owned\\u0007 no such user \\u009B31m/);
  const json = await runCli(dir, ['status', '--json', '--now', NOW]);
  assertCleanRun(json, 'status --json');
  const report = JSON.parse(json.stdout) as { failures: Array<{ lastError: string }> };
  assert.match(report.failures[0]?.lastError ?? '', /\u001b\[2J/, 'the JSON still carries the data exactly');
});
