import type { Problem } from '../errors.js';
import { en, type Messages } from './catalogue-en.js';
import { zhCN } from './catalogue-zh-cn.js';
import { zhTW } from './catalogue-zh-tw.js';

/** The languages Broadsheet ships a catalogue for. */
export type CatalogueName = 'en' | 'zh-CN' | 'zh-TW';

export const CATALOGUES: Readonly<Record<CatalogueName, Messages>> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** Which catalogue a language tag gets, and whether that was a fallback to English. */
export interface LanguageMatch {
  catalogue: CatalogueName;
  /** True when no catalogue matched the tag and English stands in. */
  fallback: boolean;
}

// Regions whose written Chinese is Traditional by default (CLDR's likely subtags).
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

/**
 * BCP 47 lookup of a `site.language` tag among the shipped catalogues: `en-GB` → en;
 * `zh`, `zh-CN`, `zh-SG`, `zh-Hans…` → zh-CN; `zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant…`
 * → zh-TW (an explicit script wins over the region: `zh-Hans-HK` is Simplified);
 * anything else → en, marked as a fallback.
 */
export function matchLanguage(tag: string): LanguageMatch {
  const parts = tag.toLowerCase().split(/[-_]/);
  const primary = parts[0] ?? '';
  if (primary === 'en') return { catalogue: 'en', fallback: false };
  if (primary === 'zh' || primary === 'cmn' || primary === 'yue') {
    const script = parts.slice(1).find((p) => p.length === 4);
    if (script === 'hant') return { catalogue: 'zh-TW', fallback: false };
    if (script === 'hans') return { catalogue: 'zh-CN', fallback: false };
    const region = parts.slice(1).find((p) => p.length === 2 || /^\d{3}$/.test(p));
    // Cantonese is written in Traditional characters unless a script says otherwise.
    if ((region && TRADITIONAL_REGIONS.has(region)) || (primary === 'yue' && !region)) return { catalogue: 'zh-TW', fallback: false };
    return { catalogue: 'zh-CN', fallback: false };
  }
  return { catalogue: 'en', fallback: true };
}

/**
 * The warning a build gives when `site.language` has no catalogue: the pages, feeds and
 * emails speak English instead. `file` is the config file, when there is one.
 */
export function languageWarning(tag: string, file?: string): Problem | undefined {
  if (!matchLanguage(tag).fallback) return undefined;
  return {
    code: 'LanguageNotShipped',
    message: `site.language "${tag}" has no message catalogue, so pages, feeds and emails use English words`,
    ...(file ? { file } : {}),
    path: 'site.language',
    hint: `Broadsheet ships ${Object.keys(CATALOGUES).join(', ')}. Translate the words with "messages:" in the config (docs/languages.md lists every key), or choose a shipped language.`,
  };
}
