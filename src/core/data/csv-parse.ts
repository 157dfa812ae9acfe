// A small RFC 4180 reader. No CSV library is installed (the project adds no dependency for ~100 lines), and
// datasets need row numbers for their messages, which this keeps. RFC 4180 §2: fields may be enclosed in
// double quotes; a quoted field may hold the delimiter, CR and LF; a quote inside one is written twice.
// Beyond the RFC: a byte-order mark is dropped, lone LF or CR end a record too, blank lines are skipped.
import { DatasetError } from '../errors';

export type CsvDelimiter = ',' | ';' | '\t';

/** One record: its fields and the 1-based line of the file where it starts (for messages). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/** The delimiter most used in the first record (outside quotes); a comma when none appears. */
export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Splits CSV text into records. Throws a DatasetError naming the line of a malformed quoted field. */
export function parseCsv(input: string, delimiter: CsvDelimiter, name: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    // A blank line (one empty field) is no record; it is how most files end.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      const opened = line;
      i++;
      for (;;) {
        if (i >= text.length)
          throw new DatasetError(
            'malformed',
            `${name}: line ${opened}: a quoted field is never closed (a " is missing)`,
            name,
          );
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r')
        throw new DatasetError(
          'malformed',
          `${name}: line ${line}: unexpected ${JSON.stringify(next)} after a closing quote (a quote inside a quoted field is written "")`,
          name,
        );
      // An empty quoted field must still count as a field: mark it so endRecord keeps the record.
      if (field === '') field = '\u0000';
      continue;
    }
    if (c === delimiter) {
      endField();
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  // Undo the empty-quoted-field marker.
  return records.map((r) =>
    r.fields.includes('\u0000') ? { line: r.line, fields: r.fields.map((f) => (f === '\u0000' ? '' : f)) } : r,
  );
}
