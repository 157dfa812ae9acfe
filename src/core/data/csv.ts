// CSV datasets for tabular models (DESIGN.md, "Datasets"): every column but the label is a feature, read
// as a number into x float32 [N, features]; the label column becomes y — numbers as they are, text as
// class indices (the names sorted, kept in `classes`).
import { DatasetError } from '../errors';
import { parseCsv, sniffDelimiter, type CsvDelimiter, type CsvRecord } from './csv-parse';
import { datasetFromArrays, type Dataset } from './dataset';
import type { NpyArray } from './npy';

export interface CsvOptions {
  /** File name, for messages (default "data.csv"). */
  readonly name?: string;
  /** The label column: its header name, or its 0-based index (negative counts from the end: -1 is the last). */
  readonly labelColumn?: string | number;
  /** Whether the first record names the columns; 'auto' (default) guesses from the first two records. */
  readonly header?: boolean | 'auto';
  readonly delimiter?: CsvDelimiter | 'auto';
}

// Decimal numbers as spreadsheets and NumPy write them, plus nan / inf; not hex, not empty.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/** The number a field holds, or undefined. With ';' as delimiter a decimal comma ("1,5") is accepted. */
function toNumber(field: string, delimiter: CsvDelimiter): number | undefined {
  let s = field.trim();
  if (delimiter === ';' && /^[+-]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (NUMBER.test(s)) return Number(s);
  return SPECIAL[s.toLowerCase()];
}

/** A header when some column holds text in the first record but a number in the second. */
function looksLikeHeader(records: readonly CsvRecord[], delimiter: CsvDelimiter): boolean {
  const [first, second] = records;
  if (!first) return false;
  const isText = (f: string): boolean => f.trim() !== '' && toNumber(f, delimiter) === undefined;
  if (!second) return first.fields.every(isText);
  return first.fields.some((f, i) => isText(f) && second.fields[i] !== undefined && !isText(second.fields[i]!));
}

function labelIndex(
  option: string | number,
  names: readonly string[] | undefined,
  width: number,
  name: string,
): number {
  if (typeof option === 'string') {
    if (!names)
      throw new DatasetError(
        'missing-array',
        `${name}: the label column "${option}" is named, but the file has no header row`,
        name,
      );
    const i = names.findIndex((n) => n.trim() === option);
    if (i < 0)
      throw new DatasetError(
        'missing-array',
        `${name}: has no column "${option}" (its columns are ${names.map((n) => `"${n}"`).join(', ')})`,
        name,
      );
    return i;
  }
  const i = option < 0 ? width + option : option;
  if (!Number.isInteger(i) || i < 0 || i >= width)
    throw new DatasetError('missing-array', `${name}: has no column ${option} (it has ${width} columns)`, name);
  return i;
}

/** The label column as y: integers as int32, other numbers as float32, text as sorted class indices. */
function labels(values: readonly string[], delimiter: CsvDelimiter): { y: NpyArray; classes?: string[] } {
  const numbers = values.map((v) => toNumber(v, delimiter));
  if (numbers.every((v): v is number => v !== undefined)) {
    if (numbers.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31))
      return { y: { dtype: 'int32', shape: [values.length], data: Int32Array.from(numbers) } };
    return { y: { dtype: 'float32', shape: [values.length], data: Float32Array.from(numbers) } };
  }
  const trimmed = values.map((v) => v.trim());
  const classes = [...new Set(trimmed)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const data = Int32Array.from(trimmed, (v) => index.get(v)!);
  return { y: { dtype: 'int32', shape: [values.length], data }, classes };
}

/**
 * Reads CSV text as a dataset: x float32 [rows, feature columns] and, when `labelColumn` is given, y.
 * Throws a DatasetError naming the row (as a spreadsheet numbers it) and column of a bad value.
 */
export function readCsvDataset(text: string, options: CsvOptions = {}): Dataset {
  const name = options.name ?? 'data.csv';
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? sniffDelimiter(text) : options.delimiter;
  const records = parseCsv(text, delimiter, name);
  if (records.length === 0) throw new DatasetError('empty', `${name}: the file holds no rows`, name);
  const header =
    options.header === undefined || options.header === 'auto' ? looksLikeHeader(records, delimiter) : options.header;
  const names = header ? records[0]!.fields : undefined;
  const body = header ? records.slice(1) : records;
  if (body.length === 0) throw new DatasetError('empty', `${name}: the file has a header but no data rows`, name);
  const width = records[0]!.fields.length;
  const label = options.labelColumn === undefined ? -1 : labelIndex(options.labelColumn, names, width, name);
  const features = label < 0 ? width : width - 1;
  if (features === 0)
    throw new DatasetError('empty', `${name}: has no feature columns (its only column is the label)`, name);
  const column = (c: number): string => (names ? `column "${names[c]!.trim()}"` : `column ${c + 1}`);
  const x = new Float32Array(body.length * features);
  const labelText: string[] = [];
  body.forEach((record, r) => {
    const where = `${name}: row ${record.line}`;
    if (record.fields.length !== width)
      throw new DatasetError(
        'malformed',
        `${where} has ${record.fields.length} fields but ${header ? 'the header' : 'the first row'} has ${width}`,
        name,
      );
    let k = 0;
    record.fields.forEach((field, c) => {
      if (c === label) {
        if (field.trim() === '')
          throw new DatasetError('malformed', `${where}, ${column(c)}: the label is empty`, name);
        labelText.push(field);
        return;
      }
      const v = toNumber(field, delimiter);
      if (v === undefined)
        throw new DatasetError(
          'malformed',
          field.trim() === ''
            ? `${where}, ${column(c)}: the value is empty`
            : `${where}, ${column(c)}: ${JSON.stringify(field)} is not a number`,
          name,
        );
      x[r * features + k++] = v;
    });
  });
  const xs: NpyArray = { dtype: 'float32', shape: [body.length, features], data: x };
  if (label < 0) return datasetFromArrays(name, { x: xs });
  const { y, classes } = labels(labelText, delimiter);
  const dataset = datasetFromArrays(name, { x: xs, y });
  return classes ? { ...dataset, classes } : dataset;
}
