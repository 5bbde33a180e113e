/**
 * Whether a Node version satisfies an `engines.node` range, for the forms packages
 * use there: `>=18`, `^20.17.0 || >=22.9.0`, `>=14 <22`, `~20.1`, `20.x`, `*`, `a - b`.
 * Enough to tell whether npm would warn EBADENGINE, without a semver dependency.
 */
type V = [number, number, number];

const parse = (s: string): { v: V; parts: number } => {
  const nums = s.replace(/^v/, '').split('.').filter((p) => p !== '' && p !== 'x' && p !== 'X' && p !== '*');
  const v: V = [Number(nums[0] ?? 0), Number(nums[1] ?? 0), Number((nums[2] ?? '0').split('-')[0])];
  return { v, parts: nums.length };
};
const cmp = (a: V, b: V): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function comparator(c: string, version: V): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*(.*)$/.exec(c);
  const op = m?.[1] ?? '';
  const { v, parts } = parse(m?.[2] ?? '*');
  if (parts === 0) return op === '<' ? false : true;
  switch (op) {
    case '>=': return cmp(version, v) >= 0;
    case '>': return cmp(version, v) > 0;
    case '<=': return cmp(version, v) <= 0;
    case '<': return cmp(version, v) < 0;
    case '^': {
      const upper: V = v[0] > 0 || parts === 1 ? [v[0] + 1, 0, 0] : v[1] > 0 || parts === 2 ? [0, v[1] + 1, 0] : [0, 0, v[2] + 1];
      return cmp(version, v) >= 0 && cmp(version, upper) < 0;
    }
    case '~': {
      const upper: V = parts === 1 ? [v[0] + 1, 0, 0] : [v[0], v[1] + 1, 0];
      return cmp(version, v) >= 0 && cmp(version, upper) < 0;
    }
    default: {
      // A partial version is a range: 20 means 20.x.x, 20.1 means 20.1.x.
      if (parts === 3) return cmp(version, v) === 0;
      const upper: V = parts === 1 ? [v[0] + 1, 0, 0] : [v[0], v[1] + 1, 0];
      return cmp(version, v) >= 0 && cmp(version, upper) < 0;
    }
  }
}

export function nodeSatisfies(version: string, range: string): boolean {
  const v = parse(version).v;
  return range.split('||').some((alt) => {
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alt);
    if (hyphen) return comparator(`>=${hyphen[1]}`, v) && comparator(`<=${hyphen[2]}`, v);
    const parts = alt.trim().replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return parts.length === 0 || parts.every((c) => comparator(c, v));
  });
}
