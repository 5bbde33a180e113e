#!/usr/bin/env node
// Usage: node bench/generate-corpus.mjs N OUTDIR
//
// Writes N deterministic articles (same N → same bytes) shaped like a real
// Chinese tech analysis article, twice: as a Broadsheet site
// (OUTDIR/broadsheet/{broadsheet.yaml,content/*.md}) and as a Hugo site
// (OUTDIR/hugo/{hugo.toml,layouts/,content/posts/*.md}) configured to produce
// only the equivalent feeds. OUTDIR/corpus.json records N and the newest
// article (the one the "one changed article" benchmark edits).
import fs from 'node:fs';
import path from 'node:path';
import { zhNouns, zhGlue, enTerms, enWords, tagPool, topicPool } from './corpus-words.mjs';
import { broadsheetConfig, hugoAllFormatsConfig, hugoAtomTemplate, hugoConfig, hugoJsonFeedTemplate, hugoRssTemplate } from './site-configs.mjs';

const [nArg, outArg] = process.argv.slice(2);
const n = Number(nArg);
if (!Number.isInteger(n) || n < 1 || !outArg) {
  console.error('Usage: node bench/generate-corpus.mjs N OUTDIR');
  process.exit(2);
}
const outDir = path.resolve(outArg);

// mulberry32: tiny, fast, and the same sequence on every machine.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20250616);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rand() * list.length)];

// Zipf-like weights (exponent 0.8): a few tags are common, most are rare, as in real sites.
function weighted(list, exponent) {
  const cum = [];
  let total = 0;
  list.forEach((_, i) => cum.push((total += 1 / (i + 1) ** exponent)));
  return () => {
    const r = rand() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
}
const tags = tagPool();
// Shuffle once so odd tags are spread across popularity ranks.
for (let i = tags.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [tags[i], tags[j]] = [tags[j], tags[i]];
}
const pickTag = weighted(tags, 0.8);
const pickTopic = weighted(topicPool, 0.6);

function distinct(count, picker) {
  const set = new Set();
  for (let guard = 0; set.size < count && guard < 1000; guard++) set.add(picker());
  return [...set];
}

/** One Chinese sentence with English names mixed in, optionally with bold text. */
function sentence(bold = false) {
  const parts = [];
  const len = int(8, 18);
  for (let i = 0; i < len; i++) {
    const r = rand();
    parts.push(r < 0.12 ? ` ${pick(enTerms)} ` : r < 0.5 ? pick(zhGlue) : pick(zhNouns));
    if (i > 0 && i < len - 1 && rand() < 0.15) parts.push('，');
  }
  if (bold) {
    const at = int(1, parts.length - 1);
    parts.splice(at, 0, `**${pick(zhNouns)}${pick(zhGlue)}${pick(zhNouns)}**`);
  }
  return parts.join('').replace(/ {2,}/g, ' ').trim() + '。';
}

function paragraph(sentences, extra = '') {
  const out = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rand() < 0.3));
  return out.join('') + extra;
}

function title() {
  const r = rand();
  if (r < 0.2) {
    const w = () => pick(enWords);
    return `The ${w()} ${w()} of ${pick(enTerms)}: why ${w()} ${w()} matters`;
  }
  if (r < 0.22) return `${pick(enTerms)} 的“${pick(zhNouns)}”：\\"${pick(zhNouns)}\\"${pick(zhGlue)}${pick(zhNouns)}`;
  return `${pick(enTerms)}的${pick(zhNouns)}${pick(zhGlue)}${pick(zhNouns)}：${pick(zhNouns)}${pick(zhGlue)}${pick(zhNouns)}的新战局`;
}

const pad = (v, w = 2) => String(v).padStart(w, '0');
const START = Date.UTC(2018, 0, 1);
const SPAN = Date.UTC(2025, 5, 30) - START;

/** A `+08:00` ISO date string for a random second in the span. */
function date() {
  const ms = START + Math.floor(rand() * (SPAN / 1000)) * 1000;
  const local = new Date(ms + 8 * 3600_000);
  const d = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const t = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return { iso: `${d}T${t}+08:00`, ms };
}

function body(names) {
  const target = int(1500, 3000);
  const notes = int(2, 4);
  const footnotes = [];
  for (let k = 1; k <= notes; k++) {
    const url = `https://news.example.org/${pad(int(2019, 2025), 4)}/${pick(enWords).replace(/ /g, '-')}-${int(1000, 99999)}`;
    footnotes.push(`[^${k}]: ${pick(enTerms)}（${int(2019, 2025)}/${int(1, 12)}/${int(1, 28)}）。[${sentence().slice(0, -1)}](${url})。检索日期2025/6/16。`);
  }
  const tail = `\n## References\n${footnotes.join('\n')}\n`;
  const blocks = [`> ${sentence()}${sentence()}`, paragraph(int(2, 3), '[^1]')];
  if (rand() < 0.3) blocks.push('<!--more-->');
  blocks.push(`### ${pick(zhNouns)}${pick(zhGlue)}${pick(zhNouns)}：${pick(zhNouns)}的${pick(zhNouns)}`);
  blocks.push(`${sentence(true)}详见[${pick(enTerms)}的报告](https://www.example.com/reports/${int(1, 9999)})，以及[上一篇](/posts/${pick(names)}/)。`);
  blocks.push(['- ', '- ', '- '].map((b, i) => `${b}**${pick(zhNouns)}**：${sentence()}${i === 1 ? `[^2]` : ''}`).join('\n'));
  blocks.push(`<blockquote>\n“${sentence()}${sentence()}”[^${Math.min(notes, 3)}]\n</blockquote>`);
  let size = Buffer.byteLength(blocks.join('\n\n') + tail);
  let sections = 1;
  while (size < target) {
    const next = rand() < 0.25 && sections < 4
      ? `### ${pick(zhNouns)}${pick(zhGlue)}${pick(zhNouns)}`
      : paragraph(int(1, 3), rand() < 0.2 ? `[^${int(1, notes)}]` : '');
    if (next.startsWith('###')) sections++;
    blocks.push(next);
    size += Buffer.byteLength(next) + 2;
  }
  return `\n${blocks.join('\n\n')}\n${tail}`;
}

const yamlString = (s) => `"${s}"`;

function article(names) {
  const d = date();
  const t = title();
  const articleTags = distinct(int(3, 6), pickTag);
  const topics = distinct(int(1, 3), pickTopic);
  const lines = ['---', `title: ${yamlString(t)}`, `date: ${d.iso}`, 'draft: false'];
  // One article in five has no summary, so excerpts (and <!--more-->) are exercised.
  if (rand() < 0.8) lines.push(`summary: ${yamlString(paragraph(int(2, 3)))}`);
  lines.push('tags: ', ...articleTags.map((x) => `  - ${yamlString(x)}`));
  lines.push('main_topics: ', ...topics.map((x) => `  - ${yamlString(x)}`));
  lines.push('---');
  return { text: `${lines.join('\n')}\n${body(names)}`, ms: d.ms };
}

const names = [];
for (let i = 0; i < n; i++) {
  const words = [pick(enWords), pick(enWords)].join('-').replace(/ /g, '-');
  names.push(`p${pad(i, 5)}-${words}`);
}

fs.rmSync(outDir, { recursive: true, force: true });
const bsContent = path.join(outDir, 'broadsheet', 'content');
const hugoContent = path.join(outDir, 'hugo', 'content', 'posts');
fs.mkdirSync(bsContent, { recursive: true });
fs.mkdirSync(hugoContent, { recursive: true });
fs.mkdirSync(path.join(outDir, 'hugo', 'layouts', '_default'), { recursive: true });

let newest = { ms: -Infinity, name: '' };
let bytes = 0;
for (const name of names) {
  const a = article(names);
  if (a.ms > newest.ms) newest = { ms: a.ms, name };
  bytes += Buffer.byteLength(a.text);
  fs.writeFileSync(path.join(bsContent, `${name}.md`), a.text);
  fs.writeFileSync(path.join(hugoContent, `${name}.md`), a.text);
}
fs.writeFileSync(path.join(outDir, 'broadsheet', 'broadsheet.yaml'), broadsheetConfig());
fs.writeFileSync(path.join(outDir, 'broadsheet', 'broadsheet-rss.yaml'), broadsheetConfig(['rss']));
fs.writeFileSync(path.join(outDir, 'hugo', 'hugo.toml'), hugoConfig());
fs.writeFileSync(path.join(outDir, 'hugo', 'hugo-all.toml'), hugoAllFormatsConfig());
fs.writeFileSync(path.join(outDir, 'hugo', 'layouts', '_default', 'rss.xml'), hugoRssTemplate());
fs.writeFileSync(path.join(outDir, 'hugo', 'layouts', '_default', 'list.atom.xml'), hugoAtomTemplate());
fs.writeFileSync(path.join(outDir, 'hugo', 'layouts', '_default', 'list.jsonfeed.json'), hugoJsonFeedTemplate());
fs.writeFileSync(
  path.join(outDir, 'corpus.json'),
  JSON.stringify({ articles: n, bytes, tags: tags.length, topics: topicPool.length, newest: `${newest.name}.md` }, null, 2) + '\n',
);
console.log(`${n} articles (${(bytes / 1048576).toFixed(1)} MiB) in ${outDir}`);
