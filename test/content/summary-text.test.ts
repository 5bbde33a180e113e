import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../src/content/summary.js';

test('a front matter summary keeps HTML as the text it is; Markdown and footnote markers still go', () => {
  assert.equal(summarize('Body', 'Compare <img src=x onerror=alert(1)> and <b>bold</b>', 'en'), 'Compare <img src=x onerror=alert(1)> and <b>bold</b>');
  assert.equal(summarize('Body', 'A <span>tag</span> *and* [a link](/x)[^1]', 'en'), 'A <span>tag</span> and a link');
  assert.equal(summarize('Body', '&lt;script&gt; is written so', 'en'), '<script> is written so');
});

test('a body excerpt drops the body\'s raw HTML and keeps inline code as text', () => {
  assert.equal(summarize('<span>Hi</span> `<script>` and `<img src=x>`.', undefined, 'en'), 'Hi <script> and <img src=x>.');
});

test('characters that references decode to are cleaned from the summary', () => {
  assert.equal(summarize('Red &#27;[31m, NEL &#x85;, bell &#7; done.', undefined, 'en'), 'Red [31m, NEL , bell done.');
  assert.equal(summarize('Body', 'Sum &#27;[5m &#xFFFE; end', 'en'), 'Sum [5m end');
});
