// The realistic 30-article edition both digest benchmarks measure: Chinese and English
// titles that need escaping, one to two topics each (some none), lead images on a quarter.

export const TOPICS = ['人工智能战略投资', '数据驱动AI发展', '科技人才与竞争', '半导体产业', 'C++', 'AI/ML', 'Node.js', '开源社区'];

/** 30 articles dated before `at`, newest first, shaped like the content model's Article. */
export function digestArticles(at) {
  return Array.from({ length: 30 }, (_, i) => {
    const date = new Date(at.getTime() - (i + 1) * 4 * 3_600_000);
    const url = `https://news.example.org/posts/article-${i}/`;
    const topics = i % 7 === 6 ? [] : i % 3 === 0 ? [TOPICS[i % 8], TOPICS[(i + 3) % 8]] : [TOPICS[i % 8]];
    return {
      id: url, slug: `article-${i}`, sourcePath: `article-${i}.md`, url,
      title: i % 2 ? `Meta的豪赌：143亿美元押注数据洞察，AI超级智能竞赛的新战局（${i}）` : `Why C++ & Rust still matter in 2025, part ${i}`,
      date, updated: date, draft: false,
      summary: 'Meta以143亿美元巨额投资数据标注公司Scale AI，并成功招揽其28岁创始人Alexandr Wang，此举旨在利用Wang对AI数据生态的独特洞察力，重振Meta在AI大模型领域的竞争力。',
      tags: [], topics, authors: [{ name: '编辑部' }], body: '', bodyLine: 1, hash: '',
      ...(i % 4 === 0 ? { image: `https://news.example.org/images/lead-${i}.jpg` } : {}),
    };
  });
}
