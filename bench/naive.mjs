#!/usr/bin/env node
// Usage: node bench/naive.mjs SITE_DIR
//
// The naive baseline the issue measures against: read every file with
// fs.promises.readFile, parse its YAML front matter, render every article's
// Markdown with marked (+ footnotes), and write RSS, Atom and JSON feeds with
// the `feed` package for the site, every topic and every tag (20 newest each).
// It is deliberately straightforward: no laziness, no cache.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { Feed } from 'feed';

const site = path.resolve(process.argv[2] ?? '.');
const contentDir = path.join(site, 'content');
const outDir = path.join(site, 'public-naive');
const url = 'https://bench.example.com/';
const LIMIT = 20;

const marked = new Marked().use(markedFootnote());
const files = (await fs.promises.readdir(contentDir)).filter((f) => f.endsWith('.md')).sort();
// fs.promises.readFile per file, as a naive pipeline does; in batches so 40,000 files
// do not exhaust file descriptors.
const read = async (f) => {
  const text = await fs.promises.readFile(path.join(contentDir, f), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  const data = parseYaml(m[1]);
  const slug = f.replace(/\.md$/, '');
  return {
    title: String(data.title),
    date: new Date(data.date),
    summary: data.summary ?? '',
    tags: data.tags ?? [],
    topics: data.main_topics ?? [],
    link: `${url}posts/${slug}/`,
    html: marked.parse(m[2]),
  };
};
const articles = [];
for (let i = 0; i < files.length; i += 256) articles.push(...(await Promise.all(files.slice(i, i + 256).map(read))));
articles.sort((a, b) => b.date - a.date);

function writeFeed(dir, title, items) {
  const feed = new Feed({ title, id: url, link: url, copyright: '', updated: items[0]?.date });
  for (const a of items.slice(0, LIMIT)) {
    feed.addItem({ title: a.title, id: a.link, link: a.link, date: a.date, description: a.summary, content: a.html });
  }
  const target = path.join(outDir, dir);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'rss.xml'), feed.rss2());
  fs.writeFileSync(path.join(target, 'atom.xml'), feed.atom1());
  fs.writeFileSync(path.join(target, 'feed.json'), feed.json1());
}

function groups(key) {
  const map = new Map();
  for (const a of articles) {
    for (const name of a[key]) {
      if (!map.has(name)) map.set(name, []);
      map.get(name).push(a);
    }
  }
  return map;
}

fs.rmSync(outDir, { recursive: true, force: true });
writeFeed('.', 'Bench', articles);
for (const [name, list] of groups('topics')) writeFeed(`topics/${encodeURIComponent(name)}`, name, list);
for (const [name, list] of groups('tags')) writeFeed(`tags/${encodeURIComponent(name)}`, name, list);
