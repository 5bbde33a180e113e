import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Article } from '../../src/content/article.js';
import type { EditionPlan, RenderedEdition } from '../../src/digest/types.js';
import type { DeliverySettings, EditionSource, MessageSettings, SubscriptionLinks } from '../../src/delivery/send-options.js';
import { formatListId } from '../../src/email/headers.js';
import { createToken } from '../../src/email/tokens.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store, SubscriberInput } from '../../src/store/types.js';

/**
 * A tiny edition source for the send loop's tests (tests only; the CLI uses the real
 * digest modules): one article per topic, a Chinese subject, and a per-recipient cut.
 */
export const TOPICS = ['tech', '人工智能', 'culture'] as const;
export const SECRET = 'test-secret-for-delivery-tests-0123456789';
export const SUBJECT = '观察周报 · 第 1 期：人工智能与半导体';

function article(topic: string, i: number): Article {
  const slug = `a${i}`;
  const date = new Date(Date.UTC(2025, 5, 10 + i));
  return {
    id: `https://example.org/${slug}/`,
    slug,
    sourcePath: `${slug}.md`,
    url: `https://example.org/${slug}/`,
    title: `Article about ${topic}`,
    date,
    updated: date,
    draft: false,
    summary: `Summary ${i}`,
    tags: [],
    topics: [topic],
    authors: [],
    body: '',
    bodyLine: 1,
    hash: String(i),
  };
}

export function standInSource(archived: string[] = []): EditionSource {
  const articles = TOPICS.map((t, i) => article(t, i));
  const planFor = (id: string, at: Date, ids: ReadonlySet<string> | null): EditionPlan => {
    const chosen = articles.filter((a) => ids === null || ids.has(a.id));
    return {
      id,
      at,
      articleIds: chosen.map((a) => a.id),
      sections: chosen.map((a) => ({ topic: a.topics[0] ?? null, title: a.topics[0] ?? 'Other', articles: [a] })),
    };
  };
  return {
    async select(at, held) {
      const plan = planFor(`e-${at.toISOString().slice(0, 10)}`, at, null);
      const keep = plan.articleIds.filter((id) => !held.has(id));
      return planFor(plan.id, at, new Set(keep));
    },
    async planOf(edition) {
      return planFor(edition.id, edition.scheduledAt, new Set(edition.articleIds));
    },
    async render(plan): Promise<RenderedEdition> {
      return {
        plan,
        subject: SUBJECT,
        webUrl: `https://example.org/digests/${plan.id}/`,
        renderFor(r) {
          const sections = plan.sections.filter((s) => r.topics.length === 0 || r.topics.includes(s.topic ?? ''));
          if (sections.length === 0) return null;
          const items = sections.flatMap((s) => s.articles);
          return {
            subject: SUBJECT,
            html: `<p>你好 ${r.name ?? ''}</p>${items.map((a) => `<p><a href="${a.url}">${a.title}</a></p>`).join('')}<p><a href="${r.unsubscribeUrl}">Unsubscribe</a></p>`,
            text: `你好 ${r.name ?? ''}\n\n${items.map((a) => `${a.title}\n${a.url}`).join('\n\n')}\n\nUnsubscribe: ${r.unsubscribeUrl}\n`,
          };
        },
      };
    },
    async archive(rendered) {
      archived.push(rendered.plan.id);
    },
  };
}

export const links: SubscriptionLinks = (id) => ({
  unsubscribeUrl: `https://subscribe.example.org/unsubscribe?token=${createToken(SECRET, { purpose: 'unsubscribe', subscriber: id })}`,
  preferencesUrl: `https://subscribe.example.org/preferences?token=${createToken(SECRET, { purpose: 'preferences', subscriber: id })}`,
});

export const message: MessageSettings = {
  from: { name: '观察 Weekly', address: 'news@example.org' },
  replyTo: { address: 'editors@example.org' },
  listId: formatListId('Example Weekly', 'weekly.example.org'),
  unsubscribeMailto: 'unsubscribe@example.org',
  messageIdDomain: 'example.org',
};

export function delivery(over: Partial<DeliverySettings> = {}): DeliverySettings {
  return { rate: 1000, concurrency: 4, maxAttempts: 5, maxBounces: 1, retryBaseMs: 20, retryCapMs: 200, ...over };
}

/** Topics for subscriber i: every 10th wants only a topic with no articles (no email). */
export function topicsFor(i: number): string[] {
  if (i % 10 === 9) return ['sports'];
  if (i % 3 === 0) return [];
  return [TOPICS[i % TOPICS.length] as string];
}

export interface Fixture {
  dir: string;
  store: Store;
  file: string;
  cleanup(): Promise<void>;
}

/** A real SQLite file in a temp folder with `n` confirmed subscribers `user{i}@example.net`. */
export async function fixture(n: number, extra: SubscriberInput[] = []): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-h4b-'));
  const file = path.join(dir, 'state', 'broadsheet.db');
  const store = openSqliteStore(file, { durability: 'normal' });
  const inputs: SubscriberInput[] = Array.from({ length: n }, (_, i) => ({
    email: `user${i}@example.net`,
    name: i % 2 ? `读者 ${i}` : `Reader ${i}`,
    topics: topicsFor(i),
    status: 'confirmed' as const,
    source: 'import',
  }));
  await store.upsertSubscribers([...inputs, ...extra], new Date());
  return {
    dir,
    store,
    file,
    async cleanup() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Index of `userN@example.net`. */
export const indexOf = (address: string): number => Number(/^user(\d+)@/.exec(address)?.[1] ?? -1);
