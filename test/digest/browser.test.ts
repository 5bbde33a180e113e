import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../helpers/browser.js';
import { selectEdition } from '../../src/digest/select.js';
import { prepareEdition } from '../../src/digest/prepare.js';
import { article, config, corpus } from './fixtures.js';

// A 1×1 PNG served for every lead image, so layout includes real images.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAFAwIAz8dUQwAAAABJRU5ErkJggg==', 'base64');

test('a digest renders without horizontal scrolling at 375 px and fills 600 px', async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  try {
    const cfg = config();
    const articles = corpus(30);
    // The worst cases for narrow screens: an unbroken Latin word and a long URL-like title.
    articles.push(article({ slug: 'long', title: 'Supercalifragilisticexpialidocious_and_an_even_longer_identifier_without_spaces_2025', summary: 'https://example.org/a/very/long/path/that/does/not/break/naturally/anywhere/at/all/because/it/has/no/spaces', date: new Date('2025-06-15T12:00:00Z'), topics: ['C++'] }));
    const r = await prepareEdition(selectEdition(articles, cfg, { at: new Date('2025-06-16T01:00:00Z'), held: new Set() }), cfg, { validation: 'strict' });
    const m = r.renderFor({ email: 'r@example.com', name: 'A reader with a fairly long name', topics: [], unsubscribeUrl: 'https://s.example.org/unsubscribe?token=x', preferencesUrl: 'https://s.example.org/preferences?token=y' });
    assert.ok(m);
    for (const [width, scheme] of [[375, 'light'], [375, 'dark'], [600, 'light']] as const) {
      const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
      await page.route('**/*', (route) => (/\.(jpe?g|png)(\?|$)/.test(route.request().url()) ? route.fulfill({ contentType: 'image/png', body: PNG }) : route.abort()));
      await page.setContent(m.html, { waitUntil: 'load' });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `scrollWidth ${scrollWidth} at ${width} px (${scheme})`);
      // The paper column: full width on a phone, 600 px on a desktop client.
      const paper = await page.evaluate(() => {
        const el = document.querySelector('.bs-paper');
        return el ? el.getBoundingClientRect().width : 0;
      });
      assert.equal(Math.round(paper), width === 375 ? 375 : 600);
      if (scheme === 'dark') {
        const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.bs-paper') as Element).backgroundColor);
        assert.equal(bg, 'rgb(28, 31, 35)', 'dark palette applies where prefers-color-scheme is honoured');
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
