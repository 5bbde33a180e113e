#!/usr/bin/env node
// Usage: node bench/floor.mjs [SIZE ...]   (after `npm run bench`, which makes the corpora)
//
// What a cold build of a bench corpus cannot avoid on this machine, part by part, with
// the cheapest means Node has, so the build's own figures can be read against a floor:
//
//   start   `node -e 0`: the runtime's own start
//   read    every Markdown file read whole (readFileSync), nothing parsed
//   marked  bare `marked.parse` (no extensions, no sanitising) of the feed articles only
//   write   the build's output tree made again: the same folders, files and bytes
//
// Each is the median of 3 runs on one thread. `ideal` spreads read and marked over both
// cores and adds start and write as they are: no module loading, no front matter, no
// feed text, no cache, no GC pressure from keeping anything. Which articles the feeds
// hold comes from Broadsheet's own plan (dist/, outside the timed parts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, process.env.BROADSHEET_DIST ?? 'dist', 'src');
const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['4000', '40000'];
const { loadConfig } = await import(path.join(dist, 'config/load.js'));
const { loadContent } = await import(path.join(dist, 'content/load-content.js'));
const { buildTaxonomy } = await import(path.join(dist, 'content/taxonomy.js'));
const { planFeeds } = await import(path.join(dist, 'feeds/plan-feeds.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const med3 = (fn) => median([timed(fn), timed(fn), timed(fn)]);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const start = median(
  Array.from({ length: 5 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  }),
);

console.log(`Machine: ${os.availableParallelism()} cores, Node ${process.version}. Single-thread medians of 3 runs, ms.\n`);
console.log('| articles | start | read | marked (feed articles) | write (files, MB) | ideal on 2 cores |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const size of sizes) {
  const site = path.join(root, 'bench/.work', `c${size}`, 'broadsheet');
  const config = loadConfig(path.join(site, 'broadsheet.yaml'), {}, root);
  const out = config.outputDir;
  if (!fs.existsSync(out)) spawnSync(process.execPath, [path.join(dist, 'cli/bin.js'), 'build', '--config', path.join(site, 'broadsheet.yaml')], { stdio: 'inherit' });
  const files = walk(config.contentDir).filter((f) => f.endsWith('.md'));
  const read = med3(() => {
    for (const f of files) fs.readFileSync(f);
  });
  const { published } = await loadContent(config, { drafts: false, future: false, now: new Date() });
  const plans = planFeeds(config, published, buildTaxonomy(published, config).taxonomy);
  const needed = new Set(plans.flatMap((p) => p.articles));
  const bodies = [...needed].map((a) => a.body);
  // A fresh Marked per run: the first run is as cold as a build's.
  const marked = med3(() => {
    const m = new Marked({ gfm: true });
    for (const b of bodies) m.parse(b);
  });
  const outputs = walk(out).map((f) => ({ rel: path.relative(out, f), bytes: fs.readFileSync(f) }));
  const mb = outputs.reduce((n, o) => n + o.bytes.length, 0) / 1e6;
  // Each run writes a folder of its own, deleted only after all three (see bench/aside.sh:
  // creating files just after deleting others is slow on this disk).
  const copies = [1, 2, 3].map((i) => path.join(site, `.floor-out-${i}`));
  for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
  const write = median(
    copies.map((copy) =>
      timed(() => {
        for (const { rel, bytes } of outputs) {
          fs.mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
          fs.writeFileSync(path.join(copy, rel), bytes);
        }
      }),
    ),
  );
  for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
  const ideal = start + (read + marked) / 2 + write;
  const ms = (x) => x.toFixed(0);
  console.log(`| ${Number(size).toLocaleString('en')} | ${ms(start)} | ${ms(read)} | ${ms(marked)} (${needed.size}) | ${ms(write)} (${outputs.length}, ${mb.toFixed(0)}) | ${ms(ideal)} |`);
}
