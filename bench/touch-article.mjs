#!/usr/bin/env node
// Usage: node bench/touch-article.mjs CORPUS_DIR [--restore]
//
// Edits the corpus's newest article (it is in every feed it belongs to, so the
// rebuild must re-render it): inserts a paragraph with a fresh stamp before the
// references, so every call is a real content change. The original text is kept
// next to the corpus; --restore puts it back.
import fs from 'node:fs';
import path from 'node:path';

const [dirArg, flag] = process.argv.slice(2);
if (!dirArg) {
  console.error('Usage: node bench/touch-article.mjs CORPUS_DIR [--restore]');
  process.exit(2);
}
const dir = path.resolve(dirArg);
const { newest } = JSON.parse(fs.readFileSync(path.join(dir, 'corpus.json'), 'utf8'));
const file = path.join(dir, 'broadsheet', 'content', newest);
const original = path.join(dir, 'newest.orig.md');
if (!fs.existsSync(original)) fs.copyFileSync(file, original);
const text = fs.readFileSync(original, 'utf8');

if (flag === '--restore') {
  fs.writeFileSync(file, text);
} else {
  const stamp = `${Date.now()}-${process.hrtime.bigint() % 100000n}`;
  const edited = text.replace('\n## References\n', `\n本文已修订（${stamp}），补充了**最新进展**。\n\n## References\n`);
  if (edited === text) throw new Error(`${file}: no "## References" heading to edit before`);
  fs.writeFileSync(file, edited);
}
