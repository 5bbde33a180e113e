// The schedule module's public API: cron arithmetic in a time zone and the due rule.
export { parseSchedule, latestScheduledAtOrBefore, nextScheduledAfter, previousScheduledBefore, schedulePeriod, cronExpressionError, type Schedule } from './cron.js';
export { dueEdition, describeDecision, type DueDecision, type DueInput, type NotDueReason } from './due.js';
export { parseDuration, resolveLookback, FALLBACK_LOOKBACK_MS } from './lookback.js';
export { scheduleFromConfig, requireSchedule, scheduleTimezone } from './from-config.js';
export { resolveDueEdition } from './resolve-due.js';
export { planDueRun, type DueRun } from './due-run.js';
export { runDueSend, type DueSendInput } from './due-send.js';
export { runScheduler, MAX_SLEEP_MS, type SchedulerOptions, type RunOutcome } from './scheduler.js';
export { collectStatus, FAILURE_LIMIT, type StatusReport, type EditionStatus, type FailureStatus, type DeliveryCounts } from './status-report.js';
export { formatStatus, maskEmail, maskEmailsIn } from './format-status.js';
export { formatScheduled } from './format.js';
