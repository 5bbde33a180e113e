import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { form, formSession, h1, harness, lastLinkToken, post, signUp, SITE_URL, TOPICS } from './fixture.js';

describe('GET /subscribe', () => {
  it('renders a plain form with a labelled field per input and one checkbox per topic in a fieldset', async () => {
    const h = harness();
    try {
      const res = await h.app.request('/subscribe');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const html = await res.text();
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<form method="post" action="\/subscribe"/);
      assert.match(html, /<label for="email">Email address<\/label>/);
      assert.match(html, /<input type="email" id="email" name="email"/);
      assert.match(html, /<label for="name">Name \(optional\)<\/label>/);
      assert.match(html, /<fieldset class="topics"[^>]*>\s*<legend>Topics<\/legend>/);
      const boxes = [...html.matchAll(/<input type="checkbox" id="(topic-\d+)" name="topics" value="([^"]*)"/g)];
      assert.deepEqual(
        boxes.map((b) => b[2]),
        TOPICS.map((t) => t.name),
      );
      for (const [, id] of boxes) assert.match(html, new RegExp(`<label for="${id}">`));
      assert.match(html, /<label for="topic-2">AI and ML<\/label>/, 'the display title labels the box');
      assert.doesNotMatch(html, /<script|style="/i, 'no script, no inline style');
      assert.match(html, /<link rel="stylesheet" href="\/assets\/style.css">/);
      // Feed autodiscovery for the site's feeds.
      assert.deepEqual(
        [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`),
        ['application/rss+xml https://site.example/feed.xml', 'application/atom+xml https://site.example/atom.xml', 'application/feed+json https://site.example/feed.json'],
      );
      assert.match(res.headers.get('set-cookie') ?? '', /broadsheet_csrf=[\w-]{22,}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax/, 'Secure: the service URL is https');
    } finally {
      await h.close();
    }
  });

  it('is localised by site.language (zh-CN)', async () => {
    const h = harness({ config: { site: { title: '周刊', url: SITE_URL, language: 'zh-CN' } } });
    try {
      const html = await (await h.app.request('/subscribe')).text();
      assert.match(html, /<html lang="zh-CN">/);
      assert.equal(h1(html), '订阅“周刊”');
      assert.match(html, /<label for="email">电子邮件地址<\/label>/);
      assert.match(html, /<legend>主题<\/legend>/);
    } finally {
      await h.close();
    }
  });

  it('escapes topic names, titles and echoed input (no markup injection)', async () => {
    const evil = '"><script>alert(1)</script>';
    const h = harness({ deps: { topics: [{ name: evil, title: `<b>${evil}</b>` }] } });
    try {
      const page = await (await h.app.request('/subscribe')).text();
      assert.doesNotMatch(page, /<script|<b>/);
      assert.match(page, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
      const echoed = await post(h.app, '/subscribe', form([['email', `${evil}@x`], ['name', evil]]), { origin: 'https://site.example' });
      assert.equal(echoed.status, 400);
      assert.doesNotMatch(await echoed.text(), /<script/);
    } finally {
      await h.close();
    }
  });

  it('GET / redirects to the subscribe page', async () => {
    const h = harness();
    try {
      const res = await h.app.request('/');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/subscribe');
    } finally {
      await h.close();
    }
  });
});

describe('POST /subscribe', () => {
  it('stores a pending subscriber with the chosen topics and emails a confirmation link', async () => {
    const h = harness();
    try {
      const res = await signUp(h, 'Reader@Example.org', ['C++', 'AI/ML'], 'Ada');
      assert.equal(res.status, 200);
      assert.equal(h1(await res.text()), 'Check your inbox');
      const sub = await h.store.findSubscriberByEmail('reader@example.org');
      assert.equal(sub?.status, 'pending');
      assert.deepEqual(sub?.topics, ['C++', 'AI/ML']);
      assert.equal(sub?.name, 'Ada');
      assert.equal(sub?.source, 'web');
      await h.background.idle();
      assert.equal(h.sent.length, 1);
      const mail = h.sent[0]!;
      assert.equal(mail.to, 'Reader@Example.org');
      assert.equal(mail.from.address, 'news@site.example');
      assert.equal(mail.subject, 'Confirm your subscription to Test Weekly');
      const token = await lastLinkToken(h, 'confirm');
      // Handlebars writes `=` as `&#x3D;` in attributes; a browser reads it back as `=`.
      assert.ok(mail.html.replace(/&#x3D;/g, '=').includes(`href="https://news.example/confirm?token=${token}"`), 'the HTML part links to the same URL');
      assert.equal(mail.headers?.['Auto-Submitted'], 'auto-generated');
    } finally {
      await h.close();
    }
  });

  it('answers new, pending, confirmed and unsubscribed addresses identically (no enumeration)', async () => {
    const h = harness();
    try {
      const now = h.clock.now();
      await h.store.upsertSubscriber({ email: 'pending@example.org', status: 'pending' }, now);
      const confirmed = await h.store.upsertSubscriber({ email: 'confirmed@example.org', status: 'confirmed', topics: ['C++'] }, now);
      await h.store.upsertSubscriber({ email: 'left@example.org', status: 'unsubscribed' }, now);
      const bodies: string[] = [];
      for (const email of ['new@example.org', 'pending@example.org', 'confirmed@example.org', 'left@example.org']) {
        const res = await signUp(h, email, ['AI/ML']);
        assert.equal(res.status, 200, email);
        // The page embeds nothing per request, so the bodies must be byte-identical.
        bodies.push(await res.text());
      }
      assert.equal(new Set(bodies).size, 1);
      // The confirmed subscriber's topics were not changed by an unauthenticated form…
      assert.deepEqual((await h.store.getSubscriber(confirmed.id))?.topics, ['C++']);
      assert.equal((await h.store.getSubscriber(confirmed.id))?.status, 'confirmed');
      // …the one who left stays unsubscribed until they confirm again…
      assert.equal((await h.store.findSubscriberByEmail('left@example.org'))?.status, 'unsubscribed');
      await h.background.idle();
      // …and every address got mail: a confirmation link, or a pointer to its preferences.
      const bySubject = new Map(h.sent.map((m) => [m.to, m.subject]));
      assert.equal(bySubject.get('confirmed@example.org'), 'You are already subscribed to Test Weekly');
      assert.match(h.sent.find((m) => m.to === 'confirmed@example.org')!.text, /https:\/\/news\.example\/preferences\?token=/);
      for (const to of ['new@example.org', 'pending@example.org', 'left@example.org']) assert.equal(bySubject.get(to), 'Confirm your subscription to Test Weekly', to);
    } finally {
      await h.close();
    }
  });

  it('rejects bad input with 400, shows the errors next to the kept values, and changes nothing', async () => {
    const h = harness();
    try {
      const cases: { email: string; name?: string; topics?: string[]; error: RegExp }[] = [
        { email: 'not-an-address', error: /Enter a valid email address/ },
        { email: 'a@b', error: /Enter a valid email address/ },
        { email: `${'x'.repeat(64)}@${'d'.repeat(186)}.org`, error: /Enter a valid email address/ }, // 255 characters
        { email: 'a b@example.org', error: /Enter a valid email address/ },
        { email: 'ok@example.org', name: 'n'.repeat(101), error: /at most 100 characters/ },
        { email: 'ok@example.org', topics: ['C++', 'Unknown topic'], error: /Choose only topics from the list/ },
      ];
      for (const c of cases) {
        const res = await signUpRaw(h, c.email, c.topics ?? [], c.name ?? '');
        assert.equal(res.status, 400, c.email);
        const html = await res.text();
        assert.match(html, c.error);
        assert.match(html, /role="alert"/);
        assert.ok(html.includes(`value="${c.email}"`), 'the typed address is kept');
      }
      assert.equal((await h.store.listSubscribers()).length, 0);
      await h.background.idle();
      assert.equal(h.sent.length, 0);
    } finally {
      await h.close();
    }
  });

  it('accepts an address of exactly 254 characters and a name of 100', async () => {
    const h = harness();
    try {
      const email = `${'x'.repeat(64)}@${'d'.repeat(185)}.org`;
      assert.equal(email.length, 254);
      const res = await signUp(h, email, [], 'n'.repeat(100));
      assert.equal(res.status, 200);
      assert.equal((await h.store.findSubscriberByEmail(email))?.name, 'n'.repeat(100));
    } finally {
      await h.close();
    }
  });

  it('without a CSRF token (or with a forged one) answers 403, re-shows the form, and stores nothing', async () => {
    const h = harness();
    try {
      const session = await formSession(h.app, '/subscribe');
      const attempts: { body: [string, string][]; headers: Record<string, string> }[] = [
        { body: [['email', 'victim@example.org']], headers: {} },
        { body: [['email', 'victim@example.org']], headers: { origin: 'https://evil.example' } },
        { body: [['email', 'victim@example.org'], ['csrf', session.csrf]], headers: {} }, // field without its cookie
        { body: [['email', 'victim@example.org'], ['csrf', session.csrf]], headers: { cookie: 'broadsheet_csrf=AAAAAAAAAAAAAAAAAAAAAAAA' } },
        { body: [['email', 'victim@example.org'], ['csrf', `${session.csrf.split('.')[0]}.forged`]], headers: { cookie: session.cookie } },
        { body: [['email', 'victim@example.org']], headers: { origin: 'null' } },
      ];
      for (const a of attempts) {
        const res = await post(h.app, '/subscribe', form(a.body), a.headers);
        assert.equal(res.status, 403);
        const html = await res.text();
        assert.match(html, /The form had expired or came from another site/);
        assert.match(html, /name="csrf" value="\d+\.[\w-]+"/, 'a fresh token to send it again');
        assert.ok(html.includes('value="victim@example.org"'));
      }
      await h.background.idle();
      assert.equal((await h.store.listSubscribers()).length, 0);
    } finally {
      await h.close();
    }
  });

  it('rejects a CSRF token older than 12 hours', async () => {
    const h = harness();
    try {
      const s = await formSession(h.app, '/subscribe');
      h.clock.advance(12 * 3600_000 + 1000);
      const res = await post(h.app, '/subscribe', form([['csrf', s.csrf], ['email', 'late@example.org']]), { cookie: s.cookie });
      assert.equal(res.status, 403);
    } finally {
      await h.close();
    }
  });

  it('accepts the embeddable snippet from the static site (Origin or Referer = site.url) without a CSRF token', async () => {
    const h = harness();
    try {
      const a = await post(h.app, '/subscribe', form([['email', 'snippet@example.org'], ['topics', 'C++']]), { origin: 'https://site.example' });
      assert.equal(a.status, 200);
      const b = await post(h.app, '/subscribe', form([['email', 'referer@example.org']]), { referer: 'https://site.example/posts/x/' });
      assert.equal(b.status, 200);
      await h.background.idle();
      assert.equal((await h.store.findSubscriberByEmail('snippet@example.org'))?.status, 'pending');
      assert.equal((await h.store.findSubscriberByEmail('referer@example.org'))?.status, 'pending');
    } finally {
      await h.close();
    }
  });

  it('accepts multipart/form-data from the form as well', async () => {
    const h = harness();
    try {
      const s = await formSession(h.app, '/subscribe');
      const fd = new FormData();
      fd.append('csrf', s.csrf);
      fd.append('email', 'multi@example.org');
      fd.append('topics', '人工智能战略投资');
      fd.append('topics', 'C++');
      const res = await h.app.request('/subscribe', { method: 'POST', body: fd, headers: { cookie: s.cookie } });
      assert.equal(res.status, 200);
      await h.background.idle();
      assert.deepEqual((await h.store.findSubscriberByEmail('multi@example.org'))?.topics, ['人工智能战略投资', 'C++']);
    } finally {
      await h.close();
    }
  });
});

/** Like signUp but without asserting success. */
async function signUpRaw(h: ReturnType<typeof harness>, email: string, topics: string[], name: string): Promise<Response> {
  const s = await formSession(h.app, '/subscribe');
  return post(h.app, '/subscribe', form([['csrf', s.csrf], ['email', email], ['name', name], ...topics.map((t): [string, string] => ['topics', t])]), { cookie: s.cookie });
}
