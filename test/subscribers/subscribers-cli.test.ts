import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeSite, write } from './site.js';

interface Listed {
  id: string;
  email: string;
  name: string | null;
  topics: string[];
  status: string;
  source: string;
  createdAt: string;
  confirmedAt: string | null;
}

async function listJson(site: { dir: string }, ...extra: string[]): Promise<Listed[]> {
  const r = await cli(site, ['subscribers', 'list', '--json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const parsed: unknown = JSON.parse(r.stdout);
  assert.ok(Array.isArray(parsed));
  return parsed as Listed[];
}

const byEmail = (list: Listed[]): Map<string, Listed> => new Map(list.map((s) => [s.email, s]));

test('import: topics matched by name, slug and case; new rows pending; list --json', async (t) => {
  const site = makeSite(t);
  write(site, 'list.csv', '\uFEFFEmail,Name,Topics\r\nann@example.com,Ann Lee,ai-strategy;c++\r\n"bob@example.com","Smith, Bob",\r\ncy@example.com,,AI/ML; upcoming\r\n');
  const r = await cli(site, ['subscribers', 'import', 'list.csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Imported 3 subscribers from list\.csv: 3 new, 0 updated, 0 unchanged\./);
  assert.ok(fs.existsSync(site.store), 'default store beside the config');

  const subs = byEmail(await listJson(site));
  assert.deepEqual(subs.get('ann@example.com')?.topics, ['人工智能战略投资', 'C++']);
  assert.equal(subs.get('ann@example.com')?.name, 'Ann Lee');
  assert.deepEqual(subs.get('bob@example.com')?.topics, [], 'empty = every topic');
  assert.equal(subs.get('bob@example.com')?.name, 'Smith, Bob');
  assert.deepEqual(subs.get('cy@example.com')?.topics, ['AI/ML', 'Upcoming'], 'digest.topics count as known');
  assert.equal(subs.get('cy@example.com')?.name, null);
  for (const s of subs.values()) {
    assert.equal(s.status, 'pending');
    assert.equal(s.source, 'import');
    assert.equal(s.createdAt, '2025-06-20T00:00:00.000Z');
    assert.equal(s.confirmedAt, null);
  }
});

test('import is all or nothing and reports every bad row with its line', async (t) => {
  const site = makeSite(t);
  const csv = [
    'email,name,topics',
    'good@example.com,Good,',
    'not-an-email,Bad,', // line 3
    '"multi@example.com","two', // line 4-5: a quoted line break
    'lines",Nonexistent Topic', // unknown topic, reported at line 4
    'GOOD@example.com,Dup,', // line 6: duplicate of line 2
    'x@example.com,a,b,c', // line 7: too many fields
    'also-good@example.com,"Bad ""quote"x,', // line 8: text after closing quote
    `${'l'.repeat(250)}@example.com,,`, // line 9: too long
    'ok2@example.com,,人工智能战略投资',
  ].join('\n');
  write(site, 'bad.csv', csv);
  const r = await cli(site, ['subscribers', 'import', 'bad.csv']);
  assert.equal(r.code, 1);
  const lines = r.stderr.split('\n');
  const at = (n: number): string[] => lines.filter((l) => l.startsWith(`bad.csv:${n}  `));
  assert.match(at(3).join(), /email address is not valid/);
  assert.match(at(4).join(), /unknown topic "Nonexistent Topic"/);
  assert.match(at(6).join(), /same address as line 2/);
  assert.match(at(7).join(), /4 fields but the header has 3/);
  assert.match(at(8).join(), /after a closing quote/);
  assert.match(at(9).join(), /longer than 254/);
  assert.equal(at(2).length + at(10).length, 0, 'good rows are not reported');
  assert.match(r.stderr, /^6 problems found:/);
  assert.match(r.stderr, /Nothing was imported\. .*--skip-invalid/);
  assert.ok(!r.stderr.includes('not-an-email'), 'addresses are not echoed in messages');
  assert.deepEqual(await listJson(site), [], 'nothing imported');
});

test('--skip-invalid imports the valid rows, lists the rest, exits 0', async (t) => {
  const site = makeSite(t);
  write(site, 'mixed.csv', 'email,name,topics\na@example.com,A,\nbroken@,B,\nc@example.com,C,Unknown\nd@example.com,D,C++\n');
  const r = await cli(site, ['subscribers', 'import', 'mixed.csv', '--skip-invalid', '--confirmed']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Skipped 2 invalid rows:\nmixed\.csv:3 .*\nmixed\.csv:4 .*unknown topic "Unknown"/);
  assert.match(r.stdout, /Imported 2 subscribers .*: 2 new.*; 2 rows skipped\./);
  const subs = await listJson(site);
  assert.deepEqual(subs.map((s) => [s.email, s.status]).sort(), [['a@example.com', 'confirmed'], ['d@example.com', 'confirmed']]);
});

test('structural problems stop the import even with --skip-invalid', async (t) => {
  const site = makeSite(t);
  write(site, 'cols.csv', 'email,name,topic\na@example.com,A,AI\n');
  const cols = await cli(site, ['subscribers', 'import', 'cols.csv', '--skip-invalid']);
  assert.equal(cols.code, 1);
  assert.match(cols.stderr, /cols\.csv:1 {2}unknown column "topic"/);
  assert.match(cols.stderr, /email, name, topics, status/);

  write(site, 'nohead.csv', 'a@example.com,A,\n');
  const nohead = await cli(site, ['subscribers', 'import', 'nohead.csv']);
  assert.equal(nohead.code, 1);
  assert.match(nohead.stderr, /header line email,name,topics/);

  write(site, 'open.csv', 'email,name\na@example.com,"A\n');
  const open = await cli(site, ['subscribers', 'import', 'open.csv', '--skip-invalid']);
  assert.equal(open.code, 1);
  assert.match(open.stderr, /open\.csv:2 {2}a quoted field is never closed/);

  fs.writeFileSync(path.join(site.dir, 'latin1.csv'), Buffer.from('email,name\na@example.com,Ren\xe9\n', 'latin1'));
  const latin = await cli(site, ['subscribers', 'import', 'latin1.csv']);
  assert.equal(latin.code, 1);
  assert.match(latin.stderr, /not UTF-8/);
  assert.deepEqual(await listJson(site), []);
});

test('re-import updates without duplicates and respects unsubscribes and consent', async (t) => {
  const site = makeSite(t);
  write(site, 'v1.csv', 'email,name,topics\nann@example.com,Ann,C++\nbob@example.com,Bob,\ncy@example.com,Cy,\n');
  assert.equal((await cli(site, ['subscribers', 'import', 'v1.csv', '--confirmed'])).code, 0);
  assert.equal((await cli(site, ['subscribers', 'remove', 'bob@example.com', '--unsubscribe'])).code, 0);

  write(site, 'v2.csv', 'email,name,topics\nANN@example.com,Ann Lee,AI/ML;C++\nbob@example.com,Bob,\ncy@example.com,Cy,\nnew@example.com,New,\n');
  const r = await cli(site, ['subscribers', 'import', 'v2.csv'], '2025-07-01T00:00:00Z');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Imported 4 subscribers from v2\.csv: 1 new, 1 updated, 2 unchanged\./);
  assert.match(r.stdout, /1 of them unsubscribed or bounced earlier and stay so/);
  const subs = byEmail(await listJson(site));
  assert.equal(subs.size, 4, 'no duplicate for ANN@');
  assert.equal(subs.get('ann@example.com')?.name, 'Ann Lee');
  assert.deepEqual(subs.get('ann@example.com')?.topics, ['AI/ML', 'C++']);
  assert.equal(subs.get('ann@example.com')?.status, 'confirmed', 'not downgraded to pending');
  assert.equal(subs.get('bob@example.com')?.status, 'unsubscribed', 'not resubscribed');
  assert.equal(subs.get('new@example.com')?.status, 'pending');
});

test('export → import round trip into another store', async (t) => {
  const site = makeSite(t);
  write(site, 'in.csv', 'email,name,topics\na@example.com,"Smith, ""A""",C++;AI/ML\nb@example.com,张三,\nc@example.com,"two\nlines?",\n'.replace('two\nlines?', 'Cé'));
  assert.equal((await cli(site, ['subscribers', 'import', 'in.csv', '--confirmed'])).code, 0);
  await cli(site, ['subscribers', 'remove', 'c@example.com', '--unsubscribe']);

  const toFile = await cli(site, ['subscribers', 'export', 'out.csv']);
  assert.equal(toFile.code, 0, toFile.stderr);
  assert.match(toFile.stdout, /Exported 3 subscribers to out\.csv/);
  const text = fs.readFileSync(path.join(site.dir, 'out.csv'), 'utf8');
  assert.equal(text.split('\r\n')[0], 'email,name,topics,status');
  assert.match(text, /^a@example\.com,"Smith, ""A""",C\+\+;AI\/ML,confirmed\r$/m);

  const toStdout = await cli(site, ['subscribers', 'export']);
  assert.equal(toStdout.stdout, text.replace(/\r\n/g, '\n').trimEnd(), 'stdout gets the same CSV');

  const other = path.join(site.dir, 'other.db');
  const imp = await cli(site, ['subscribers', 'import', 'out.csv', '--store', other]);
  assert.equal(imp.code, 0, imp.stderr);
  const strip = (l: Listed[]) => l.map((s) => ({ email: s.email, name: s.name, topics: s.topics, status: s.status })).sort((a, b) => a.email.localeCompare(b.email));
  assert.deepEqual(strip(await listJson(site, '--store', other)), strip(await listJson(site)));
});

test('export of a list longer than a page: every subscriber once, in list order, to a file and to stdout', async (t) => {
  const site = makeSite(t);
  const n = 12_001; // pages of 5,000: two full, one of one
  write(site, 'big.csv', `email,name\n${Array.from({ length: n }, (_, i) => `u${String(i).padStart(5, '0')}@example.com,读者${i}`).join('\n')}\n`);
  assert.equal((await cli(site, ['subscribers', 'import', 'big.csv', '--confirmed'])).code, 0);
  const toFile = await cli(site, ['subscribers', 'export', 'out.csv']);
  assert.match(toFile.stdout, new RegExp(`Exported ${n} subscribers to out\\.csv`));
  const lines = fs.readFileSync(path.join(site.dir, 'out.csv'), 'utf8').split('\r\n');
  assert.equal(lines.pop(), '', 'ends with CRLF');
  assert.equal(lines.shift(), 'email,name,topics,status');
  const listed = (await listJson(site)).map((s) => s.email);
  assert.deepEqual(lines.map((l) => l.split(',')[0]), listed, 'in list order, each once');
  assert.equal(new Set(listed).size, n);
  const toStdout = await cli(site, ['subscribers', 'export', '--status', 'confirmed']);
  assert.equal(toStdout.stdout.split('\n').length, n + 1);
});

test('add, list (table and --status), remove', async (t) => {
  const site = makeSite(t);
  const a = await cli(site, ['subscribers', 'add', 'Ann@Example.com', '--name', '安妮', '--topics', 'ai-strategy,C++', '--confirmed']);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /^Added subscriber [A-Za-z0-9_-]{22} \(confirmed\)\.$/);
  assert.ok(!a.stdout.includes('Ann@'), 'the address is not echoed');
  assert.equal((await cli(site, ['subscribers', 'add', 'bob@example.com'])).code, 0);
  const again = await cli(site, ['subscribers', 'add', 'ann@example.com', '--name', 'Ann']);
  assert.match(again.stdout, /^Updated subscriber .* \(confirmed\)\.$/);

  const bad = await cli(site, ['subscribers', 'add', 'x@example.com', '--topics', 'Cooking']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown topic "Cooking".*\n.*Known topics: .*"C\+\+"/);

  const table = await cli(site, ['subscribers', 'list']);
  const rows = table.stdout.split('\n');
  assert.match(rows[0] ?? '', /^EMAIL\s+NAME\s+STATUS\s+TOPICS\s+ADDED$/);
  assert.match(rows[1] ?? '', /^Ann@Example\.com\s+Ann\s+confirmed\s+人工智能战略投资, C\+\+\s+2025-06-20$/);
  assert.match(rows[2] ?? '', /^bob@example\.com\s+pending\s+\(all\)\s+2025-06-20$/);
  assert.match(table.stdout, /2 subscribers: 1 confirmed, 1 pending$/);

  assert.deepEqual((await listJson(site, '--status', 'pending')).map((s) => s.email), ['bob@example.com']);
  assert.equal((await cli(site, ['subscribers', 'list', '--status', 'gone'])).code, 2);

  const rm = await cli(site, ['subscribers', 'remove', 'BOB@example.com']);
  assert.equal(rm.code, 0);
  assert.equal((await cli(site, ['subscribers', 'remove', 'bob@example.com'])).code, 1);
  assert.deepEqual((await listJson(site)).map((s) => s.email), ['Ann@Example.com']);

  const unsub = await cli(site, ['subscribers', 'remove', 'ann@example.com', '--unsubscribe']);
  assert.match(unsub.stdout, /unsubscribed/);
  const readd = await cli(site, ['subscribers', 'add', 'ann@example.com', '--confirmed']);
  assert.equal(readd.code, 0);
  assert.match(readd.stderr, /unsubscribed and stays so/);
  assert.equal((await listJson(site))[0]?.status, 'unsubscribed');
});

test('the store comes from --store, else BROADSHEET_STORE, else state/ beside the config', async (t) => {
  const site = makeSite(t);
  await cli(site, ['subscribers', 'add', 'env@example.com'], undefined, { BROADSHEET_STORE: 'env.db' });
  await cli(site, ['subscribers', 'add', 'flag@example.com', '--store', 'flag.db'], undefined, { BROADSHEET_STORE: 'env.db' });
  assert.ok(fs.existsSync(path.join(site.dir, 'env.db')));
  assert.ok(fs.existsSync(path.join(site.dir, 'flag.db')));
  assert.ok(!fs.existsSync(site.store));
  assert.deepEqual((await listJson(site, '--store', 'env.db')).map((s) => s.email), ['env@example.com']);
  assert.deepEqual((await listJson(site, '--store', 'flag.db')).map((s) => s.email), ['flag@example.com']);
});

test('usage errors exit 2', async (t) => {
  const site = makeSite(t);
  assert.equal((await cli(site, ['subscribers'])).code, 2);
  assert.equal((await cli(site, ['subscribers', 'frobnicate'])).code, 2);
  assert.equal((await cli(site, ['subscribers', 'add'])).code, 2);
  assert.equal((await cli(site, ['subscribers', 'list', '--bogus'])).code, 2);
  const help = await cli(site, ['subscribers', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /import FILE\.csv/);
});
