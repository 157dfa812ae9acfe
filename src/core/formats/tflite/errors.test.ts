// Bad input gets a ModelFormatError with a stable code whose message starts with the file name — never
// a raw RangeError, never a hang, whatever the damage.
import { Builder } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import type { ModelFile } from '../../ir/types';
import { detectFormat } from '../registry';
import { FlatbufferWriter } from './codec/encode';
import type { FbTable } from './codec/values';
import { matchTflite, readTflite, writeTflite } from './index';
import { tableDef } from './schema';
import { controlFlowModel, tinyConvModel } from './test-models';

const sample = (): Uint8Array => writeTflite(tinyConvModel())[0]!.bytes;

function readError(file: ModelFile): ModelFormatError {
  try {
    readTflite([file]);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message.startsWith(`${file.name}: `)).toBe(true);
    return error as ModelFormatError;
  }
  throw new Error(`${file.name} was read without an error`);
}

/** A hand-made model table (the writer would refuse the damage these tests need). */
function handMade(patch: (model: Record<string, unknown>) => void): Uint8Array {
  const model: Record<string, unknown> = {
    version: 3,
    operator_codes: [{ builtin_code: 19, deprecated_builtin_code: 19 }],
    subgraphs: [
      {
        tensors: [
          { shape: [4], name: 'x' },
          { shape: [4], name: 'y', buffer: 1 },
        ],
        inputs: [0],
        outputs: [1],
        operators: [{ opcode_index: 0, inputs: [0], outputs: [1] }],
      },
    ],
    buffers: [{}, {}],
  };
  patch(model);
  return new FlatbufferWriter().finish(tableDef('Model'), model as FbTable, 'TFL3');
}

const subgraph0 = (m: Record<string, unknown>) => (m['subgraphs'] as Record<string, unknown>[])[0]!;
const operator0 = (m: Record<string, unknown>) => (subgraph0(m)['operators'] as Record<string, unknown>[])[0]!;

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('TFLite read errors', () => {
  it('reports an empty file', () => {
    const error = readError({ name: 'empty.tflite', bytes: new Uint8Array(0) });
    expect(error.code).toBe('empty-file');
  });

  it('reports a file without the TFL3 identifier as another format', () => {
    const error = readError({ name: 'model.bin', bytes: new Uint8Array(64).fill(3) });
    expect(error.code).toBe('unknown-format');
    expect(error.message).toMatch(/not a TFLite file/);
  });

  it.each([0.1, 0.5, 0.9, 0.999])('reports a file cut at %f of its length as truncated', (fraction) => {
    const bytes = sample();
    const error = readError({ name: 'cut.tflite', bytes: bytes.subarray(0, Math.floor(bytes.length * fraction)) });
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/^cut\.tflite: the file ends too early/);
  });

  it('reports a root offset pointing outside the file', () => {
    const bytes = sample().slice();
    bytes.set([0xf0, 0xff, 0xff, 0x7f], 0);
    const error = readError({ name: 'root.tflite', bytes });
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/its root table runs to byte \d+, but the file has \d+ bytes/);
  });

  it('reports a vtable outside the file as malformed', () => {
    const bytes = sample().slice();
    const root = new DataView(bytes.buffer).getUint32(0, true);
    new DataView(bytes.buffer).setInt32(root, 0x7ffffff0, true);
    const error = readError({ name: 'vtable.tflite', bytes });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/not a valid TFLite file.*the file is damaged/);
  });

  it('reports a vector whose length runs past the end, naming the field', () => {
    const bytes = sample().slice();
    // The conv weights' buffer: its uint32 length (108) sits right before the data.
    const weights = new Uint8Array(new Int8Array(108).map((_, i) => (i % 255) - 127).buffer);
    const at = indexOfBytes(bytes, weights);
    expect(new DataView(bytes.buffer).getUint32(at - 4, true)).toBe(108);
    new DataView(bytes.buffer).setUint32(at - 4, 0x0fffffff, true);
    const error = readError({ name: 'vector.tflite', bytes });
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/its "buffers\[\d+\]\.data" field runs to byte/);
  });

  it('reports buffer data stored after the flatbuffer but missing from the file', () => {
    const bytes = writeTflite(tinyConvModel(), { externalBuffers: true })[0]!.bytes;
    const error = readError({ name: 'big.tflite', bytes: bytes.subarray(0, bytes.length - 100) });
    expect(error.code).toBe('out-of-bounds');
    expect(error.message).toMatch(
      /the data of tensor "fc\/weights" \(buffer \d\) claims 640 bytes at byte \d+, past the end/,
    );
  });

  it.each<[string, (m: Record<string, unknown>) => void, RegExp]>([
    [
      'a tensor index',
      (m) => (operator0(m)['outputs'] = [7]),
      /operator 0 \(RELU\) of the main graph refers to tensor 7, but the main graph has 2 tensors/,
    ],
    ['a graph output', (m) => (subgraph0(m)['outputs'] = [-1]), /an output of the main graph refers to tensor -1/],
    [
      'an operator code',
      (m) => (operator0(m)['opcode_index'] = 4),
      /operator 0 of the main graph uses operator code 4, but the model has 1/,
    ],
    [
      'a buffer',
      (m) => ((subgraph0(m)['tensors'] as Record<string, unknown>[])[1]!['buffer'] = 9),
      /tensor "y" refers to buffer 9, but the model has 2/,
    ],
    [
      'a subgraph of WHILE',
      (m) => {
        m['operator_codes'] = [{ builtin_code: 119, deprecated_builtin_code: 119 }];
        operator0(m)['builtin_options'] = {
          type: 'WhileOptions',
          value: { cond_subgraph_index: 0, body_subgraph_index: 3 },
        };
      },
      /runs subgraph 3 \(body_subgraph_index\), but the model has 1/,
    ],
    [
      'a signature tensor',
      (m) => (m['signature_defs'] = [{ outputs: [{ name: 'o', tensor_index: 5 }] }]),
      /signature 0 names tensor 5/,
    ],
    [
      'a metadata buffer',
      (m) => (m['metadata'] = [{ name: 'meta', buffer: 12 }]),
      /metadata 0 \("meta"\) refers to buffer 12/,
    ],
  ])('reports %s out of range', (_, patch, says) => {
    const error = readError({ name: 'index.tflite', bytes: handMade(patch) });
    expect(error.code).toBe('out-of-bounds');
    expect(error.message).toMatch(says);
  });

  it('reads options newer than the schema without attributes, and refuses to write them', () => {
    // Model { operator_codes: [RELU], subgraphs: [{ tensors: [x], operators: [{ options type 200 }] }] }
    const b = new Builder(256);
    const vector = (offsets: number[]) => {
      b.startVector(4, offsets.length, 4);
      for (const o of [...offsets].reverse()) b.addOffset(o);
      return b.endVector();
    };
    const ints = (values: number[]) => {
      b.startVector(4, values.length, 4);
      for (const v of [...values].reverse()) b.addInt32(v);
      return b.endVector();
    };
    b.startObject(0);
    const options = b.endObject();
    const inputs = ints([0]);
    const outputs = ints([0]);
    b.startObject(14);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    b.addFieldInt8(3, 200, 0);
    b.addFieldOffset(4, options, 0);
    const operator = b.endObject();
    const name = b.createString('x');
    b.startObject(10);
    b.addFieldOffset(3, name, 0);
    const tensor = b.endObject();
    const tensors = vector([tensor]);
    const operators = vector([operator]);
    b.startObject(6);
    b.addFieldOffset(0, tensors, 0);
    b.addFieldOffset(3, operators, 0);
    const subgraphs = vector([b.endObject()]);
    b.startObject(4);
    b.addFieldInt8(0, 19, 0);
    b.addFieldInt32(3, 19, 0);
    const codes = vector([b.endObject()]);
    b.startObject(8);
    b.addFieldInt32(0, 3, 0);
    b.addFieldOffset(1, codes, 0);
    b.addFieldOffset(2, subgraphs, 0);
    b.finish(b.endObject(), 'TFL3');

    const model = readTflite([{ name: 'new.tflite', bytes: b.asUint8Array() }]);
    expect(model.graph.nodes[0]).toMatchObject({
      op: 'RELU',
      attributes: {},
      extras: { tflite: { unknownOptions: 200 } },
    });
    expect(() => writeTflite(model)).toThrow(/RELU.*options \(type 200\) are newer than this studio's TFLite schema/);
  });

  it('reports a model without graphs', () => {
    const error = readError({ name: 'none.tflite', bytes: handMade((m) => (m['subgraphs'] = [])) });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/has no graph/);
  });

  it('stops offsets that make one large object appear thousands of times', () => {
    const b = new Builder(1024);
    const name = b.createString('x'.repeat(20_000));
    b.startObject(2);
    b.addFieldOffset(0, name, 0);
    const entry = b.endObject();
    b.startVector(4, 5000, 4);
    for (let i = 0; i < 5000; i++) b.addOffset(entry);
    const list = b.endVector();
    b.startObject(8);
    b.addFieldOffset(6, list, 0);
    b.finish(b.endObject(), 'TFL3');
    const error = readError({ name: 'bomb.tflite', bytes: b.asUint8Array() });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/appear over and over/);
  });

  it('never lets anything but a ModelFormatError out, whatever prefix of a model it is given', () => {
    const bytes = writeTflite(controlFlowModel())[0]!.bytes;
    for (let end = 1; end < bytes.length; end += 13) {
      expect(() => readTflite([{ name: 'p.tflite', bytes: bytes.subarray(0, end) }])).toThrow(ModelFormatError);
    }
  });

  it('answers random byte damage with a model or a ModelFormatError, nothing else', () => {
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    let read = 0;
    for (const original of [sample(), writeTflite(controlFlowModel())[0]!.bytes]) {
      for (let round = 0; round < 400; round++) {
        const damaged = original.slice();
        for (let k = 0; k <= random(4); k++) damaged[random(damaged.length)] = random(256);
        try {
          const model = readTflite([{ name: 'f.tflite', bytes: damaged }]);
          read++;
          readTflite(writeTflite(model));
        } catch (error) {
          expect(error).toBeInstanceOf(ModelFormatError);
          expect((error as Error).message).toMatch(/^(f|tiny_conv|main)\.tflite: /);
        }
      }
    }
    // Most single-byte damage lands in weights or names and still reads.
    expect(read).toBeGreaterThan(100);
  });

  it('answers random bytes behind a TFL3 identifier with a ModelFormatError', () => {
    let seed = 5;
    for (let round = 0; round < 200; round++) {
      const bytes = new Uint8Array(64 + round * 7);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
      bytes.set([0x54, 0x46, 0x4c, 0x33], 4);
      try {
        readTflite([{ name: 'noise.tflite', bytes }]);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFormatError);
      }
    }
  });
});

describe('TFLite matching', () => {
  const bytes = sample();

  it('recognises a TFLite file by its identifier, whatever its name', () => {
    expect(matchTflite({ name: 'weights.bin', bytes })).toBe(true);
    expect(matchTflite({ name: 'cut.bin', bytes: bytes.subarray(0, 40) })).toBe(true);
    expect(detectFormat([{ name: 'model.bin', bytes }]).format.id).toBe('tflite');
  });

  it('accepts a .tflite file without identifier when its root table parses', () => {
    const plain = bytes.slice();
    plain.set([0, 0, 0, 0], 4);
    expect(matchTflite({ name: 'old.tflite', bytes: plain })).toBe(true);
    expect(matchTflite({ name: 'old.bin', bytes: plain })).toBe(false);
    expect(readTflite([{ name: 'old.tflite', bytes: plain }]).graph.nodes).toHaveLength(5);
  });

  it.each<[string, Uint8Array]>([
    [
      'an ONNX model',
      new GraphBuilder('g').model() && new Uint8Array([0x08, 0x07, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74]),
    ],
    ['a TF.js model.json', new TextEncoder().encode('{"format":"graph-model","modelTopology":{}}')],
    ['a zip archive', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])],
    ['zeros', new Uint8Array(64)],
  ])('does not claim %s', (_, content) => {
    expect(matchTflite({ name: 'file.bin', bytes: content })).toBe(false);
    expect(matchTflite({ name: 'file.tflite', bytes: content })).toBe(false);
  });
});
