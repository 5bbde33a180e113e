// Word pools for the benchmark corpus. Shaped after real Chinese/English tech
// analysis articles: Chinese prose with English names mixed in, tags that are
// Chinese, English or awkward for URLs (C++, AI/ML, Node.js).

/** Chinese nouns and noun phrases. */
export const zhNouns = (
  '人工智能 数据 模型 投资 市场 技术 创新 竞争 战略 平台 用户 生态 芯片 算力 开源 监管 伦理 人才 资本 增长 ' +
  '企业 行业 未来 全球 研究 安全 隐私 云计算 自动驾驶 机器人 半导体 能源 电动汽车 供应链 基础设施 数据中心 ' +
  '大模型 推理 训练 标注 搜索 广告 社交网络 内容 创作者 版权 教育 医疗 金融 支付 电商 物流 制造业 工业互联网 ' +
  '量子计算 网络安全 操作系统 浏览器 编程语言 开发者 工具链 框架 数据库 存储 带宽 延迟 成本 估值 融资 并购 ' +
  '董事会 创始人 团队 文化 组织 效率 生产力 就业 政策 法规 标准 专利 出口管制 地缘政治 消费者 体验 设计 ' +
  '硬件 软件 服务 订阅 营收 利润 用户增长 留存 算法 推荐系统 智能体 多模态 语音 视觉 翻译 代码生成'
).split(' ');

/** Chinese verbs and connectors that make the prose read like sentences. */
export const zhGlue = (
  '的 在 与 和 正在 已经 将 对 为 是 不仅 而且 但是 因此 随着 通过 推动 引发 加速 重塑 面临 意味着 ' +
  '取决于 依赖 带来 改变 打破 构建 争夺 押注 布局 投入 整合 扩大 削弱 强化 凸显 揭示 影响 决定'
).split(' ');

/** English names that appear inside Chinese prose. */
export const enTerms = (
  'Meta OpenAI Google Microsoft Apple Amazon Nvidia TSMC Llama GPT Transformer GPU TPU API SDK Kubernetes ' +
  'Rust TypeScript Linux Android iOS Anthropic DeepMind Tesla Scale AI Alexandr Wang'
).split(' ');

/** English words for English titles and file names. */
export const enWords = (
  'data model market chips cloud open source agents search privacy policy growth talent compute power ' +
  'platform developer tools security robots energy future startup funding strategy race scale inference ' +
  'training browser language database network edge mobile design economy supply chain standards'
).split(' ');

/** Awkward tag names: punctuation, slashes, spaces, case. */
const oddTags = [
  'C++', 'AI/ML', 'Node.js', 'C#', '.NET', 'Scale AI', 'R&D', 'Web 3.0', 'Q&A', 'Objective-C',
  'TCP/IP', 'UTF-8', 'AT&T', '5G', 'iPhone 16', 'GPT-4o', 'Next.js', 'Vue.js', 'F#', 'Wi-Fi 7',
];

const zhTagStems = [
  '人工智能', '数据', '芯片', '开源', '监管', '伦理', '人才', '资本', '云计算', '自动驾驶', '机器人', '半导体',
  '能源', '供应链', '大模型', '智能体', '多模态', '网络安全', '量子计算', '隐私', '教育', '医疗', '金融', '电商',
];
const zhTagSuffixes = ['', '战略', '竞争', '投资', '治理', '生态', '产业'];

const enTags = [
  'Meta', 'OpenAI', 'Google', 'Microsoft', 'Apple', 'Amazon', 'Nvidia', 'TSMC', 'Llama', 'Transformer',
  'GPU', 'Kubernetes', 'Rust', 'TypeScript', 'Linux', 'Android', 'Anthropic', 'DeepMind', 'Tesla', 'Alexandr Wang',
  'Open Source', 'Machine Learning', 'Deep Learning', 'Computer Vision', 'Robotics', 'Edge Computing', 'Startups',
  'Venture Capital', 'Antitrust', 'Privacy', 'Cloud', 'Databases', 'Web Standards', 'Browsers', 'Security',
  'Supply Chain', 'Semiconductors', 'Energy', 'Climate', 'Education', 'Healthcare', 'Fintech', 'E-commerce',
];

/**
 * The 200 tags: odd ones first, then English, then Chinese compounds. Names that
 * would clash once case and punctuation are folded are dropped, so every tag gets
 * its own feed in both Broadsheet and Hugo.
 */
export function tagPool() {
  const out = [];
  const seen = new Set();
  const add = (t) => {
    const key = t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (seen.has(key) || out.length >= 200) return;
    seen.add(key);
    out.push(t);
  };
  oddTags.forEach(add);
  enTags.forEach(add);
  for (const suffix of zhTagSuffixes) for (const stem of zhTagStems) add(stem + suffix);
  if (out.length < 200) throw new Error(`tag pool has only ${out.length} names`);
  return out;
}

/** The 20 topics (newsletter sections). */
export const topicPool = [
  '人工智能战略投资', '数据驱动AI发展', '科技人才与竞争', '芯片与算力', '开源生态', '监管与伦理', '云计算与基础设施',
  '自动驾驶与机器人', '能源转型', '消费科技', '网络安全', '金融科技', '医疗科技', '教育科技', '全球供应链',
  'AI/ML Research', 'Developer Tools', 'Startups & Funding', 'Policy', 'Science',
];
