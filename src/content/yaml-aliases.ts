import { isAlias, isCollection, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { Problem } from '../errors.js';

/**
 * How many values front matter may hold once its aliases (`*name`) are expanded. A
 * "billion laughs" document is a few lines of anchors each repeating the one before
 * ten times, and expands to gigabytes; real front matter reuses a list or two and
 * holds a few dozen values. yaml's own `maxAliasCount` is kept as a second bound, but
 * it does not count aliases of plain lists, so two levels of them still got through.
 */
export const MAX_EXPANDED_VALUES = 10_000;

/** The same bound for yaml's toJS, which throws a ReferenceError past it. */
export const MAX_ALIAS_COUNT = 100;

const HINT = 'Write the values out instead of repeating them through anchors (&name) and aliases (*name).';

/**
 * A problem (without its file) when the aliases of `doc` expand past
 * MAX_EXPANDED_VALUES or refer to a value that holds them (which no output could
 * hold); undefined otherwise. Counts each node once however often it is reached.
 */
export function aliasProblem(doc: Document, source: string, lineCounter: LineCounter, firstLine: number): Omit<Problem, 'file'> | undefined {
  // Every alias is written with `*`; most front matter has none.
  if (!source.includes('*')) return undefined;
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let cycle: Node | undefined;
  let firstAlias: Node | undefined;
  const size = (node: unknown): number => {
    if (!node || typeof node !== 'object' || cycle) return 1;
    if (isPair(node)) return size(node.key) + size(node.value);
    if (isScalar(node)) return 1;
    const known = sizes.get(node as Node);
    if (known !== undefined) return known;
    if (open.has(node as Node)) {
      cycle = node as Node;
      return 1;
    }
    let total = 1;
    open.add(node as Node);
    if (isAlias(node)) {
      firstAlias ??= node;
      total = size(node.resolve(doc));
    } else if (isCollection(node)) {
      for (const item of node.items) {
        total += size(item);
        // Far past the bound: stop counting.
        if (total > MAX_EXPANDED_VALUES) break;
      }
    }
    open.delete(node as Node);
    sizes.set(node as Node, Math.min(total, MAX_EXPANDED_VALUES + 1));
    return total;
  };
  const total = size(doc.contents);
  const lineOf = (node: Node | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1) + firstLine - 1;
  if (cycle) {
    return { code: 'FrontMatterTooComplex', message: 'YAML front matter: an alias (*name) refers to the value that holds it, which has no end', line: lineOf(firstAlias), hint: HINT };
  }
  if (total > MAX_EXPANDED_VALUES) {
    return {
      code: 'FrontMatterTooComplex',
      message: `YAML front matter: its aliases (*name) expand to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values`,
      line: lineOf(firstAlias),
      hint: HINT,
    };
  }
  return undefined;
}

/** The problem for yaml's own bound (its toJS threw), at the first alias. */
export function aliasCountProblem(doc: Document, lineCounter: LineCounter, firstLine: number): Omit<Problem, 'file'> {
  let at: number | undefined;
  const find = (node: unknown): void => {
    if (at !== undefined || !node || typeof node !== 'object') return;
    if (isAlias(node)) at = node.range?.[0];
    else if (isPair(node)) {
      find(node.key);
      find(node.value);
    } else if (isCollection(node)) for (const item of node.items) find(item);
  };
  find(doc.contents);
  return {
    code: 'FrontMatterTooComplex',
    message: `YAML front matter: its aliases (*name) expand too far (more than ${MAX_ALIAS_COUNT} copies of values that hold aliases themselves)`,
    line: (at === undefined ? 1 : lineCounter.linePos(at).line) + firstLine - 1,
    hint: HINT,
  };
}
