import { en, type MessageKey, type Messages } from './catalogue-en.js';
import { CATALOGUES, matchLanguage, type CatalogueName } from './language.js';

/** What choosing a publication's words needs of its config. */
export interface MessageSettings {
  site: { language: string; title: string };
  /** Per-key overrides from the config's `messages:`, already validated. */
  messages?: Readonly<Partial<Record<string, string>>> | undefined;
}

/** Every message key, in catalogue order. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

const KEY_SET = new Set<string>(MESSAGE_KEYS);

/** Whether `key` names a message. */
export function isMessageKey(key: string): key is MessageKey {
  return KEY_SET.has(key);
}

/** The catalogue for a config, the config's overrides applied, placeholders still in place. */
export function rawMessages(settings: { site: { language: string } } & Pick<MessageSettings, 'messages'>): Messages {
  const base = CATALOGUES[matchLanguage(settings.site.language).catalogue];
  const overrides = settings.messages;
  if (!overrides) return base;
  const out: Messages = { ...base };
  for (const key of MESSAGE_KEYS) {
    const text = overrides[key];
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** The publication's words with `{site}` filled in: what pages and emails print. */
export function messagesFor(settings: MessageSettings): Messages {
  const raw = rawMessages(settings);
  const out = {} as Messages;
  for (const key of MESSAGE_KEYS) out[key] = fill(raw[key], { site: settings.site.title });
  return out;
}

/** `text` with each `{name}` replaced by `vars.name`; unknown placeholders stay as written. */
export function fill(text: string, vars: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/** The locale whose conventions dates and numbers follow: the catalogue's language. */
export function localeFor(language: string): CatalogueName {
  return matchLanguage(language).catalogue;
}

/** The catalogue names, for messages and docs. */
export function catalogueNames(): CatalogueName[] {
  return Object.keys(CATALOGUES) as CatalogueName[];
}

/**
 * The closest message key to an unknown one (one it begins, else by edit distance, ignoring case), for
 * "did you mean" hints; undefined when nothing is close.
 */
export function suggestKey(unknown: string): MessageKey | undefined {
  const target = unknown.toLowerCase();
  // A key the unknown one is the start of (`footnoteBack` for `footnoteBackLabel`).
  const longer = target.length >= 4 ? MESSAGE_KEYS.filter((k) => k.toLowerCase().startsWith(target)).sort((x, y) => x.length - y.length)[0] : undefined;
  if (longer) return longer;
  let best: MessageKey | undefined;
  let bestDistance = Infinity;
  for (const key of MESSAGE_KEYS) {
    const d = editDistance(target, key.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = key;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(target.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** "3 new articles" in the publication's words. */
export function countText(messages: Pick<Messages, 'countOne' | 'countMany'>, count: number): string {
  return fill(count === 1 ? messages.countOne : messages.countMany, { count });
}
