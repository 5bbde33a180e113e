/**
 * Guesses for `broadsheet init` when no flag says: the publication's language from the
 * locale variables, its time zone from TZ or the system. Pure: the environment and the
 * system's own answer are passed in.
 */

/** The language of `LC_ALL`, `LC_MESSAGES` or `LANG` (`zh_TW.UTF-8` → `zh-TW`), else `en`. */
export function guessLanguage(env: NodeJS.ProcessEnv): string {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const tag = localeToTag(env[name]);
    if (tag) return tag;
  }
  return 'en';
}

/** `zh_CN.UTF-8@x` → `zh-CN`; `C`, `POSIX` and empty → undefined. */
export function localeToTag(value: string | undefined): string | undefined {
  const base = (value ?? '').split(/[.@]/)[0]?.trim() ?? '';
  if (!base || base === 'C' || base === 'POSIX') return undefined;
  const m = /^([A-Za-z]{2,3})(?:[_-]([A-Za-z0-9]{2,8}))?$/.exec(base);
  if (!m?.[1]) return undefined;
  return m[2] ? `${m[1].toLowerCase()}-${m[2].length === 2 ? m[2].toUpperCase() : m[2]}` : m[1].toLowerCase();
}

/** Whether Intl knows the zone (the config schema asks the same). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `TZ` when it names an IANA zone (a leading ":" allowed, as glibc does), else the system's zone, else UTC. */
export function guessTimeZone(env: NodeJS.ProcessEnv, systemZone: string | undefined): string {
  const fromEnv = env.TZ?.replace(/^:/, '').trim();
  if (fromEnv && !fromEnv.startsWith('/') && isTimeZone(fromEnv)) return fromEnv;
  if (systemZone && isTimeZone(systemZone)) return systemZone;
  return 'UTC';
}

/** Which example text fits a language tag: Traditional Chinese, Simplified Chinese, or English for all else. */
export function exampleVariant(language: string): 'zh-TW' | 'zh-CN' | 'en' {
  const tag = language.toLowerCase();
  if (!tag.startsWith('zh')) return 'en';
  return /^zh-(tw|hk|mo|hant)/.test(tag) ? 'zh-TW' : 'zh-CN';
}
