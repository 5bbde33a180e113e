import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscriptionLinks } from '../../src/email/links.js';
import { verifyToken } from '../../src/email/tokens.js';
import { BroadsheetError } from '../../src/errors.js';
import { config } from './fixtures.js';

test('subscription links: <service_url>/unsubscribe|preferences?token=…, each token for its purpose', () => {
  for (const service of ['https://subscribe.example.org/', 'https://example.org/news']) {
    const cfg = config({ newsletter: { service_url: service } });
    const links = subscriptionLinks(cfg, 'k3y', 'sub-42');
    const base = service.endsWith('/') ? service : `${service}/`;
    const u = new URL(links.unsubscribeUrl);
    const p = new URL(links.preferencesUrl);
    assert.equal(`${u.origin}${u.pathname}`, `${base}unsubscribe`);
    assert.equal(`${p.origin}${p.pathname}`, `${base}preferences`);
    assert.deepEqual([...u.searchParams.keys()], ['token']);
    const ut = verifyToken('k3y', u.searchParams.get('token') ?? '', 'unsubscribe', new Date());
    assert.ok(ut.ok && ut.claims.subscriber === 'sub-42');
    const pt = verifyToken('k3y', p.searchParams.get('token') ?? '', 'preferences', new Date());
    assert.ok(pt.ok && pt.claims.subscriber === 'sub-42');
    assert.equal(verifyToken('k3y', u.searchParams.get('token') ?? '', 'preferences', new Date()).ok, false, 'not interchangeable');
  }
  assert.throws(() => subscriptionLinks(config({ newsletter: {} }), 'k', 's'), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'ServiceUrlMissing');
});
