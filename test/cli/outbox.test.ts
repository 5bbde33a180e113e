import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { publication } from './publication.js';

// An outbox that cannot be written used to fail each delivery after its retries and
// record the edition as complete with exit 0: the subscriber silently never got it.

test('send refuses an --outbox that is a file before recording anything; a later send delivers', async () => {
  const p = publication();
  try {
    assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--confirmed'])).code, 0);
    fs.writeFileSync(path.join(p.dir, 'not-a-folder'), 'x');
    const at = ['--now', '2026-11-23T09:00:00+08:00'];
    const bad = await p.run(['send', '--outbox', 'not-a-folder', ...at]);
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.err, /^not-a-folder {2}The outbox is a file, not a folder \[OutboxUnwritable\]$/m);
    assert.equal(bad.out, '', 'nothing recorded, nothing reported as sent');

    const status = await p.run(['status', '--json', ...at]);
    assert.equal(JSON.parse(status.out).lastEdition, null, 'no edition was recorded');

    const good = await p.run(['send', '--outbox', 'mail', ...at]);
    assert.equal(good.code, 0, good.err);
    assert.equal(fs.readdirSync(path.join(p.dir, 'mail')).filter((f) => f.endsWith('.eml')).length, 1);
  } finally {
    p.close();
  }
});

test('the outbox is named relative to the working folder inside it, and whole outside it', async () => {
  const p = publication();
  const outside = fs.mkdtempSync(path.join(path.dirname(p.dir), 'h9-outbox-'));
  try {
    assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--confirmed'])).code, 0);
    const inside = await p.run(['send', '--now', '2026-11-23T09:00:00+08:00']);
    assert.match(inside.out, /^SMTP_URL is not set: messages go to outbox\/ as \.eml files/m);
    const away = await p.run(['send', '--outbox', outside, '--now', '2026-11-30T09:00:00+08:00']);
    assert.ok(away.out.includes(`messages go to ${outside}/ as .eml files`), away.out);
    assert.doesNotMatch(away.out, /\.\.\//, 'no ../ path');
  } finally {
    p.close();
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
