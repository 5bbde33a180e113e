import { nextScheduledAfter, parseSchedule } from '../schedule/cron.js';
import { EXAMPLES } from './examples.js';
import { exampleVariant } from './guess.js';

/** What `broadsheet init` was asked for, every guess already made. */
export interface InitOptions {
  language: string;
  timezone: string;
  title?: string | undefined;
  url?: string | undefined;
  /** Also write the GitHub Actions workflows for publishing and the newsletter. */
  github: boolean;
  /** The example article's date: it is published, and in the first edition, right away. */
  now: Date;
  /** Broadsheet's version, for the version range the workflows install. */
  version: string;
  /** The shipped workflow templates by name (`publish.yml`, `newsletter.yml`, `state-branch.sh`). */
  githubTemplates?: Record<string, string>;
}

/** One file to write, relative to the publication's folder. */
export interface InitFile {
  path: string;
  content: string;
  /** Executable (the state-branch script). */
  executable?: boolean;
}

/** The schedule a new publication starts with: Mondays at 09:00 in its time zone. */
export const INIT_SCHEDULE = '0 9 * * 1';
export const PLACEHOLDER_URL = 'https://example.com/';
/** The build cache's folder; the same as CACHE_DIR_NAME, repeated so this module stays free of I/O imports. */
export const INIT_CACHE_DIR = '.broadsheet-cache';

/** A YAML scalar that means exactly `s` (JSON strings are valid YAML). */
const q = (s: string): string => JSON.stringify(s);

/**
 * Every file of a new publication, as data (no I/O): config, example article,
 * .gitignore and, with `github`, the workflows.
 */
export function scaffold(o: InitOptions): InitFile[] {
  const variant = exampleVariant(o.language);
  const ex = EXAMPLES[variant];
  const day = o.now.toISOString().slice(0, 10);
  const files: InitFile[] = [
    { path: 'broadsheet.yaml', content: configText(o, ex.siteTitle, ex.siteDescription, ex.other) },
    { path: `content/${day}-${ex.slug}.md`, content: articleText(o.now, ex) },
    { path: '.gitignore', content: gitignoreText() },
  ];
  if (o.github) files.push(...githubFiles(o));
  return files;
}

function configText(o: InitOptions, defaultTitle: string, description: string, other: string): string {
  const title = o.title ?? defaultTitle;
  const url = o.url ?? PLACEHOLDER_URL;
  const host = hostOf(url);
  return `# Broadsheet configuration. Run "broadsheet check" after editing: it lists every problem.
site:
  title: ${q(title)}  # the publication's name, in feeds and emails
  url: ${q(url)}  # where the built public/ folder is served${o.url ? '' : ' (PLACEHOLDER: your address)'}
  description: ${q(description)}  # one line about the publication, in the feeds
  language: ${q(o.language)}  # BCP 47 tag: picks the language of dates and labels
  timezone: ${q(o.timezone)}  # IANA zone for dates without an offset and for the schedule
  permalink: "/:slug/"  # article URL under site.url; tokens :slug, :year, :month, :day
content: content  # folder of Markdown articles, relative to this file
output: public  # folder the build writes, relative to this file
feeds:
  limit: 20  # newest articles in each feed
  topics: true  # one feed per topic
  tags: true  # one feed per tag
  formats: [rss, atom, json]  # feed formats written for every feed
topics:
  field: topics  # the front matter field that holds an article's topics
digest:
  subject: "{{site.title}} · {{date}}"  # email subject; {{site.title}} and {{date}} are filled in
  schedule: ${q(INIT_SCHEDULE)}  # cron (5 fields) in site.timezone: Mondays 09:00
  other: ${q(other)}  # section title for articles without a topic
# Sender and links of the email digest. The PLACEHOLDER values let "broadsheet digest"
# show the email right away; replace them before the first "broadsheet send".
newsletter:
  from: ${q(`${title} <newsletter@${host}>`)}  # PLACEHOLDER: the sender subscribers see
  reply_to: ${q(`editor@${host}`)}  # PLACEHOLDER: where replies go
  postal_address: "PLACEHOLDER: your postal address"  # required in bulk email in many countries
  service_url: ${q(`https://subscribe.${host}/`)}  # PLACEHOLDER: public address of "broadsheet serve"
delivery:
  rate: 10  # messages per second, never exceeded
  concurrency: 5  # messages in flight at once
  max_attempts: 5  # tries per message before it counts as failed
`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'example.com';
  } catch {
    return 'example.com';
  }
}

function articleText(now: Date, ex: (typeof EXAMPLES)['en']): string {
  // Whole minutes, not after `now`: the article is published at once.
  const date = new Date(Math.floor(now.getTime() / 60000) * 60000).toISOString().replace('.000Z', 'Z');
  return `---
title: ${q(ex.title)}
date: ${date}
summary: ${q(ex.summary)}
topics: [${ex.topics.map(q).join(', ')}]
tags: [${ex.tags.map(q).join(', ')}]
---

${ex.body}`;
}

function gitignoreText(): string {
  return `# Built by "broadsheet build": the feeds and pages, rebuilt on every run.
public/
# The subscriber and edition store (kept on its own branch by the newsletter workflow).
state/
# Messages written instead of sent when SMTP_URL is not set.
outbox/
# The build cache: speeds up the next build, never needed.
${INIT_CACHE_DIR}/
node_modules/
`;
}

function githubFiles(o: InitOptions): InitFile[] {
  const t = o.githubTemplates ?? {};
  const range = `^${o.version}`;
  const { cron, note } = utcCron(o.timezone, o.now);
  const fill = (text: string): string => text.replaceAll('{{VERSION_RANGE}}', range).replaceAll('{{CRON}}', cron).replaceAll('{{SCHEDULE_NOTE}}', note);
  const need = (name: string): string => {
    const text = t[name];
    if (text === undefined) throw new Error(`The shipped template templates/init/github/${name} is missing`);
    return fill(text);
  };
  return [
    { path: '.github/workflows/publish.yml', content: need('publish.yml') },
    { path: '.github/workflows/newsletter.yml', content: need('newsletter.yml') },
    { path: '.github/state-branch.sh', content: need('state-branch.sh'), executable: true },
  ];
}

/**
 * GitHub's cron is read in UTC: the schedule's next run, as UTC fields, seven minutes
 * after it (on the hour GitHub is busiest and runs late). A zone's daylight-saving
 * shift moves the local time by an hour; `send --due` and the three-hourly safety net
 * of the workflow still send that edition.
 */
export function utcCron(timezone: string, now: Date): { cron: string; note: string } {
  const parsed = parseSchedule(INIT_SCHEDULE, timezone);
  const next = 'schedule' in parsed ? nextScheduledAfter(parsed.schedule, now) : undefined;
  if (!next) return { cron: '7 9 * * 1', note: `digest.schedule is "${INIT_SCHEDULE}" in ${timezone}.` };
  const at = new Date(next.getTime() + 7 * 60000);
  const days = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];
  const hh = String(next.getUTCHours()).padStart(2, '0');
  const mm = String(next.getUTCMinutes()).padStart(2, '0');
  return {
    cron: `${at.getUTCMinutes()} ${at.getUTCHours()} * * ${at.getUTCDay()}`,
    note: `digest.schedule is "${INIT_SCHEDULE}" in ${timezone}: ${days[next.getUTCDay()] ?? ''} ${hh}:${mm} UTC.`,
  };
}
