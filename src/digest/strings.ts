/**
 * The few words the shipped templates print, per language. Templates read them as
 * `{{t.NAME}}`; users who want other words edit the templates or add a language here.
 * Lookup falls back from `zh-TW` to `zh` to English.
 */
export interface DigestStrings {
  viewInBrowser: string;
  unsubscribe: string;
  preferences: string;
  /** The greeting; `{name}` is replaced by the subscriber's name (shown only when known). */
  greeting: string;
  /** Why the reader got the email; `{site}` is replaced by the site title. */
  whyReceived: string;
  /** The web archive's footer, where there are no personal links. */
  webFooter: string;
  /** Article count line; `{count}` is replaced by the number. */
  countOne: string;
  countMany: string;
  /** Separator between items in a line. */
  separator: string;
  /** Text twin: label before the web version's URL. */
  archive: string;
  /** Title of the archive feed; `{site}` is replaced by the site title. */
  archiveTitle: string;
  archiveDescription: string;
  /** The web page's link to all editions. */
  archiveLink: string;
}

const en: DigestStrings = {
  viewInBrowser: 'View in browser',
  unsubscribe: 'Unsubscribe',
  preferences: 'Choose topics',
  greeting: 'Hi {name},',
  whyReceived: 'You are receiving this email because you subscribed to {site}.',
  webFooter: 'Subscribers can choose their topics or unsubscribe with the links at the foot of every email.',
  countOne: '1 new article',
  countMany: '{count} new articles',
  separator: ' · ',
  archive: 'Web version',
  archiveTitle: '{site}: newsletter archive',
  archiveDescription: 'Every edition of the {site} newsletter.',
  archiveLink: 'All editions',
};

const zh: DigestStrings = {
  viewInBrowser: '在浏览器中查看',
  unsubscribe: '退订',
  preferences: '选择主题',
  greeting: '{name}，你好！',
  whyReceived: '你收到这封邮件，是因为你订阅了「{site}」。',
  webFooter: '订阅者可以通过每封邮件底部的链接选择主题或退订。',
  countOne: '本期 1 篇新文章',
  countMany: '本期 {count} 篇新文章',
  separator: ' · ',
  archive: '网页版',
  archiveTitle: '{site} · 往期简报',
  archiveDescription: '「{site}」简报的每一期。',
  archiveLink: '往期简报',
};

const zhHant: DigestStrings = {
  ...zh,
  viewInBrowser: '在瀏覽器中查看',
  unsubscribe: '退訂',
  preferences: '選擇主題',
  greeting: '{name}，你好！',
  whyReceived: '你收到這封郵件，是因為你訂閱了「{site}」。',
  webFooter: '訂閱者可以透過每封郵件底部的連結選擇主題或退訂。',
  countOne: '本期 1 篇新文章',
  countMany: '本期 {count} 篇新文章',
  archive: '網頁版',
  archiveTitle: '{site} · 往期簡報',
  archiveDescription: '「{site}」簡報的每一期。',
  archiveLink: '往期簡報',
};

const table: Record<string, DigestStrings> = { en, zh, 'zh-hant': zhHant, 'zh-tw': zhHant, 'zh-hk': zhHant, 'zh-mo': zhHant };

/** The strings for a BCP 47 language tag. */
export function digestStrings(language: string): DigestStrings {
  const tag = language.toLowerCase();
  const parts = tag.split('-');
  for (let n = parts.length; n > 0; n--) {
    const found = table[parts.slice(0, n).join('-')];
    if (found) return found;
  }
  return en;
}

/** "3 new articles" in the language. */
export function countText(strings: DigestStrings, count: number): string {
  return (count === 1 ? strings.countOne : strings.countMany).replace('{count}', String(count));
}
