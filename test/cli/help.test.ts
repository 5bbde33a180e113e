import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publication } from './publication.js';

// Every command shares --config, and those with a store share --store: their help
// must say the same thing about them, the way the README does once for all.

const CONFIG = /^ {2}--config FILE +Config file \(default: broadsheet\.yaml\)$/m;
const STORE = /^ {2}--store STORE +SQLite file or postgres:\/\/ URL \(default: BROADSHEET_STORE, else state\/broadsheet\.db next to the config\)$/m;

test('every command describes --config, and every store command --store, in the same words', async () => {
  const p = publication();
  try {
    for (const command of ['build', 'digest', 'send', 'subscribers', 'status', 'schedule', 'serve']) {
      const r = await p.run([command, '--help']);
      assert.equal(r.code, 0, command);
      assert.match(r.out, CONFIG, `${command} --help: --config`);
      if (command !== 'build') assert.match(r.out, STORE, `${command} --help: --store`);
    }
  } finally {
    p.close();
  }
});
