import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, readBytes } from '../../test-support/corpus';
import { readTfliteIo, repairForInterpreter } from './tflite-io';

const model = (name: string) => readBytes(corpusPath(`models/tflite/${name}`));

describe.skipIf(!hasCorpus())('readTfliteIo on corpus models', () => {
  it('reads an int8 model: names, types, shapes and quantization of its inputs and outputs', () => {
    const io = readTfliteIo(model('mlperf_ad_autoencoder_int8.tflite'));
    expect(io.inputs).toHaveLength(1);
    expect(io.inputs[0]).toMatchObject({ name: 'input_1', dtype: 'int8', shape: [1, 640] });
    // MANIFEST.md: input scale 0.391, zero point 89.
    expect(io.inputs[0]!.quantization!.scale[0]).toBeCloseTo(0.391, 3);
    expect(io.inputs[0]!.quantization!.zeroPoint).toEqual([89]);
    expect(io.outputs[0]).toMatchObject({ name: 'Identity', dtype: 'int8', shape: [1, 640] });
  });

  it('reads a float model without quantization', () => {
    const io = readTfliteIo(model('mlperf_vww_mobilenetv1_96_float.tflite'));
    expect(io.inputs).toEqual([{ name: 'input_1', dtype: 'float32', shape: [1, 96, 96, 3] }]);
    expect(io.outputs).toEqual([{ name: 'Identity', dtype: 'float32', shape: [1, 2] }]);
  });
});

describe.skipIf(!hasCorpus())('repairForInterpreter', () => {
  it("sets TOCO's quantized_dimension 3 on rank-1 biases of person_detect to 0, without touching the input", () => {
    const bytes = model('tflm_person_detect_int8.tflite');
    const before = bytes.slice();
    const { bytes: repaired, repairs } = repairForInterpreter(bytes);
    expect(repairs).toHaveLength(14);
    expect(repairs[0]).toMatch(/Conv2d_0\/Conv2D_bias.*quantized_dimension 3 → 0/);
    expect(Buffer.compare(bytes, before)).toBe(0);
    expect(repaired).not.toBe(bytes);
    // Only the 14 int32 fields changed, and a second pass finds nothing left to repair.
    let changed = 0;
    for (let i = 0; i < bytes.length; i++) if (repaired[i] !== bytes[i]) changed++;
    expect(changed).toBe(14);
    expect(repairForInterpreter(repaired).repairs).toEqual([]);
  });

  it('returns a valid model unchanged', () => {
    const bytes = model('mlperf_kws_dscnn_int8.tflite');
    const result = repairForInterpreter(bytes);
    expect(result.repairs).toEqual([]);
    expect(result.bytes).toBe(bytes);
  });
});

describe('readTfliteIo on bad input', () => {
  it('rejects bytes without the TFL3 identifier', () => {
    expect(() => readTfliteIo(new Uint8Array(16))).toThrow(/TFL3/);
  });

  it('rejects a truncated model with a message instead of reading past the end', () => {
    const header = new Uint8Array([0x40, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33]);
    expect(() => readTfliteIo(header)).toThrow(/truncated/);
  });
});
