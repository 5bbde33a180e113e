/**
 * The words `broadsheet init` writes in the publication's own language: the example
 * article (with a footnote and two topics), the topic names, the title of the section
 * for articles without a topic, and a default site title.
 */
export interface ExampleText {
  title: string;
  slug: string;
  summary: string;
  topics: [string, string];
  tags: string[];
  body: string;
  other: string;
  siteTitle: string;
  siteDescription: string;
}

export const EXAMPLES: Record<'en' | 'zh-CN' | 'zh-TW', ExampleText> = {
  en: {
    title: 'Welcome to your publication',
    slug: 'welcome',
    summary: 'What this example article shows, and how to write the next one.',
    topics: ['Getting started', 'Writing'],
    tags: ['Broadsheet'],
    body: `This is an example article. Edit it, or delete it once you have written your own.
Every Markdown file in \`content/\` is an article; the block between the \`---\` lines at
the top is its front matter: title, date, topics and tags.

## What happens to it

\`broadsheet build\` turns your articles into RSS, Atom and JSON feeds, one for the whole
site and one for every topic and tag[^feeds]. \`broadsheet digest\` shows the email your
subscribers will receive, grouped by topic.

## Next steps

1. Change the title and address in \`broadsheet.yaml\`.
2. Replace the placeholders under \`newsletter:\` before sending anything.
3. Run \`broadsheet check\` to see every problem at once.

[^feeds]: Turn the per-topic and per-tag feeds off with \`feeds.topics\` and \`feeds.tags\`.
`,
    other: 'Other',
    siteTitle: 'My Publication',
    siteDescription: 'Articles and a weekly digest.',
  },
  'zh-CN': {
    title: '欢迎来到你的刊物',
    slug: 'welcome',
    summary: '这篇示例文章展示了什么，以及怎样写下一篇。',
    topics: ['入门', '写作'],
    tags: ['Broadsheet'],
    body: `这是一篇示例文章。你可以修改它，也可以在写好自己的文章后删除它。
\`content/\` 里的每个 Markdown 文件都是一篇文章；开头两行 \`---\` 之间是它的元数据：标题、日期、主题和标签。

## 它会变成什么

\`broadsheet build\` 把文章生成 RSS、Atom 和 JSON 订阅源，全站一个，每个主题和标签各一个[^feeds]。
\`broadsheet digest\` 则按主题分组，显示订阅者将收到的邮件。

## 接下来

1. 在 \`broadsheet.yaml\` 中修改刊名和网址。
2. 发送之前，替换 \`newsletter:\` 下的占位内容。
3. 运行 \`broadsheet check\`，一次看到所有问题。

[^feeds]: 用 \`feeds.topics\` 和 \`feeds.tags\` 可以关闭按主题和按标签的订阅源。
`,
    other: '其他',
    siteTitle: '我的刊物',
    siteDescription: '文章与每周摘要。',
  },
  'zh-TW': {
    title: '歡迎來到你的刊物',
    slug: 'welcome',
    summary: '這篇範例文章展示了什麼，以及怎樣寫下一篇。',
    topics: ['入門', '寫作'],
    tags: ['Broadsheet'],
    body: `這是一篇範例文章。你可以修改它，也可以在寫好自己的文章後刪除它。
\`content/\` 裡的每個 Markdown 檔案都是一篇文章；開頭兩行 \`---\` 之間是它的中繼資料：標題、日期、主題和標籤。

## 它會變成什麼

\`broadsheet build\` 把文章產生 RSS、Atom 和 JSON 訂閱源，全站一個，每個主題和標籤各一個[^feeds]。
\`broadsheet digest\` 則按主題分組，顯示訂閱者將收到的郵件。

## 接下來

1. 在 \`broadsheet.yaml\` 中修改刊名和網址。
2. 寄送之前，替換 \`newsletter:\` 下的預留內容。
3. 執行 \`broadsheet check\`，一次看到所有問題。

[^feeds]: 用 \`feeds.topics\` 和 \`feeds.tags\` 可以關閉按主題和按標籤的訂閱源。
`,
    other: '其他',
    siteTitle: '我的刊物',
    siteDescription: '文章與每週摘要。',
  },
};
