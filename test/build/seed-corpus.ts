/**
 * A publication on disk shaped like the seed article, written for these tests:
 * a Chinese analysis with `+08:00` dates, footnotes (one inside a raw <blockquote>),
 * odd tags, hostile HTML, relative links, and a draft, a future and an expired
 * article whose terms must get no feed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

export const SITE = 'https://news.example.org/';

export const CONFIG = `site:
  title: 纸上谈兵
  url: ${SITE}
  description: Tech & strategy
  language: zh-CN
  timezone: Asia/Shanghai
  author:
    name: 编辑部
    email: editors@news.example.org
  permalink: /posts/:slug/
content: content
output: public
feeds:
  limit: 20
tags:
  slugs:
    C++: cpp
`;

export const FILES: Record<string, string> = {
  'meta-scale-ai.md': `---
title: "Meta的豪赌：143亿美元押注数据洞察"
date: 2025-06-16T12:30:04+08:00
draft: false
summary: "Meta以143亿美元投资数据标注公司Scale AI[^1]，重振其AI竞争力。"
tags:
  - "AI竞赛"
  - "C++"
  - "AI/ML"
main_topics:
  - "人工智能战略投资"
  - "科技人才与竞争"
---

> 在AI军备竞赛白热化之际，Meta以**143亿美元**战略投资Scale AI。

硅谷的AI战火从未停歇，谷歌随即与Scale AI“决裂”[^1]。详见[另一篇](../node-streams/)。

### 押注核心洞察

<blockquote>
“这就像是‘掌勺的主厨’和‘开菜市场的人’之间的区别。”[^2]
</blockquote>

![配图](/images/meta.png)

## References
[^1]: 新智元（2025/6/16）。[小扎豪掷143亿美元](https://cloud.tencent.com/developer/article/2531582)。
[^2]: 作者不详（2025/6/16）。[澎湃新闻](https://m.thepaper.cn/newsDetail_forward_30984702)。
`,
  'node-streams.md': `---
title: "Node.js streams & C++ addons"
date: 2025-06-10T08:00:00Z
updated: 2025-06-12T10:00:00Z
tags: ["Node.js", "C++", "hello world"]
main_topics: ["Engineering"]
authors:
  - "Ada <ada@example.org>"
---

Use \`pipeline()\`.

<script>alert('x')</script>
<img src="x.png" onerror="alert(1)">
<a href="javascript:alert(1)">click</a>
<iframe src="https://evil.example/"></iframe>

Text with a control character: bell\u0007 here, and a CDATA end ]]> too.
`,
  'toml-note.md': `+++
title = "A TOML note"
date = 2025-05-01T09:00:00+08:00
tags = ["hello world"]
main_topics = ["Engineering"]
+++

Short note.
`,
  'draft.md': `---
title: Draft
date: 2025-06-01T00:00:00+08:00
draft: true
tags: ["draft-only"]
main_topics: ["草稿话题"]
---

Draft body.
`,
  'future.md': `---
title: Future
date: 2030-01-01T00:00:00+08:00
tags: ["future-only"]
---

Later.
`,
  'expired.md': `---
title: Expired
date: 2024-01-01T00:00:00+08:00
expiryDate: 2025-01-01T00:00:00+08:00
tags: ["expired-only"]
---

Gone.
`,
};

/** The instant the tests build "as of". */
export const NOW = '2026-01-01T00:00:00Z';

/** Writes broadsheet.yaml and content/ into a fresh temp folder and returns it. */
export function writeCorpus(files: Record<string, string> = FILES): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-build-'));
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), CONFIG);
  fs.mkdirSync(path.join(root, 'content'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, 'content', name), text);
  return root;
}

/** Every file below `dir` with its bytes' sha256, sorted: equal maps mean byte-identical trees. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full).split(path.sep).join('/'), crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
