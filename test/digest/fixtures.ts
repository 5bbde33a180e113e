import type { Article } from '../../src/content/article.js';
import { configFromObject } from '../../src/config/load.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';

/** A hand-built article; fields not given get plausible values. */
export function article(over: Partial<Article> & { slug: string }): Article {
  const url = over.url ?? `https://news.example.org/posts/${encodeURIComponent(over.slug)}/`;
  const date = over.date ?? new Date('2025-06-12T10:00:00Z');
  return {
    id: over.id ?? url,
    sourcePath: `${over.slug}.md`,
    title: `Article ${over.slug}`,
    updated: date,
    draft: false,
    summary: `Summary of ${over.slug}.`,
    tags: [],
    topics: [],
    authors: [],
    body: 'Body.',
    bodyLine: 5,
    hash: 'x',
    ...over,
    url,
    date,
  };
}

/** A config as the sample publication's, overridable per test. */
export function config(over: Partial<ConfigInput> = {}, root = process.cwd()): Config {
  const base: ConfigInput = {
    site: { title: '纸上谈兵 Broadsheet', url: 'https://news.example.org/', language: 'zh-CN', timezone: 'Asia/Shanghai', description: 'Technology and strategy.' },
    digest: { schedule: '0 9 * * 1', other: '其他' },
    newsletter: {
      from: '纸上谈兵 <digest@news.example.org>',
      reply_to: 'editors@news.example.org',
      postal_address: '1 Example Road, Shanghai',
      service_url: 'https://subscribe.news.example.org/',
    },
  };
  return configFromObject({ ...base, ...over, site: { ...base.site, ...(over.site ?? {}) } } as ConfigInput, root);
}

const TOPICS = ['人工智能战略投资', '数据驱动AI发展', '科技人才与竞争', 'C++', 'AI/ML', 'Node.js'];

/** `n` articles over the week before 2025-06-16 09:00 Shanghai, 1–2 topics each, some with images. */
export function corpus(n: number): Article[] {
  const out: Article[] = [];
  for (let i = 0; i < n; i++) {
    const t1 = TOPICS[i % TOPICS.length] as string;
    const t2 = TOPICS[(i * 7 + 3) % TOPICS.length] as string;
    out.push(
      article({
        slug: `article-${i}`,
        title: i % 2 ? `Meta的豪赌：143亿美元押注数据洞察，AI超级智能竞赛的新战局 第${i}篇` : `Why "C++ & Rust" <still> matter in 2025, part ${i}`,
        summary:
          'Meta以143亿美元巨额投资数据标注公司Scale AI，并成功招揽其28岁创始人Alexandr Wang，此举旨在利用Wang对AI数据生态的独特洞察力，重振Meta在AI大模型领域的竞争力。这笔交易随即引发谷歌终止与Scale AI合作的连锁反应。',
        date: new Date(Date.parse('2025-06-15T20:00:00Z') - i * 4 * 3_600_000),
        topics: i % 5 === 4 ? [] : i % 3 === 0 ? [t1, t2].filter((v, k, a) => a.indexOf(v) === k) : [t1],
        authors: [{ name: '编辑部' }],
        ...(i % 4 === 0 ? { image: `https://news.example.org/images/lead-${i}.jpg` } : {}),
      }),
    );
  }
  return out;
}
