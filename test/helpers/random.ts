/**
 * A deterministic pseudo-random source for differential tests: `pick(n)` gives an
 * integer in [0, n). The same seed gives the same sequence on every run and machine.
 */
export function seededPick(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}
