/**
 * The subscription pages' and confirmation email's words, per language. Pages pick a
 * catalogue by `site.language` (exact tag, then its primary language, then English).
 * `{site}` is replaced by the site's title.
 */

const en = {
  subscribeTitle: 'Subscribe to {site}',
  subscribeIntro: 'New articles by email. You choose the topics; you can change them or leave at any time.',
  emailLabel: 'Email address',
  emailHint: 'We send a confirmation link to this address first.',
  nameLabel: 'Name (optional)',
  topicsLegend: 'Topics',
  topicsHint: 'Choose the topics you want. Choose none to get every topic.',
  subscribeButton: 'Subscribe',
  checkInboxTitle: 'Check your inbox',
  checkInboxBody:
    'If the address can receive mail, a message with a confirmation link is on its way. Open it and press “Confirm” to start your subscription. The link works for 48 hours.',
  checkInboxSpam: 'Nothing arrived after a few minutes? Look in your spam folder, or send the form again later.',
  confirmTitle: 'Confirm your subscription',
  confirmBody: 'Press the button to confirm that you want to receive {site} by email.',
  confirmWhy: 'We ask you to press a button because some mail programs open links on their own.',
  confirmButton: 'Confirm subscription',
  confirmedTitle: 'You are subscribed',
  confirmedBody: 'Thank you. The next digest of {site} will reach you at the address you gave.',
  managePreferences: 'Manage your topics',
  preferencesTitle: 'Your subscription',
  preferencesIntro: 'Choose the topics you want to receive.',
  preferencesPending: 'Your subscription is not confirmed yet: use the link in the confirmation email to start it.',
  preferencesUnsubscribed: 'You are unsubscribed and receive nothing.',
  preferencesBounced: 'Mail to your address could not be delivered, so we stopped sending it.',
  saveButton: 'Save topics',
  savedNotice: 'Your topics are saved.',
  leaveHeading: 'Leave',
  leaveBody: 'Stop receiving {site}.',
  unsubscribeTitle: 'Unsubscribe from {site}',
  unsubscribeBody: 'Press the button to stop receiving {site}. Nothing changes until you do.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: 'You will not receive {site} any more.',
  resubscribeHeading: 'Changed your mind?',
  resubscribeBody: 'Subscribe again: we will send you a new confirmation link.',
  invalidLinkTitle: 'This link does not work',
  invalidLinkBody: 'The link is incomplete, was changed, or was not made by us. Use the link in your latest email, or subscribe again.',
  expiredLinkTitle: 'This link has expired',
  expiredLinkBody: 'Confirmation links work for 48 hours. Subscribe again to get a new one.',
  staleConfirmBody: 'This confirmation link is older than your last change. Subscribe again to get a new one.',
  errorsTitle: 'Please correct the following:',
  errorEmail: 'Enter a valid email address of at most 254 characters.',
  errorName: 'A name can have at most 100 characters.',
  errorTopics: 'Choose only topics from the list.',
  formExpiredTitle: 'Please send the form again',
  formExpiredBody: 'The form had expired or came from another site. Check your details and send it again.',
  tooManyTitle: 'Too many requests',
  tooManyBody: 'Please wait a while and try again.',
  tooLargeTitle: 'Too much data',
  tooLargeBody: 'The form sent more data than this service accepts.',
  unsupportedTitle: 'Unsupported request',
  unsupportedBody: 'Send the form from the page, as a normal HTML form.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'There is nothing at this address.',
  serverErrorTitle: 'Something went wrong',
  serverErrorBody: 'Please try again later.',
  backToSite: 'Back to {site}',
  subscribeLink: 'Subscribe',
  // Confirmation email.
  confirmSubject: 'Confirm your subscription to {site}',
  confirmGreeting: 'Hello,',
  confirmEmailIntro: 'someone, hopefully you, asked to receive {site} at this address.',
  confirmEmailAction: 'To start the subscription, open this link and press “Confirm subscription” (the link works for 48 hours):',
  confirmEmailIgnore: 'If you did not ask for this, ignore this email: nothing happens without your confirmation.',
  alreadySubject: 'You are already subscribed to {site}',
  alreadyEmailIntro: 'someone, hopefully you, tried to subscribe this address to {site}, but it is already subscribed.',
  alreadyEmailAction: 'To change your topics or to unsubscribe, open this link:',
  alreadyEmailIgnore: 'If that was not you, you can ignore this email: nothing has changed.',
};

/** Every key a catalogue must have. */
export type Messages = typeof en;

const zhCN: Messages = {
  subscribeTitle: '订阅 {site}',
  subscribeIntro: '通过电子邮件接收新文章。主题由你选择，可以随时更改或退订。',
  emailLabel: '电子邮件地址',
  emailHint: '我们会先向这个地址发送一封确认邮件。',
  nameLabel: '称呼（可选）',
  topicsLegend: '主题',
  topicsHint: '选择你想接收的主题。一个都不选则接收全部主题。',
  subscribeButton: '订阅',
  checkInboxTitle: '请查收邮件',
  checkInboxBody: '如果这个地址可以收信，一封带有确认链接的邮件正在路上。打开邮件并点击“确认订阅”即可开始订阅。链接 48 小时内有效。',
  checkInboxSpam: '几分钟后仍未收到？请查看垃圾邮件文件夹，或稍后再提交一次。',
  confirmTitle: '确认订阅',
  confirmBody: '点击下面的按钮，确认你希望通过电子邮件接收 {site}。',
  confirmWhy: '之所以需要点击按钮，是因为有些邮件程序会自动打开链接。',
  confirmButton: '确认订阅',
  confirmedTitle: '订阅成功',
  confirmedBody: '谢谢！下一期 {site} 将发送到你填写的地址。',
  managePreferences: '管理订阅主题',
  preferencesTitle: '你的订阅',
  preferencesIntro: '选择你想接收的主题。',
  preferencesPending: '你的订阅尚未确认：请使用确认邮件中的链接开始订阅。',
  preferencesUnsubscribed: '你已退订，不会再收到任何邮件。',
  preferencesBounced: '发往你的地址的邮件无法投递，因此我们已停止发送。',
  saveButton: '保存主题',
  savedNotice: '你的主题已保存。',
  leaveHeading: '退订',
  leaveBody: '不再接收 {site}。',
  unsubscribeTitle: '退订 {site}',
  unsubscribeBody: '点击按钮即可不再接收 {site}。在你点击之前，什么都不会改变。',
  unsubscribeButton: '退订',
  unsubscribedTitle: '已退订',
  unsubscribedBody: '你将不会再收到 {site}。',
  resubscribeHeading: '改变主意了？',
  resubscribeBody: '重新订阅：我们会给你发送一个新的确认链接。',
  invalidLinkTitle: '链接无效',
  invalidLinkBody: '链接不完整、已被修改，或并非由我们生成。请使用最近一封邮件中的链接，或重新订阅。',
  expiredLinkTitle: '链接已过期',
  expiredLinkBody: '确认链接在 48 小时内有效。请重新订阅以获取新链接。',
  staleConfirmBody: '这个确认链接早于你最近的一次更改。请重新订阅以获取新链接。',
  errorsTitle: '请更正以下问题：',
  errorEmail: '请输入有效的电子邮件地址（不超过 254 个字符）。',
  errorName: '称呼最多 100 个字符。',
  errorTopics: '只能选择列表中的主题。',
  formExpiredTitle: '请重新提交表单',
  formExpiredBody: '表单已过期或来自其他网站。请核对信息后再提交一次。',
  tooManyTitle: '请求过多',
  tooManyBody: '请稍后再试。',
  tooLargeTitle: '数据过多',
  tooLargeBody: '表单提交的数据超出了本服务接受的大小。',
  unsupportedTitle: '不支持的请求',
  unsupportedBody: '请从页面上以普通 HTML 表单提交。',
  notFoundTitle: '页面不存在',
  notFoundBody: '这个地址没有内容。',
  serverErrorTitle: '出错了',
  serverErrorBody: '请稍后再试。',
  backToSite: '返回 {site}',
  subscribeLink: '订阅',
  confirmSubject: '请确认订阅 {site}',
  confirmGreeting: '你好：',
  confirmEmailIntro: '有人（希望是你）请求用这个地址接收 {site}。',
  confirmEmailAction: '要开始订阅，请打开下面的链接并点击“确认订阅”（链接 48 小时内有效）：',
  confirmEmailIgnore: '如果不是你本人操作，请忽略这封邮件：未经确认，什么都不会发生。',
  alreadySubject: '你已订阅 {site}',
  alreadyEmailIntro: '有人（希望是你）尝试用这个地址订阅 {site}，但这个地址已经订阅了。',
  alreadyEmailAction: '要更改主题或退订，请打开这个链接：',
  alreadyEmailIgnore: '如果不是你本人操作，可以忽略这封邮件：什么都没有改变。',
};

const catalogues: Record<string, Messages> = { en, 'zh-cn': zhCN, zh: zhCN, 'zh-hans': zhCN, 'zh-sg': zhCN };

/** The catalogue for a BCP 47 tag: exact (case-insensitive), then primary language, then English. */
export function catalogueFor(language: string): Messages {
  const tag = language.toLowerCase();
  return catalogues[tag] ?? catalogues[tag.split('-')[0] ?? ''] ?? en;
}

/** The catalogue with `{site}` filled in, ready for templates. */
export function messagesFor(language: string, siteTitle: string): Messages {
  const raw = catalogueFor(language);
  const out = {} as Record<keyof Messages, string>;
  for (const key of Object.keys(raw) as (keyof Messages)[]) out[key] = raw[key].split('{site}').join(siteTitle);
  return out;
}
