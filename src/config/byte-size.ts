/**
 * Sizes in the config: a number of bytes, or a number with a unit as people write it
 * (`4MB`, `512 KiB`, `1.5m`). K, M and G count in 1024s whether written KB or KiB: file
 * managers disagree on which is which, and a limit is not the place for the difference.
 */

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes for `4MB`, `512 KiB`, `1.5m` or `2000`; undefined when it is not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? 1));
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** `52,428,800 bytes (50 MiB)`: exact for the reader who compares, short for the one who skims. */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024) return exact;
  const [unit, size] = bytes >= 1024 ** 3 ? ['GiB', bytes / 1024 ** 3] : bytes >= 1024 ** 2 ? ['MiB', bytes / 1024 ** 2] : ['KiB', bytes / 1024];
  return `${exact} (${Number(size.toFixed(1))} ${unit})`;
}
