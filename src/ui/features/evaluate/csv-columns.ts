// The columns of a CSV file, for the label column picker: read from its first lines only (the engine reads
// the whole file, RFC 4180, when it evaluates). A header is guessed as the engine guesses it: some column
// holds text in the first row but a number in the second.

export interface CsvColumns {
  /** Column names from the header row, or "column 1", "column 2", … when there is none. */
  readonly names: readonly string[];
  readonly header: boolean;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;

/** The delimiter the first line uses most: comma, semicolon or tab. */
function delimiterOf(line: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** One record's fields; quotes ("a, b" and doubled "") are honoured within the line. */
export function splitRecord(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** The columns of a CSV text's first lines. */
export function csvColumns(head: string): CsvColumns {
  const lines = head
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const delimiter = delimiterOf(first);
  const a = splitRecord(first, delimiter);
  const b = lines[1] !== undefined ? splitRecord(lines[1], delimiter) : undefined;
  const isText = (f: string) => f !== '' && !NUMBER.test(f);
  const header = b ? a.some((f, i) => isText(f) && b[i] !== undefined && !isText(b[i]!)) : a.every(isText);
  return { names: header ? a : a.map((_, i) => `column ${i + 1}`), header };
}

const LABEL_NAMES = /^(label|labels|class|classes|target|y|species|category)$/i;

/**
 * The label column to start from: one named like a label; else the last column when the model takes one
 * value fewer than the file has columns; else none (-1).
 */
export function guessLabelColumn(columns: CsvColumns, modelFeatures: number | undefined): number {
  if (columns.header) {
    const named = columns.names.findIndex((n) => LABEL_NAMES.test(n));
    if (named >= 0) return named;
  }
  if (modelFeatures !== undefined && modelFeatures === columns.names.length - 1) return columns.names.length - 1;
  return -1;
}
