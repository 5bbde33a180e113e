/**
 * A hand-built corpus shaped like the seed article (written for these tests): Chinese
 * titles and topics, `+08:00` dates, footnotes with absolute links, authors with and
 * without email, odd tags (`C++`, `AI/ML`, `Node.js`, `hello world`), and text with
 * control characters and `]]>` that must not break the XML.
 */
import type { Article, Taxonomy, Term } from '../../src/content/article.js';
import { configFromObject } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { ConfigInput } from '../../src/config/schema.js';

export const SITE = 'https://news.example.org/';

export function corpusConfig(overrides: Partial<ConfigInput> = {}): Config {
  return configFromObject({
    site: {
      title: '纸上谈兵',
      url: SITE,
      description: 'Tech & strategy',
      language: 'zh-CN',
      timezone: 'Asia/Shanghai',
      author: { name: '编辑部', email: 'editors@news.example.org' },
      permalink: '/posts/:slug/',
    },
    tags: { names: {}, slugs: { 'C++': 'cpp' } },
    ...overrides,
  });
}

function article(a: Partial<Article> & Pick<Article, 'slug' | 'title' | 'date'>): Article {
  const url = `${SITE}posts/${encodeURIComponent(a.slug)}/`;
  return {
    id: url,
    url,
    sourcePath: `${a.slug}.md`,
    updated: a.date,
    draft: false,
    summary: '',
    tags: [],
    topics: [],
    authors: [],
    body: '',
    bodyLine: 1,
    hash: a.slug,
    ...a,
  };
}

/** Feed HTML per article id, as renderArticleHtml would return it (sanitised, absolute). */
export const HTML = new Map<string, string>();

const meta = article({
  slug: 'meta-scale-ai',
  title: 'Meta的豪赌：143亿美元押注数据洞察',
  date: new Date('2025-06-16T12:30:04+08:00'),
  updated: new Date('2025-06-17T09:00:00+08:00'),
  summary: 'Meta以143亿美元投资Scale AI。',
  topics: ['人工智能战略投资', '科技人才与竞争'],
  tags: ['AI竞赛', 'C++', 'AI/ML'],
  authors: [{ name: '新智元', email: 'desk@news.example.org' }],
  image: `${SITE}images/meta.png`,
});
HTML.set(
  meta.id,
  '<p>交易<sup id="fnref-1"><a href="https://news.example.org/posts/meta-scale-ai/#fn-1">1</a></sup>。</p>' +
    '<blockquote><p>“掌勺的主厨”<sup><a href="https://news.example.org/posts/meta-scale-ai/#fn-1">1</a></sup></p></blockquote>' +
    '<section class="footnotes"><ol><li id="fn-1"><a href="https://cloud.tencent.com/developer/article/2531582">新智元</a> ' +
    '<a href="https://news.example.org/posts/meta-scale-ai/#fnref-1">↩</a></li></ol></section>',
);

const node = article({
  slug: 'node-streams',
  title: 'Node.js streams & C++ addons <fast>',
  date: new Date('2025-06-10T08:00:00Z'),
  summary: 'Streams, backpressure and native code.',
  topics: ['Engineering'],
  tags: ['Node.js', 'C++', 'hello world'],
  authors: [{ name: 'Ada' }, { name: 'Bob', email: 'bob@example.org' }],
});
HTML.set(node.id, '<p>Use <code>pipeline()</code>; never <code>a ]]&gt; b</code>.</p><p><img src="https://news.example.org/img/s.png" alt="s"></p>');

const hostile = article({
  slug: '控制字符',
  title: 'Bell\u0007 and ]]> in a title\u0000',
  date: new Date('2025-01-01T00:00:00+08:00'),
  summary: 'Summary with ]]> and a form feed\f.',
  topics: ['Engineering'],
  tags: ['hello world'],
  authors: [{ name: 'Carol' }],
});
HTML.set(hostile.id, '<p>CDATA end ]]&gt; here\u0001 and \uFFFE gone.</p>');

export const ARTICLES: Article[] = [meta, node, hostile];

const TERM_SLUGS: Record<string, string> = {
  人工智能战略投资: '人工智能战略投资',
  科技人才与竞争: '科技人才与竞争',
  Engineering: 'engineering',
  AI竞赛: 'ai竞赛',
  'C++': 'cpp',
  'AI/ML': 'ai-ml',
  'Node.js': 'node.js',
  'hello world': 'hello-world',
};

/** Topics and tags of the given articles, each term's articles newest first. */
export function taxonomyOf(articles: Article[]): Taxonomy {
  const group = (pick: (a: Article) => string[]): Term[] => {
    const names = [...new Set(articles.flatMap(pick))].sort();
    return names.map((name) => ({
      name,
      title: name,
      slug: TERM_SLUGS[name] ?? name.toLowerCase(),
      articles: articles.filter((a) => pick(a).includes(name)).sort((x, y) => y.date.getTime() - x.date.getTime()),
    }));
  };
  return { topics: group((a) => a.topics), tags: group((a) => a.tags) };
}
