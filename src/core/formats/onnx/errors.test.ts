// Bad input gets a ModelFormatError with a stable code whose message starts with the file name —
// never a raw RangeError from the protobuf decoder.
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import type { ModelFile } from '../../ir/types';
import { matchOnnx, readOnnx, readOnnxTensor, writeOnnx } from './index';
import { encodeMessage, ProtoTypes } from './proto';

function sampleModel(): Uint8Array {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 64]);
  const w = b.constant('weights', new Float32Array(64 * 16).fill(0.5), [64, 16]);
  b.output(b.op('MatMul', [x, w], {}, { name: 'mm', outputs: ['y'] }));
  return writeOnnx(b.model())[0]!.bytes;
}

function readError(file: ModelFile): ModelFormatError {
  try {
    readOnnx([file]);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error(`${file.name} was read without an error`);
}

/** Position of the varint length of the first raw_data field (tag 0x4a) holding `size` bytes. */
function rawDataLengthAt(bytes: Uint8Array, size: number): number {
  const varint = [(size & 0x7f) | 0x80, size >> 7];
  for (let i = 0; i < bytes.length - 2; i++)
    if (bytes[i] === 0x4a && bytes[i + 1] === varint[0] && bytes[i + 2] === varint[1]) return i + 1;
  throw new Error('raw_data not found');
}

describe('ONNX read errors', () => {
  it('reports an empty file', () => {
    const error = readError({ name: 'empty.onnx', bytes: new Uint8Array(0) });
    expect(error.code).toBe('empty-file');
    expect(error.message).toMatch(/^empty\.onnx: /);
  });

  it.each([0.1, 0.5, 0.9, 0.999])('reports a file cut at %f of its length as truncated', (fraction) => {
    const bytes = sampleModel();
    const error = readError({ name: 'cut.onnx', bytes: bytes.subarray(0, Math.floor(bytes.length * fraction)) });
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/^cut\.onnx: the file ends too early/);
  });

  it('reports garbage as malformed', () => {
    // Field 1 with wire type 7, which does not exist.
    const error = readError({ name: 'noise.onnx', bytes: new Uint8Array([0x0f, 0x01, 0x02, 0x03]) });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/^noise\.onnx: not a valid ONNX file/);
  });

  it('reports a protobuf without a graph as malformed', () => {
    const bytes = encodeMessage(ProtoTypes.Model, { ir_version: Long.fromNumber(8) });
    const error = readError({ name: 'nograph.onnx', bytes });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/^nograph\.onnx: no graph found/);
  });

  it('reports raw data whose length runs past the end of the file, naming the tensor', () => {
    const bytes = sampleModel().slice();
    const at = rawDataLengthAt(bytes, 64 * 16 * 4);
    // The largest two-byte varint: 16383 bytes, more than the whole file holds.
    bytes[at] = 0xff;
    bytes[at + 1] = 0x7f;
    const error = readError({ name: 'bad.onnx', bytes });
    expect(error.code).toBe('out-of-bounds');
    expect(error.message).toMatch(/^bad\.onnx: the data of tensor "weights"/);
    expect(error.message).toContain('past the end of the file');
  });

  it('reports raw data that disagrees with the tensor dims', () => {
    const bytes = encodeMessage(ProtoTypes.Model, {
      ir_version: Long.fromNumber(8),
      graph: {
        name: 'g',
        initializer: [{ name: 'w', data_type: 1, dims: [Long.fromNumber(3)], raw_data: new Uint8Array(8) }],
      },
    });
    const error = readError({ name: 'dims.onnx', bytes });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/^dims\.onnx: tensor "w" should hold 3 float32 values \(12 bytes\)/);
  });

  it('never lets a RangeError out, whatever prefix of a model it is given', () => {
    const bytes = sampleModel();
    for (let end = 1; end < bytes.length; end += 97) {
      try {
        readOnnx([{ name: 'p.onnx', bytes: bytes.subarray(0, end) }]);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFormatError);
        expect((error as Error).message.startsWith('p.onnx: ')).toBe(true);
      }
    }
  });

  it('answers random byte damage with a model or a ModelFormatError, nothing else', () => {
    const bytes = sampleModel();
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    for (let round = 0; round < 300; round++) {
      const damaged = bytes.slice();
      for (let k = 0; k <= random(4); k++) damaged[random(damaged.length)] = random(256);
      try {
        writeOnnx(readOnnx([{ name: 'f.onnx', bytes: damaged }]));
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFormatError);
        expect((error as Error).message.startsWith('f.onnx: ')).toBe(true);
      }
    }
  });

  it('reports a damaged tensor file', () => {
    expect(() => readOnnxTensor({ name: 'input_0.pb', bytes: new Uint8Array([0x0a, 0x10]) })).toThrow(/^input_0\.pb: /);
  });
});

describe('ONNX matching', () => {
  const bytes = sampleModel();
  it('recognises a renamed ONNX file by its content', () => {
    expect(matchOnnx({ name: 'weights.bin', bytes })).toBe(true);
  });

  it('recognises a renamed truncated file, so its reader can explain the damage', () => {
    expect(matchOnnx({ name: 'model.bin', bytes: bytes.subarray(0, bytes.length - 100) })).toBe(true);
  });

  it('lets a truncated .onnx file through by its name', () => {
    expect(matchOnnx({ name: 'model.ONNX', bytes: bytes.subarray(0, 10) })).toBe(true);
  });

  it.each<[string, Uint8Array]>([
    ['a TFLite flatbuffer', new Uint8Array([0x1c, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33, 0, 0, 0, 0])],
    ['a TF.js model.json', new TextEncoder().encode('{"format":"graph-model","modelTopology":{}}')],
    ['a zip archive', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])],
    ['float weights', new Uint8Array(new Float32Array([0.1, -2, 3.5, 7]).buffer)],
    ['zeros', new Uint8Array(64)],
  ])('does not claim %s', (_, content) => {
    expect(matchOnnx({ name: 'file.bin', bytes: content })).toBe(false);
  });
});
