import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, wrapLine, wrapText } from '../../src/email/wrap-text.js';

test('display width counts CJK and emoji as two columns', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('数据标注'), 8);
  assert.equal(displayWidth('a👩‍👩‍👧b'), 4);
});

test('CJK text without spaces wraps between characters, never before closing punctuation', () => {
  const line = '大模型竞赛的焦点常落在算力与人才，但决定模型上限的训练数据，多由少数标注公司整理。本文梳理标注行业的商业模式。';
  const lines = wrapLine(line, 20);
  assert.ok(lines.length > 3);
  assert.equal(lines.join(''), line, 'nothing lost or added');
  for (const l of lines) {
    assert.ok(displayWidth(l) <= 22, `"${l}" is ${displayWidth(l)} wide`); // hanging punctuation may overhang by one
    assert.ok(!/^[，。、；：！？）」』》]/.test(l), `"${l}" starts with closing punctuation`);
  }
});

test('English wraps at spaces; mixed text breaks at the script boundary', () => {
  const lines = wrapLine('Meta以143亿美元巨额投资数据标注公司Scale AI，并成功招揽其28岁创始人Alexandr Wang。', 30);
  for (const l of lines) assert.ok(displayWidth(l) <= 31, l);
  assert.ok(lines.every((l) => !/Alexand$/.test(l)), 'words are never cut');
  assert.deepEqual(wrapLine('one two three four five', 9), ['one two', 'three', 'four five']);
});

test('URLs are never broken, even when longer than the width; indent and bullets hang', () => {
  const url = 'https://subscribe.news.example.org/unsubscribe?token=eyJwIjoidW5zdWJzY3JpYmUiLCJzIjoicHJldmlldyJ9.HcL4';
  const lines = wrapLine(`  退订链接在这里，请点击下面的地址完成退订操作，谢谢: ${url} 然后继续`, 30);
  assert.ok(lines.includes(`  ${url}`), lines.join('\n'));
  for (const l of lines) assert.ok(l.startsWith('  '), `"${l}" keeps the indent`);
  const bullet = wrapLine('* A rather long title that needs to wrap onto the next line', 30);
  assert.ok(bullet.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   ')), bullet.join('\n'));
});

test('short lines and blank lines pass through; markers take no width', () => {
  assert.equal(wrapText('a\n\nb  ', 72), 'a\n\nb  ');
  const marker = /<!--m-->/g;
  assert.deepEqual(wrapLine('<!--m-->abcd efgh', 9, marker), ['<!--m-->abcd efgh']);
});
