import { describe, expect, it } from 'vitest';
import type { ExportPreview } from '../../../workers/protocol';
import { downloadItems } from './downloads';
import { checkExportForm, DEFAULT_EXPORT_FORM, type ExportForm } from './form';

const form = (patch: Partial<ExportForm>): ExportForm => ({ ...DEFAULT_EXPORT_FORM, ...patch });
const FILE = 'my-model v2.onnx';

describe('checkExportForm', () => {
  it('defaults: the name from the file, 16-byte alignment, one header, 20 % arena margin', () => {
    const checked = checkExportForm(DEFAULT_EXPORT_FORM, FILE);
    expect(checked.arrayName).toBe('my_model_v2_onnx');
    expect(checked.defaultName).toBe('my_model_v2_onnx');
    expect(checked.options).toEqual({ name: 'my_model_v2_onnx', alignment: 16, arenaMarginPercent: 20 });
    expect(checked.errors).toEqual({});
    expect(checked.notes).toEqual({});
  });

  it('a typed name that is not a C identifier is made into one, and says so', () => {
    const checked = checkExportForm(form({ name: ' 2nd model-x ' }), FILE);
    expect(checked.arrayName).toMatch(/^[A-Za-z_]\w*$/);
    expect(checked.options?.name).toBe(checked.arrayName);
    expect(checked.notes.name).toContain(checked.arrayName);
    expect(checked.errors).toEqual({});
    const keyword = checkExportForm(form({ name: 'int' }), FILE);
    expect(keyword.arrayName).not.toBe('int');
    expect(keyword.notes.name).toMatch(/reserved word/);
    expect(checkExportForm(form({ name: 'g_model' }), FILE).notes).toEqual({});
  });

  it.each(['3', '0', '-16', '2.5', '', 'abc', '8192'])('alignment %j is refused and stops the export', (alignment) => {
    const checked = checkExportForm(form({ alignment }), FILE);
    expect(checked.options).toBeUndefined();
    expect(checked.errors.alignment).toBeTruthy();
  });

  it('alignment 3 says it must be a power of two', () => {
    expect(checkExportForm(form({ alignment: '3' }), FILE).errors.alignment).toMatch(/power of two.*3 is not/);
  });

  it('split, PROGMEM, a section and a margin go through; a section with quotes or spaces does not', () => {
    const checked = checkExportForm(
      form({ layout: 'split', section: '.rodata.model', margin: '35', alignment: '64' }),
      FILE,
    );
    expect(checked.options).toEqual({
      name: 'my_model_v2_onnx',
      alignment: 64,
      section: '.rodata.model',
      split: true,
      arenaMarginPercent: 35,
    });
    expect(checkExportForm(form({ progmem: true }), FILE).options).toMatchObject({ progmem: true });
    expect(checkExportForm(form({ progmem: true, section: '.x' }), FILE).errors.section).toMatch(/PROGMEM/);
    expect(checkExportForm(form({ section: '.data "x"' }), FILE).errors.section).toMatch(/no spaces or quotes/);
    expect(checkExportForm(form({ margin: '-1' }), FILE).errors.margin).toBeTruthy();
    expect(checkExportForm(form({ margin: '12.5' }), FILE).options).toBeUndefined();
  });
});

const preview = (files: ExportPreview['files'], format: ExportPreview['format'] = 'onnx'): ExportPreview => ({
  modelId: 'm2',
  fileName: files[0]!.name,
  format,
  arrayName: 'g_model',
  headerName: 'g_model.h',
  headerTop: '',
  headerLines: 0,
  flashBytes: 0,
  arena: { plannedBytes: 0, marginPercent: 20, marginBytes: 0, overheadBytes: 0, totalBytes: 0 },
  files,
  timings: { files: 0, bundle: 0 },
});

describe('downloadItems', () => {
  it('one button per file; a model of several files and a .h/.cc pair come as one .zip each', () => {
    const items = downloadItems(
      preview(
        [
          { name: 'model.json', role: 'model', bytes: 100 },
          { name: 'group1-shard1of1.bin', role: 'model', bytes: 900 },
          { name: 'g_model.h', role: 'header', bytes: 50 },
          { name: 'g_model.cc', role: 'source', bytes: 5000 },
          { name: 'TFLM.txt', role: 'note', bytes: 10 },
          { name: 'report.md', role: 'report', bytes: 20 },
          { name: 'report.json', role: 'report', bytes: 30 },
          { name: 'charts/memory.svg', role: 'chart', bytes: 40 },
          { name: 'model.bundle.zip', role: 'bundle', bytes: 4000 },
        ],
        'tfjs',
      ),
    );
    expect(items.map((i) => [i.key, i.names.length, i.zipAs ?? null, i.bytes])).toEqual([
      ['model', 2, 'model.zip', 1000],
      ['header', 2, 'g_model.zip', 5050],
      ['example-txt', 1, null, 10],
      ['report-md', 1, null, 20],
      ['report-json', 1, null, 30],
    ]);
    expect(items[0]!.label).toBe('Model file (TF.js)');
  });

  it('a single model file and a single header download as themselves', () => {
    const items = downloadItems(
      preview([
        { name: 'm.int8.tflite', role: 'model', bytes: 100 },
        { name: 'g_model.h', role: 'header', bytes: 600 },
        { name: 'm_int8.ino', role: 'example', bytes: 10 },
        { name: 'main.cc', role: 'example', bytes: 10 },
      ]),
    );
    expect(items.map((i) => [i.key, i.fileLabel, i.zipAs ?? null])).toEqual([
      ['model', 'm.int8.tflite', null],
      ['header', 'g_model.h', null],
      ['example-ino', 'm_int8.ino', null],
      ['example-cc', 'main.cc', null],
    ]);
  });
});
