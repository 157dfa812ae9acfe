// CSV datasets: RFC 4180 quoting, line endings, header and delimiter detection, labels, and messages that
// name the file, row and column.
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { parseCsv, sniffDelimiter } from './csv-parse';
import { readCsvDataset } from './csv';

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, CRLF, BOM and a trailing line', () => {
    const text = '\ufeffa,"b,c","say ""hi"""\r\n"multi\r\nline",,""\r\n\r\n';
    expect(parseCsv(text, ',', 'q.csv')).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
      { line: 2, fields: ['multi\r\nline', '', ''] },
    ]);
    expect(parseCsv('1;2\n3;4', ';', 'q.csv').map((r) => r.fields)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('names the line of an unclosed quote or of text after a closing quote', () => {
    expect(message(() => parseCsv('a,b\n1,"2\n3,4\n', ',', 'q.csv'))).toBe(
      'malformed: q.csv: line 2: a quoted field is never closed (a " is missing)',
    );
    expect(message(() => parseCsv('a,b\n"1"x,2\n', ',', 'q.csv'))).toMatch(
      /^malformed: q\.csv: line 2: unexpected "x"/,
    );
  });

  it('sniffs the delimiter from the first record, outside quotes', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(sniffDelimiter('"x,y"\tb\tc\n')).toBe('\t');
    expect(sniffDelimiter('single\n')).toBe(',');
  });
});

describe('readCsvDataset', () => {
  const iris =
    'sepal,petal,"species"\r\n5.1,1.4,setosa\r\n7.0,4.7,versicolor\r\n6.3,6.0,virginica\r\n4.9,1.4,setosa\r\n';

  it('reads features as float32 and maps text labels to sorted class indices', () => {
    const d = readCsvDataset(iris, { labelColumn: 'species', name: 'iris.csv' });
    expect(d.name).toBe('iris.csv');
    expect(d.x.shape).toEqual([4, 2]);
    expect(d.x.dtype).toBe('float32');
    expect(Array.from(d.x.data as Float32Array)).toEqual([5.1, 1.4, 7, 4.7, 6.3, 6, 4.9, 1.4].map(Math.fround));
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(d.y!.data as Int32Array)).toEqual([0, 1, 2, 0]);
  });

  it('takes a label column by index (negative from the end), integer labels as int32, targets as float32', () => {
    const d = readCsvDataset('1,2,3\n4,5,0\n', { labelColumn: -1 });
    expect(d.count).toBe(2);
    expect(d.y!.dtype).toBe('int32');
    expect(Array.from(d.y!.data as Int32Array)).toEqual([3, 0]);
    expect(d.classes).toBeUndefined();
    const r = readCsvDataset('0.5,1.25\n2,3\n', { labelColumn: 0 });
    expect(r.y!.dtype).toBe('float32');
    expect(Array.from(r.x.data as Float32Array)).toEqual([1.25, 3]);
  });

  it('detects headers and delimiters, and reads decimal commas in ;-separated files', () => {
    const d = readCsvDataset('a;b\n1,5;-2e3\n.5;nan\n');
    expect(d.x.shape).toEqual([2, 2]);
    expect(Array.from(d.x.data as Float32Array)).toEqual([1.5, -2000, 0.5, NaN]);
    expect(readCsvDataset('1\t2\n3\t4').x.shape).toEqual([2, 2]);
    expect(readCsvDataset('3,4\n1,2\n', { header: false, delimiter: ',', labelColumn: 1 }).x.shape).toEqual([2, 1]);
    expect(message(() => readCsvDataset('x,y\n1,2\n', { header: false, name: 'h.csv' }))).toBe(
      'malformed: h.csv: row 1, column 1: "x" is not a number',
    );
  });

  it('names file, row and column of a bad value', () => {
    const text = 'age,income\n34,5000\n"abc",12\n';
    expect(message(() => readCsvDataset(text, { name: 'data.csv' }))).toBe(
      'malformed: data.csv: row 3, column "age": "abc" is not a number',
    );
    expect(message(() => readCsvDataset('1,2\n3,\n', { name: 'n.csv', header: false }))).toBe(
      'malformed: n.csv: row 2, column 2: the value is empty',
    );
    expect(message(() => readCsvDataset('a,b\n1,2\n3\n', { name: 'r.csv' }))).toBe(
      'malformed: r.csv: row 3 has 1 fields but the header has 2',
    );
    expect(message(() => readCsvDataset(iris, { labelColumn: 'kind', name: 'iris.csv' }))).toBe(
      'missing-array: iris.csv: has no column "kind" (its columns are "sepal", "petal", "species")',
    );
    expect(message(() => readCsvDataset('1,2\n', { labelColumn: 'y', name: 'h.csv' }))).toMatch(
      /the label column "y" is named, but the file has no header row$/,
    );
    expect(message(() => readCsvDataset('\ufeff\r\n', { name: 'e.csv' }))).toBe('empty: e.csv: the file holds no rows');
    expect(message(() => readCsvDataset('a,b\n', { header: true, name: 'e.csv' }))).toBe(
      'empty: e.csv: the file has a header but no data rows',
    );
  });
});
