import { randomBytes } from 'node:crypto';
import { Base64Block, MIN_BLOCK_BYTES, type BodyPiece } from '../email/base64-body.js';
import type { MarkerHelpers } from '../email/templates.js';
import { articleKey, SLOT_NAMES, type SlotName } from './view-model.js';

/**
 * Rendering once, assembling per subscriber: templates are rendered (and MJML
 * compiled) once per edition with markers around each section and in place of each
 * per-recipient value. The output is then cut at the markers into a small program
 * of static strings, sections, name conditionals and slots; `assemble` walks it
 * per subscriber, which is string concatenation only.
 */

export type Node = string | { slot: SlotName } | { section: number; body: Node[] } | { article: string; body: Node[] } | { named: Node[]; anonymous: Node[] };

/** Markers unique to one rendering: a random nonce keeps content from forging them. */
export interface Markers {
  nonce: string;
  slot(name: SlotName): string;
  /** Helpers for the HTML template: section markers are wrapped in `<mj-raw>` to sit between sections. */
  html: MarkerHelpers;
  text: MarkerHelpers;
}

export function createMarkers(nonce = randomBytes(6).toString('hex')): Markers {
  const tag = (what: string): string => `<!--bs${nonce}:${what}-->`;
  const plain: MarkerHelpers = {
    section: (i, body) => `${tag(`s:${i}`)}${body}${tag('/s')}`,
    ifName: (then, otherwise) => `${tag('name?')}${then}${tag('name:')}${otherwise}${tag('/name')}`,
    // A bare comment, not <mj-raw>: an article may sit in an <mj-column> or inside an
    // <mj-text> (a list of links), and MJML keeps a comment as written in both.
    article: (item, body) => {
      const key = articleKey(item);
      return key === undefined ? body : `${tag(`a:${key}`)}${body}${tag('/a')}`;
    },
  };
  return {
    nonce,
    slot: (name) => `%%bs${nonce}:${name}%%`,
    text: plain,
    html: {
      section: (i, body) => `<mj-raw>${tag(`s:${i}`)}</mj-raw>${body}<mj-raw>${tag('/s')}</mj-raw>`,
      ifName: plain.ifName,
      article: plain.article,
    },
  };
}

const SLOTS = new Set<string>(SLOT_NAMES);

/** Cuts rendered output at the markers into a program. Throws on unbalanced markers (a template bug). */
export function parseFragments(output: string, nonce: string): Node[] {
  const re = new RegExp(`<!--bs${nonce}:(s:\\d+|/s|a:\\d+:\\d+|/a|name\\?|name:|/name)-->|%%bs${nonce}:(\\w+)%%`, 'g');
  type Frame = { kind: 'root' | 'section' | 'article' | 'named' | 'anonymous'; nodes: Node[]; index?: number; key?: string; named?: Node[] };
  const stack: Frame[] = [{ kind: 'root', nodes: [] }];
  const top = (): Frame => stack[stack.length - 1] as Frame;
  let last = 0;
  for (let m = re.exec(output); m; m = re.exec(output)) {
    if (m.index > last) top().nodes.push(output.slice(last, m.index));
    last = m.index + m[0].length;
    const marker = m[1];
    if (m[2] !== undefined) {
      if (!SLOTS.has(m[2])) throw new Error(`unknown slot ${m[2]}`);
      top().nodes.push({ slot: m[2] as SlotName });
    } else if (marker?.startsWith('s:')) {
      stack.push({ kind: 'section', nodes: [], index: Number(marker.slice(2)) });
    } else if (marker === '/s') {
      const f = stack.pop();
      if (f?.kind !== 'section' || f.index === undefined) throw new Error('unbalanced {{#section}} markers');
      top().nodes.push({ section: f.index, body: f.nodes });
    } else if (marker?.startsWith('a:')) {
      stack.push({ kind: 'article', nodes: [], key: marker.slice(2) });
    } else if (marker === '/a') {
      const f = stack.pop();
      if (f?.kind !== 'article' || f.key === undefined) throw new Error('unbalanced article markers');
      top().nodes.push({ article: f.key, body: f.nodes });
    } else if (marker === 'name?') {
      stack.push({ kind: 'named', nodes: [] });
    } else if (marker === 'name:') {
      const f = stack.pop();
      if (f?.kind !== 'named') throw new Error('unbalanced {{#ifName}} markers');
      stack.push({ kind: 'anonymous', nodes: [], named: f.nodes });
    } else if (marker === '/name') {
      const f = stack.pop();
      if (f?.kind !== 'anonymous' || !f.named) throw new Error('unbalanced {{#ifName}} markers');
      top().nodes.push({ named: f.named, anonymous: f.nodes });
    }
  }
  if (last < output.length) top().nodes.push(output.slice(last));
  if (stack.length !== 1) throw new Error('unclosed template markers');
  return (stack[0] as Frame).nodes;
}

/**
 * What one recipient's assembly needs: which sections, which articles of them to leave
 * out (`section:index` keys; an article shown under an earlier section), the slot values
 * (already escaped for the output).
 */
export interface AssemblyInput {
  sections: ReadonlySet<number>;
  hidden: ReadonlySet<string>;
  named: boolean;
  slots: Readonly<Record<SlotName, string>>;
}

/** Walks a program for one recipient. */
export function assemble(nodes: readonly Node[], input: AssemblyInput): string {
  const out: string[] = [];
  walk(nodes, input, out);
  return out.join('');
}

function walk(nodes: readonly Node[], input: AssemblyInput, out: string[]): void {
  for (const n of nodes) {
    if (typeof n === 'string') out.push(n);
    else if ('slot' in n) out.push(input.slots[n.slot]);
    else if ('section' in n) {
      if (input.sections.has(n.section)) walk(n.body, input, out);
    } else if ('article' in n) {
      if (!input.hidden.has(n.article)) walk(n.body, input, out);
    } else walk(input.named ? n.named : n.anonymous, input, out);
  }
}


/** A program whose long static strings are Base64Blocks, encoded once per edition. */
export type PieceNode = BodyPiece | { slot: SlotName } | { section: number; body: PieceNode[] } | { article: string; body: PieceNode[] } | { named: PieceNode[]; anonymous: PieceNode[] };

/** Turns every static string of at least MIN_BLOCK_BYTES UTF-8 bytes into a Base64Block. */
export function toBlocks(nodes: readonly Node[]): PieceNode[] {
  return nodes.map((n): PieceNode => {
    if (typeof n === 'string') return Buffer.byteLength(n, 'utf8') >= MIN_BLOCK_BYTES ? new Base64Block(n) : n;
    if ('slot' in n) return n;
    if ('section' in n) return { section: n.section, body: toBlocks(n.body) };
    if ('article' in n) return { article: n.article, body: toBlocks(n.body) };
    return { named: toBlocks(n.named), anonymous: toBlocks(n.anonymous) };
  });
}

/** Walks a block program for one recipient: the same text as `assemble`, as pieces. */
export function assemblePieces(nodes: readonly PieceNode[], input: AssemblyInput): BodyPiece[] {
  const out: BodyPiece[] = [];
  walkPieces(nodes, input, out);
  return out;
}

function walkPieces(nodes: readonly PieceNode[], input: AssemblyInput, out: BodyPiece[]): void {
  for (const n of nodes) {
    if (typeof n === 'string' || n instanceof Base64Block) out.push(n);
    else if ('slot' in n) out.push(input.slots[n.slot]);
    else if ('section' in n) {
      if (input.sections.has(n.section)) walkPieces(n.body, input, out);
    } else if ('article' in n) {
      if (!input.hidden.has(n.article)) walkPieces(n.body, input, out);
    } else walkPieces(input.named ? n.named : n.anonymous, input, out);
  }
}
