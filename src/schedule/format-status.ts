import { formatScheduled } from './format.js';
import type { EditionStatus, StatusReport } from './status-report.js';
import { formatPendingReplies } from './pending-report.js';

/**
 * `b***@example.org`: enough to tell addresses apart, not enough to harvest them.
 * Text status is printed in CI logs, which are public for public repositories.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

/** Masks every address inside free text, such as an SMTP reply that quotes the recipient. */
export function maskEmailsIn(text: string): string {
  return text.replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/g, (m) => maskEmail(m));
}

const deliveries = (e: EditionStatus): string => {
  const d = e.deliveries;
  if (d.total === 0) return 'no deliveries';
  return `${d.sent}/${d.total} sent, ${d.planned} planned, ${d.sending} sending, ${d.failed} failed`;
};

/** The report as lines for people. Addresses are masked; `--json` has them whole. */
export function formatStatus(r: StatusReport): string[] {
  const tz = r.schedule?.timezone ?? r.timezone;
  const when = (iso: string | null): string => (iso ? formatScheduled(new Date(iso), tz) : '—');
  const out: string[] = [];
  out.push(`Store: ${r.store.path}${r.store.exists ? '' : ' (not created yet)'}`);
  if (r.send.running) out.push(`Send: running now (${r.send.holder ?? 'unknown'}, since ${when(r.send.since)}); another "broadsheet send" would be refused.`);

  if (r.schedule) {
    const s = r.schedule;
    out.push(`Schedule: ${s.expression} (${s.timezone})`);
    if (s.due) out.push(`  Due now: the edition for ${when(s.dueAt)} has not been created; "broadsheet send --due" would send it.`);
    else if (s.reason === 'too-old') out.push(`  The latest scheduled time, ${when(s.latest)}, is older than the look-back and is skipped.`);
    out.push(`  Next scheduled time: ${when(s.next)}`);
  } else {
    out.push('Schedule: none (digest.schedule is not set)');
  }

  if (r.lastEdition) {
    const e = r.lastEdition;
    out.push(`Last edition: ${e.id}`);
    out.push(`  scheduled ${when(e.scheduledAt)}`);
    out.push(`  created   ${when(e.createdAt)}`);
    out.push(`  completed ${e.completedAt ? when(e.completedAt) : 'not yet'}`);
    out.push(`  ${e.articles} article${e.articles === 1 ? '' : 's'}; ${deliveries(e)}`);
  } else {
    out.push('Last edition: none (no editions yet)');
  }
  const others = r.unfinishedEditions.filter((e) => e.id !== r.lastEdition?.id);
  for (const e of others) out.push(`Unfinished edition: ${e.id} (${when(e.scheduledAt)}): ${deliveries(e)}`);

  out.push(`Pending deliveries: ${r.pending}${r.pending > 0 ? ' (the next send resumes them)' : ''}`);
  out.push(...formatPendingReplies(r.pendingByReply, (iso) => when(iso), maskEmailsIn));
  out.push(`Failed deliveries: ${r.failed}`);
  for (const f of r.failures) {
    const why = f.lastError ? maskEmailsIn(f.lastError) : 'no error recorded';
    out.push(`  ${f.editionId}  ${maskEmail(f.email)}  after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${why}`);
  }
  if (r.failed > r.failures.length) out.push(`  … and ${r.failed - r.failures.length} more (only the first ${r.failures.length} are listed)`);

  const s = r.subscribers;
  out.push(`Subscribers: ${s.confirmed} confirmed, ${s.pending} pending, ${s.unsubscribed} unsubscribed, ${s.bounced} bounced (${s.total} in all)`);
  return out;
}
