import path from 'node:path';
import type { Config } from '../config/schema.js';
import { loadContent } from '../content/load-content.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import { BroadsheetError, type Problem } from '../errors.js';
import { subscriptionLinks } from '../email/links.js';
import { createComposer, messageIdFor } from '../email/mime.js';
import { openStore, storeExists } from '../store/open.js';
import { ARCHIVE_DIR, writeAtomic } from './archive.js';
import { lookbackMs } from './lookback.js';
import { messageSettings } from '../delivery/settings.js';
import { prepareEdition } from './prepare.js';
import { digestTimeZone, selectEdition } from './select.js';
import type { EditionPlan } from './types.js';
import { formatScheduled } from '../schedule/format.js';

/** Signs the preview's links when BROADSHEET_SECRET is unset; such links verify nowhere else. */
export const PREVIEW_KEY = 'broadsheet-preview-key-not-secret';
/** The subscriber id the preview's tokens name. */
export const PREVIEW_SUBSCRIBER = 'preview';
export const PREVIEW_ADDRESS = 'subscriber@example.com';

export interface PreviewOptions {
  /** The edition's time. */
  at: Date;
  /** When set, articles dated before it count as held (sent) and those since as new, whatever the look-back. */
  since?: Date | undefined;
  /** The previewed subscriber's topics; empty = every topic. */
  topics: string[];
  /** Folder for digest.html, digest.txt and digest.eml; default `<output>/digests/preview`. */
  outDir?: string | undefined;
  /** SQLite store read (never written) for the held article ids, when it exists. */
  storeFile?: string | undefined;
  /** The environment: BROADSHEET_SECRET signs the links, DKIM_* sign the message as `send` would. */
  env: NodeJS.ProcessEnv;
  /** For relative paths in messages (DKIM key files). */
  cwd: string;
  /** The Date header. */
  date: Date;
  /** Preview drafts too, as if they were published (`digest --drafts`). */
  drafts?: boolean | undefined;
}

export interface PreviewResult {
  plan: EditionPlan;
  outDir: string;
  files: { html: string; text: string; eml: string };
  htmlBytes: number;
  subject: string;
  /** Where the held set came from. */
  held: { source: 'since' | 'store' | 'none'; count: number };
  /** True when the preview key signed the links (no BROADSHEET_SECRET). */
  previewKey: boolean;
  /** Drafts in the edition (only with `drafts`). */
  drafts: number;
  warnings: Problem[];
}

/**
 * Renders the edition that would go out at `at` exactly as a subscriber receives it
 * and writes digest.html, digest.txt and a complete digest.eml. Changes no state: the
 * store, when one exists, is opened read-only for the ids earlier editions held.
 */
export async function previewDigest(config: Config, options: PreviewOptions): Promise<PreviewResult> {
  const { at } = options;
  // The same settings `send` uses, so the preview's headers are the ones subscribers get.
  const { message: settings, problems } = messageSettings(config, options.env, options.cwd);
  if (!settings) throw new BroadsheetError(problems);
  const secret = options.env.BROADSHEET_SECRET || PREVIEW_KEY;
  const links = subscriptionLinks(config, secret, PREVIEW_SUBSCRIBER);

  const drafts = options.drafts ?? false;
  const { published } = await loadContent(config, { now: at, drafts });
  const { taxonomy } = buildTaxonomy(published, config);
  const held = await heldIds(published, options);
  const plan = selectEdition(published, config, { at, held: held.ids, topics: taxonomy.topics, drafts, ...(options.since ? { oldest: options.since } : {}) });
  if (plan.articleIds.length === 0) throw nothingToSend(config, at, published, held.ids.size);

  const rendered = await prepareEdition(plan, config);
  const message = rendered.renderFor({ email: PREVIEW_ADDRESS, name: null, topics: options.topics, ...links });
  if (!message) {
    throw new BroadsheetError({
      code: 'NothingToSend',
      message: `The edition has no section for the topics ${options.topics.map((t) => `"${t}"`).join(', ')}`,
      hint: `This edition's topics: ${plan.sections.map((s) => s.topic ?? `(${s.title})`).join(', ')}.`,
    });
  }
  const eml = createComposer({ ...settings, archiveUrl: rendered.webUrl, boundarySeed: plan.id }).compose({
    to: { address: PREVIEW_ADDRESS },
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: messageIdFor(plan.id, PREVIEW_SUBSCRIBER, settings.messageIdDomain),
    unsubscribeUrl: links.unsubscribeUrl,
    date: options.date,
  });

  const outDir = options.outDir ?? path.join(config.outputDir, ARCHIVE_DIR, 'preview');
  const files = { html: path.join(outDir, 'digest.html'), text: path.join(outDir, 'digest.txt'), eml: path.join(outDir, 'digest.eml') };
  writeAtomic(files.html, message.html);
  writeAtomic(files.text, message.text);
  writeAtomic(files.eml, eml);
  return {
    plan,
    outDir,
    files,
    htmlBytes: Buffer.byteLength(message.html),
    subject: message.subject,
    held: { source: held.source, count: held.ids.size },
    previewKey: !options.env.BROADSHEET_SECRET,
    drafts: drafts ? published.filter((a) => a.draft && plan.articleIds.includes(a.id)).length : 0,
    warnings: rendered.warnings,
  };
}

async function heldIds(
  published: { id: string; date: Date }[],
  options: PreviewOptions,
): Promise<{ ids: Set<string>; source: PreviewResult['held']['source'] }> {
  if (options.since) {
    const since = options.since.getTime();
    return { ids: new Set(published.filter((a) => a.date.getTime() < since).map((a) => a.id)), source: 'since' };
  }
  if (options.storeFile && (await storeExists(options.storeFile))) {
    const store = await openStore(options.storeFile, { readonly: true });
    try {
      return { ids: await store.heldArticleIds(options.at), source: 'store' };
    } finally {
      await store.close();
    }
  }
  return { ids: new Set(), source: 'none' };
}

function nothingToSend(config: Config, at: Date, published: { date: Date }[], held: number): BroadsheetError {
  const zone = digestTimeZone(config);
  const days = lookbackMs(config.digest, zone, at) / 86_400_000;
  const newest = published.reduce<Date | undefined>((max, a) => (!max || a.date > max ? a.date : max), undefined);
  // --since without an offset is read in the same zone, so the suggested day is that zone's.
  const day = newest ? formatScheduled(newest, zone).slice(0, 10) : '';
  return new BroadsheetError({
    code: 'NothingToSend',
    message: `No article is new for an edition at ${formatScheduled(at, zone)}: ${published.length} published, ${held} held by earlier editions, look-back ${Number(days.toFixed(2))} days`,
    hint: newest
      ? `The newest published article is dated ${formatScheduled(newest, zone)}. Pass --since (e.g. --since ${day}) to count articles since then as new, or --now for another time.`
      : 'There is no published article in the content folder.',
  });
}
