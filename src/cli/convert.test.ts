import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffIR, readOnnx, type Model, type ModelFile } from '../core/index';
import { readTflite, writeTflite } from '../core/formats/tflite/index';
import { tinyConvModel } from '../core/formats/tflite/test-models';
import { corpusPath, hasCorpus } from '../test-support/corpus';
import type { ConvertJson } from './commands/convert';
import { tinyMatMulModel } from './testing/onnx-bytes';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);
const file = (path: string): ModelFile => {
  const buffer = readFileSync(path);
  return { name: path, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-convert-'));
  const tiny = writeTflite(tinyConvModel())[0]!.bytes;
  writeFileSync(at('tiny.tflite'), tiny);
  writeFileSync(at('cut.tflite'), tiny.subarray(0, Math.floor(tiny.byteLength / 2)));
  writeFileSync(at('tiny.onnx'), tinyMatMulModel());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown convert', () => {
  it.concurrent('re-encodes a TFLite model and reports it as JSON', async () => {
    const r = await runScaledown(['convert', at('tiny.tflite'), at('tiny-out.tflite'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ConvertJson;
    const written = readFileSync(at('tiny-out.tflite'));
    expect(json).toEqual({
      input: at('tiny.tflite'),
      output: at('tiny-out.tflite'),
      format: 'tflite',
      bytes: written.byteLength,
      files: [{ path: at('tiny-out.tflite'), bytes: written.byteLength }],
    });
    const model: Model = readTflite([file(at('tiny-out.tflite'))]);
    expect(diffIR(readTflite([file(at('tiny.tflite'))]), model)).toBeUndefined();
  });

  it.concurrent('re-encodes an ONNX model, saying what it wrote', async () => {
    const r = await runScaledown(['convert', at('tiny.onnx'), at('tiny-out.onnx')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(/tiny-out\.onnx: ONNX model, \d+ B \(from .*tiny\.onnx\)$/),
    ]);
    expect(diffIR(readOnnx([file(at('tiny.onnx'))]), readOnnx([file(at('tiny-out.onnx'))]))).toBeUndefined();
  });

  it.skipIf(!hasCorpus())('re-encodes corpus models that read back equal', async () => {
    for (const name of ['tflm_person_detect_int8.tflite', 'mlperf_ic_resnet8_int8.tflite']) {
      const input = corpusPath(`models/tflite/${name}`);
      const r = await runScaledown(['convert', input, at(name), '--json']);
      expect(r.code).toBe(0);
      expect(diffIR(readTflite([file(input)]), readTflite([file(at(name))]))).toBeUndefined();
    }
  });

  const failures: readonly { what: string; args: () => string[]; code: number; says: RegExp; output?: string }[] = [
    {
      what: 'a conversion between formats',
      args: () => ['convert', at('tiny.tflite'), at('tiny.onnx.out.onnx')],
      code: 1,
      says: /tiny\.tflite: unsupported: converting TFLite to ONNX is not supported yet$/m,
      output: 'tiny.onnx.out.onnx',
    },
    {
      what: 'ONNX to TF.js',
      args: () => ['convert', at('tiny.onnx'), at('model.json'), '--json'],
      code: 1,
      says: /converting ONNX to TF\.js is not supported yet$/m,
      output: 'model.json',
    },
    {
      what: 'an output name without a known extension',
      args: () => ['convert', at('tiny.tflite'), at('tiny.bin')],
      code: 2,
      says: /cannot tell the output format from "tiny\.bin": name it \.onnx, \.tflite or model\.json \(usage: scaledown convert IN OUT/,
    },
    { what: 'a missing output name', args: () => ['convert', at('tiny.tflite')], code: 2, says: /expects 2 files/ },
    {
      what: 'a missing input',
      args: () => ['convert', at('absent.tflite'), at('x.tflite')],
      code: 1,
      says: /absent\.tflite: missing-file/,
    },
    {
      what: 'a truncated input',
      args: () => ['convert', at('cut.tflite'), at('cut-out.tflite')],
      code: 1,
      says: /cut\.tflite: truncated: the file ends too early/,
      output: 'cut-out.tflite',
    },
    {
      what: 'an output folder that does not exist',
      args: () => ['convert', at('tiny.tflite'), at('no/such/dir/x.tflite')],
      code: 1,
      says: /x\.tflite: unwritable: cannot be written \(ENOENT\)/,
    },
  ];

  it.concurrent.each(failures)('refuses $what with one line on stderr', async ({ args, code, says, output }) => {
    const r = await runScaledown(args());
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (output) expect(existsSync(at(output))).toBe(false);
  });

  it.concurrent('is listed in the help', async () => {
    const r = await runScaledown(['--help']);
    expect(r.stdout).toMatch(/convert\s+re-encode a model/);
    const own = await runScaledown(['convert', '--help']);
    expect(own.stdout).toContain('Usage: scaledown convert IN OUT [--json]');
  });
});
