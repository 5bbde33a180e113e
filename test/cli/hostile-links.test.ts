import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { assertProblem, hostileSite, problemLines } from './hostile-site.js';

// Symbolic links under content/ never make the build read a file outside it. Each
// hostile link gets an error naming the link (exit 1), the output is left as it was,
// and no message shows anything of what the link points at.

const SECRET = 'SECRET-4b1d-outside-content';

function outsideFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-outside-'));
  fs.writeFileSync(path.join(dir, 'secret.md'), `---\ntitle: ${SECRET}\ndate: 2025-06-01\n---\n\n${SECRET} body\n`);
  // Front matter that fails: an error quoting it would leak it.
  fs.writeFileSync(path.join(dir, 'broken.md'), `---\ntitle: [${SECRET}\n---\n`);
  fs.mkdirSync(path.join(dir, 'posts'));
  fs.writeFileSync(path.join(dir, 'posts', 'inner.md'), `---\ntitle: ${SECRET}\ndate: 2025-06-01\n---\n\n${SECRET}\n`);
  return dir;
}

test('links leaving content/ are refused by name, unread, and the output stays', (t) => {
  const site = hostileSite();
  const outside = outsideFolder();
  t.after(() => {
    site.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const link = (rel: string, target: string): void => {
    fs.mkdirSync(path.dirname(path.join(site.content, rel)), { recursive: true });
    fs.symlinkSync(target, path.join(site.content, rel));
  };
  // A system file, absolute.
  link('passwd.md', '/etc/passwd');
  // A file elsewhere, absolute and through `..`.
  link('secret.md', path.join(outside, 'secret.md'));
  link('deep/dotdot.md', path.relative(path.join(site.content, 'deep'), path.join(outside, 'broken.md')));
  // A chain: a link inside content/ to a link that leaves it.
  link('hop2.md', path.join(outside, 'secret.md'));
  link('hop1.md', 'hop2.md');
  // A link through a linked folder: the file's path looks inside, its real place is not.
  link('linked-dir', outside);
  link('via-dir.md', 'linked-dir/secret.md');
  // `..` that climbs out and back in elsewhere.
  link('climb.md', `../../../../../../../../..${outside}/secret.md`);

  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  for (const name of ['passwd.md', 'secret.md', 'deep/dotdot.md', 'hop1.md', 'hop2.md', 'via-dir.md', 'climb.md', 'linked-dir']) {
    const line = assertProblem(run.stderr, 'ContentLinkOutside', `content/${name}`);
    assert.match(line, /symbolic link to a (file|folder) outside the content folder/);
  }
  assert.equal(problemLines(run.stderr).length, 8, run.stderr);
  assert.ok(!run.stderr.includes(SECRET) && !run.stdout.includes(SECRET), 'nothing of the files outside is shown');
  assert.ok(!/root:|\/bin\/(ba)?sh/.test(run.stderr), 'nothing of /etc/passwd is shown');
  site.assertOutputIntact();
});

test('a linked folder of articles outside content/ is refused, its articles unread', (t) => {
  const site = hostileSite();
  const outside = outsideFolder();
  t.after(() => {
    site.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });
  fs.symlinkSync(path.join(outside, 'posts'), path.join(site.content, 'posts'));
  const run = site.build();
  assert.equal(run.code, 1);
  assertProblem(run.stderr, 'ContentLinkOutside', 'content/posts');
  assert.ok(!run.stderr.includes(SECRET));
  site.assertOutputIntact();
});

test('links that stay inside content/ keep working; links to other kinds of file are left alone', (t) => {
  const site = hostileSite();
  const outside = outsideFolder();
  t.after(() => {
    site.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });
  site.write('drafts/real.md', '---\ntitle: Linked inside\ndate: 2025-06-12T10:00:00+08:00\n---\n\nReached through a link.\n');
  fs.symlinkSync('drafts/real.md', path.join(site.content, 'alias.md'));
  fs.symlinkSync(path.join(site.content, 'drafts'), path.join(site.content, 'drafts-again'));
  // Not Markdown: never read, so not refused either (an image kept elsewhere).
  fs.symlinkSync(path.join(outside, 'secret.md'), path.join(site.content, 'photo.jpg'));
  const run = site.build();
  assert.equal(run.code, 0, run.stderr);
  const rss = new XMLParser().parse(fs.readFileSync(path.join(site.dir, 'public', 'feed.xml'), 'utf8')) as { rss: { channel: { item: Array<{ title: string; link: string }> } } };
  const items = rss.rss.channel.item.map((i) => [i.title, i.link]).sort();
  // The file and the link to it are two articles (two URLs); the linked folder is not walked twice.
  assert.deepEqual(items, [
    ['A good article', 'https://news.example.org/good/'],
    ['Linked inside', 'https://news.example.org/alias/'],
    ['Linked inside', 'https://news.example.org/real/'],
  ]);
});

test('a link loop or a dangling link is an unreadable file named as such; a linked content folder is the folder', (t) => {
  const site = hostileSite();
  const outside = outsideFolder();
  t.after(() => {
    site.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });
  fs.symlinkSync('loop-b.md', path.join(site.content, 'loop-a.md'));
  fs.symlinkSync('loop-a.md', path.join(site.content, 'loop-b.md'));
  fs.symlinkSync('gone.md', path.join(site.content, 'dangling.md'));
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  for (const name of ['loop-a.md', 'loop-b.md', 'dangling.md']) assertProblem(run.stderr, 'ContentUnreadable', `content/${name}`);
  assert.equal(problemLines(run.stderr).length, 3, run.stderr);
  site.assertOutputIntact();

  // The content folder itself may be a link: the check is against where it really is.
  for (const name of ['loop-a.md', 'loop-b.md', 'dangling.md']) fs.rmSync(path.join(site.content, name));
  const real = path.join(outside, 'real-content');
  fs.renameSync(site.content, real);
  fs.symlinkSync(real, site.content);
  fs.symlinkSync('good.md', path.join(real, 'again.md'));
  const ok = site.build();
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(fs.readFileSync(path.join(site.dir, 'public', 'feed.xml'), 'utf8'), /https:\/\/news\.example\.org\/again\//);
});
