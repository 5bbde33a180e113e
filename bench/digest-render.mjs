// Per-subscriber digest rendering cost: MJML is compiled once per edition,
// then each subscriber's message is assembled from pre-rendered sections.
//
//   npm run compile && node bench/digest-render.mjs [subscribers=20000]
//
// Imports the compiled modules from dist/ (BENCH_DIST=dist-XX to use another out dir).
// Prints the one-off edition render time, then median / p95 / mean µs per subscriber
// over subscribers with varied topic sets, for a 30-article edition.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TOPICS, digestArticles } from './digest-fixture.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, process.env.BENCH_DIST ?? 'dist', 'src');
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { configFromObject } = await load('config/load.js');
const { selectEdition } = await load('digest/select.js');
const { prepareEdition } = await load('digest/prepare.js');

const SUBSCRIBERS = Number(process.argv[2] ?? 20000);

// A small deterministic PRNG so every run measures the same subscribers.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const config = configFromObject({
  site: { title: '纸上谈兵 Broadsheet', url: 'https://news.example.org/', language: 'zh-CN', timezone: 'Asia/Shanghai' },
  digest: { schedule: '0 9 * * 1', other: '其他' },
  newsletter: { from: '纸上谈兵 <digest@news.example.org>', postal_address: '1 Example Road, Shanghai', service_url: 'https://subscribe.news.example.org/' },
});
const at = new Date('2025-06-16T01:00:00Z');
const articles = digestArticles(at);

const plan = selectEdition(articles, config, { at, held: new Set() });
let t = process.hrtime.bigint();
const edition = await prepareEdition(plan, config);
const prepareMs = Number(process.hrtime.bigint() - t) / 1e6;

const recipients = Array.from({ length: SUBSCRIBERS }, (_, i) => {
  // A third take everything; the rest pick 1–4 topics.
  const topics = random() < 0.33 ? [] : TOPICS.filter(() => random() < 0.3).slice(0, 4);
  const token = Buffer.from(`subscriber-${i}-${random()}`).toString('base64url');
  return {
    email: `reader${i}@example.com`,
    name: random() < 0.5 ? `读者 ${i}` : null,
    topics: topics.length ? topics : random() < 0.5 ? [] : [TOPICS[i % 8]],
    unsubscribeUrl: `https://subscribe.news.example.org/unsubscribe?token=${token}.sig`,
    preferencesUrl: `https://subscribe.news.example.org/preferences?token=${token}.sig2`,
  };
});

// Warm up the JIT, then time every call.
for (let i = 0; i < 2000; i++) edition.renderFor(recipients[i % recipients.length]);
const times = new Float64Array(SUBSCRIBERS);
let bytes = 0;
let empty = 0;
for (let i = 0; i < SUBSCRIBERS; i++) {
  t = process.hrtime.bigint();
  const m = edition.renderFor(recipients[i]);
  times[i] = Number(process.hrtime.bigint() - t) / 1e3;
  if (m) bytes += m.html.length + m.text.length;
  else empty++;
}
const sorted = [...times].sort((a, b) => a - b);
const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
const full = edition.renderFor({ ...recipients[0], topics: [] });

console.log(`digest render: ${plan.articleIds.length} articles, ${plan.sections.length} sections, full HTML ${(Buffer.byteLength(full.html) / 1024).toFixed(1)} KB, text ${(Buffer.byteLength(full.text) / 1024).toFixed(1)} KB`);
console.log(`  edition (Handlebars + MJML, once): ${prepareMs.toFixed(1)} ms`);
console.log(`  per subscriber over ${SUBSCRIBERS} (${empty} empty cuts): median ${q(0.5).toFixed(1)} µs, p95 ${q(0.95).toFixed(1)} µs, mean ${mean.toFixed(1)} µs`);
console.log(`  (${(bytes / SUBSCRIBERS / 1024).toFixed(1)} KB of HTML + text assembled per subscriber on average)`);
