/**
 * A deterministic pseudo-random source for differential tests: `pick(n)` gives an
 * integer in [0, n). The same seed gives the same sequence on every run and machine.
 * The integer comes from the generator's high bits: the low bits of a power-of-two
 * linear congruential generator repeat with a short period (the lowest alternates),
 * so `state % n` made some combinations of picks impossible.
 */
export function seededPick(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}
