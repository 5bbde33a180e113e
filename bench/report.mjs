#!/usr/bin/env node
// Usage: node bench/report.mjs RESULTS_DIR
//
// Reads hyperfine's time-N.json and the peak-memory rss.jsonl written by
// bench/run.sh, prints a table of medians, ratios against Hugo and the issue's
// targets, and writes the same table as Markdown to RESULTS_DIR/summary.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'bench/.work/results');
const rssLines = fs.existsSync(path.join(dir, 'rss.jsonl'))
  ? fs.readFileSync(path.join(dir, 'rss.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
const sizes = fs
  .readdirSync(dir)
  .map((f) => /^time-(\d+)\.json$/.exec(f)?.[1])
  .filter(Boolean)
  .map(Number)
  .sort((a, b) => a - b);

const LABELS = {
  'broadsheet-cold': 'Broadsheet, cold, RSS + Atom + JSON Feed',
  'hugo-all': 'Hugo, RSS + Atom + JSON Feed (same feeds)',
  'broadsheet-rss-cold': 'Broadsheet, cold, RSS only',
  hugo: 'Hugo, RSS only (same feeds)',
  'broadsheet-no-change': 'Broadsheet, rebuild, nothing changed',
  'broadsheet-one-change': 'Broadsheet, rebuild, one article changed',
  naive: 'naive Node (yaml + marked + feed, every article, three formats)',
};
/** Each Broadsheet case against the Hugo build that writes the same files. */
const PEER = {
  'broadsheet-cold': 'hugo-all',
  'broadsheet-rss-cold': 'hugo',
  'broadsheet-no-change': 'hugo-all',
  'broadsheet-one-change': 'hugo-all',
  naive: 'hugo-all',
};
const mb = (kib) => (kib * 1024) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
const checks = [];

for (const size of sizes) {
  const { results } = JSON.parse(fs.readFileSync(path.join(dir, `time-${size}.json`), 'utf8'));
  const byName = new Map(results.map((r) => [r.command, r]));
  const rss = new Map(rssLines.filter((l) => l.size === size).map((l) => [l.name, l.kib]));
  for (const r of results) {
    const peer = byName.get(PEER[r.command]);
    rows.push({
      size,
      name: r.command,
      median: r.median,
      min: r.min,
      max: r.max,
      runs: r.times.length,
      ratio: peer ? r.median / peer.median : undefined,
      rssMb: rss.has(r.command) ? mb(rss.get(r.command)) : undefined,
    });
  }
  const noChange = byName.get('broadsheet-no-change');
  for (const [name, peerName, what] of [
    ['broadsheet-cold', 'hugo-all', 'all three formats'],
    ['broadsheet-rss-cold', 'hugo', 'RSS only'],
  ]) {
    const ours = byName.get(name);
    const peer = byName.get(peerName);
    if (!ours || !peer) continue;
    const ratio = ours.median / peer.median;
    if (size === 4000) checks.push([`4,000 cold ≤ 0.5× Hugo, ${what}`, ratio <= 0.5, `${ratio.toFixed(2)}×`]);
    if (size === 40000) checks.push([`40,000 cold ≤ 0.3× Hugo, ${what}`, ratio <= 0.3, `${ratio.toFixed(2)}×`]);
  }
  if (size === 4000 && noChange) checks.push(['4,000 no-change rebuild ≤ 0.15 s', noChange.median <= 0.15, `${noChange.median.toFixed(3)} s`]);
  if (size === 40000 && rss.has('broadsheet-cold')) {
    const peak = Math.max(...['broadsheet-cold', 'broadsheet-rss-cold', 'broadsheet-no-change', 'broadsheet-one-change'].filter((n) => rss.has(n)).map((n) => mb(rss.get(n))));
    checks.push(['40,000 peak RSS ≤ 500 MB', peak <= 500, `${peak.toFixed(0)} MB`]);
  }
}

const fmt = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const header = ['articles', 'case', 'median', 'min–max', 'runs', 'vs Hugo', 'peak RSS'];
const table = rows.map((r) => [
  r.size.toLocaleString('en'),
  LABELS[r.name] ?? r.name,
  fmt(r.median),
  `${fmt(r.min)}–${fmt(r.max)}`,
  String(r.runs),
  r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
  r.rssMb === undefined ? '' : `${r.rssMb.toFixed(0)} MB`,
]);
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;

const widths = header.map((h, i) => Math.max([...h].length, ...table.map((row) => [...row[i]].length)));
const line = (cells) => cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ');
console.log(`\n${machine}`);
console.log(line(header));
for (const row of table) console.log(line(row));
console.log('\nTargets:');
for (const [what, ok, got] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'}  ${what}: ${got}`);

// Where a cold build's time goes: median per phase of `build --timings` over 3 cold builds.
const phaseLines = fs.existsSync(path.join(dir, 'phases.jsonl'))
  ? fs.readFileSync(path.join(dir, 'phases.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
const PHASES = ['startup', 'scan', 'load', 'plan', 'render', 'write', 'cache'];
const phaseRows = sizes
  .filter((size) => phaseLines.some((l) => l.size === size))
  .map((size) => [size.toLocaleString('en-US'), ...PHASES.map((p) => `${Math.round(median(phaseLines.filter((l) => l.size === size && l.phase === p).map((l) => l.ms)))} ms`)]);
if (phaseRows.length > 0) {
  console.log('\nCold build phases (median of 3, build --timings):');
  for (const row of phaseRows) console.log(`  ${row[0].padStart(6)}: ${PHASES.map((p, i) => `${p} ${row[i + 1]}`).join(', ')}`);
}

const md = [
  `Machine: ${machine}.`,
  '',
  `| ${header.join(' | ')} |`,
  `|${header.map((_, i) => (i >= 2 ? '---:' : '---')).join('|')}|`,
  ...table.map((row) => `| ${row.join(' | ')} |`),
  '',
  ...checks.map(([what, ok, got]) => `- ${what}: **${got}** — ${ok ? 'met' : 'missed'}`),
  '',
  ...(phaseRows.length > 0
    ? [
        'Where a cold build (all formats) spends its time: median of 3 runs of `broadsheet build --timings`.',
        '',
        `| articles | ${PHASES.join(' | ')} |`,
        `|---|${PHASES.map(() => '---:').join('|')}|`,
        ...phaseRows.map((row) => `| ${row.join(' | ')} |`),
        '',
      ]
    : []),
].join('\n');
fs.writeFileSync(path.join(dir, 'summary.md'), md);
console.log(`\nMarkdown table: ${path.join(dir, 'summary.md')}`);
