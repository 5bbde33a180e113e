/**
 * A small RFC 4180 CSV reader and writer (no I/O). Quoted fields may hold commas,
 * quotes (`""`) and line breaks; a UTF-8 BOM, CRLF and LF are accepted. Every record
 * carries the 1-based line it starts on, so messages point at the right line even after
 * a multi-line quoted field.
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvSyntaxProblem {
  line: number;
  message: string;
  /** An unterminated quote swallows the rest of the file: nothing after it can be trusted. */
  fatal: boolean;
}

export interface ParsedCsv {
  records: CsvRecord[];
  /** Records with a syntax problem are left out of `records`. */
  problems: CsvSyntaxProblem[];
}

/** Splits CSV text into records. Blank lines are skipped. */
export function parseCsv(text: string): ParsedCsv {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: CsvSyntaxProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    let bad: string | undefined;
    for (;;) {
      let value = '';
      if (src[i] === '"') {
        const openedAt = line;
        i++;
        for (;;) {
          if (i >= src.length) {
            problems.push({ line: openedAt, message: 'a quoted field is never closed', fatal: true });
            return { records, problems };
          }
          const c = src[i] as string;
          if (c === '"') {
            if (src[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        // After the closing quote only a separator or the end of the record may follow.
        if (i < src.length && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
          bad ??= 'text after a closing quote (write a quote inside a quoted field as "")';
          while (i < src.length && src[i] !== ',' && src[i] !== '\n') i++;
        }
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n') {
          if (src[i] === '"') bad ??= 'a quote inside an unquoted field (quote the whole field and double the quote)';
          value += src[i];
          i++;
        }
        if (value.endsWith('\r') && src[i] !== ',') value = value.slice(0, -1);
      }
      fields.push(value);
      if (src[i] === ',') {
        i++;
        continue;
      }
      if (src[i] === '\r') i++;
      if (src[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (bad) problems.push({ line: start, message: bad, fatal: false });
    else if (!(fields.length === 1 && (fields[0] ?? '').trim() === '')) records.push({ line: start, fields });
  }
  return { records, problems };
}

/** One field as RFC 4180 writes it: quoted when it holds a separator, quote, line break or edge space. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
