import { durationPattern } from '../config/schema.js';
import { schedulePeriod, type Schedule } from './cron.js';

/** Look-back when there is neither `digest.lookback` nor a schedule to derive it from. */
export const FALLBACK_LOOKBACK_MS = 14 * 24 * 3600 * 1000;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A duration as `digest.lookback` writes it (`14d`, `36h`, `2w`, `90m`) in
 * milliseconds, or undefined when it is not one. The schema has already checked
 * the shape, so undefined here means a caller passed unvalidated text.
 */
export function parseDuration(text: string): number | undefined {
  const m = durationPattern.exec(text.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const unit = UNIT_MS[m[2]];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/**
 * The look-back for the edition scheduled at `scheduledAt`: `digest.lookback` when
 * set, else two schedule periods (so one missed edition's articles still make the
 * next one), else 14 days. Shared by `send --due` (a scheduled time older than this
 * is never sent) and edition selection (no article older than this).
 */
export function resolveLookback(lookback: string | undefined, schedule: Schedule | undefined, scheduledAt: Date): number {
  if (lookback !== undefined) {
    const ms = parseDuration(lookback);
    if (ms !== undefined) return ms;
  }
  const period = schedule ? schedulePeriod(schedule, scheduledAt) : undefined;
  return period !== undefined ? 2 * period : FALLBACK_LOOKBACK_MS;
}
