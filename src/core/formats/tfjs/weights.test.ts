// The weights manifest: stored encodings kept, quantized values recovered as TF.js itself decodes them,
// shards joined and split, views over the shard bytes.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { toFloat64 } from '../../ir/tensor';
import type { JsonValue, ModelFile, Tensor } from '../../ir/types';
import { readWeights } from './weights-read';
import { writeWeights } from './weights-write';

const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Values of a tensor as the IR's quantization says: scale × (q − zeroPoint), or the stored values. */
function dequantized(t: Tensor): number[] {
  const stored = Array.from(toFloat64(t.dtype, t.data!.bytes!)!);
  if (!t.quant) return stored;
  const [scale, zeroPoint] = [t.quant.scale[0]!, t.quant.zeroPoint[0]!];
  return stored.map((q) => scale * (q - zeroPoint));
}

function halfBits(x: number): number {
  // float32 → float16 bits for values exactly representable in half precision.
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mantissa = (u >>> 13) & 0x3ff;
  return x === 0 ? sign : sign | (exp << 10) | mantissa;
}

describe('quantized weights', () => {
  const u8 = Uint8Array.from([0, 1, 2, 127, 128, 254, 255]);
  const u16 = Uint16Array.from([0, 1, 300, 65535, 12345]);
  const halves = [0.5, -2, 1024, 0.0009765625, -0.25];
  const f16 = Uint16Array.from(halves.map(halfBits));
  const manifest: JsonValue = [
    {
      paths: ['w.bin'],
      weights: [
        { name: 'a', shape: [7], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.0123, min: -1.5 } },
        { name: 'b', shape: [5], dtype: 'float32', quantization: { dtype: 'uint16', scale: 3.1e-5, min: -0.7 } },
        { name: 'c', shape: [5], dtype: 'float32', quantization: { dtype: 'float16' } },
        { name: 'd', shape: [7], dtype: 'int32', quantization: { dtype: 'uint8', scale: 2, min: -100 } },
      ],
    },
  ];
  const data = new Uint8Array([...u8, ...bytes(u16), ...bytes(f16), ...u8]);
  const files: ModelFile[] = [{ name: 'w.bin', bytes: data }];

  it('keep their stored dtype and bytes, and dequantize as TF.js decodes them', () => {
    const tensors = readWeights('model.json', manifest, files);
    expect(tensors.map((t) => t.dtype)).toEqual(['uint8', 'uint16', 'float16', 'uint8']);
    expect(tensors.map((t) => t.data?.bytes?.byteLength)).toEqual([7, 10, 10, 7]);
    const specs = (manifest as unknown as { weights: tf.io.WeightsManifestEntry[] }[])[0]!.weights;
    const reference = tf.io.decodeWeights(data.slice().buffer, specs);
    for (const t of tensors) {
      const expected = Array.from(reference[t.name]!.dataSync());
      const ours = dequantized(t);
      // int32 weights round to the nearest integer after dequantizing.
      const mine =
        t.quant?.extras && (t.quant.extras['tfjs'] as { dtype: string }).dtype === 'int32'
          ? ours.map(Math.round)
          : ours;
      mine.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v))));
    }
    expect(dequantized(tensors[2]!)).toEqual(halves);
  });

  it('are written back in the same encoding, byte for byte', () => {
    const tensors = readWeights('model.json', manifest, files);
    const written = writeWeights(
      'model.json',
      tensors.map((t) => ({ name: t.name, tensor: t })),
    );
    expect((written.manifest[0] as { weights: unknown }).weights).toEqual(
      (manifest as { weights: unknown }[])[0]!.weights,
    );
    expect(Buffer.from(written.shards[0]!.bytes).equals(Buffer.from(data))).toBe(true);
  });

  it('follow an edited quantization instead of the one read', () => {
    const [a] = readWeights('model.json', manifest, files);
    const edited: Tensor = { ...a!, quant: { scale: [0.5], zeroPoint: [4] } };
    const written = writeWeights('model.json', [{ name: 'a', tensor: edited }]);
    const entry = (written.manifest[0] as { weights: { quantization: unknown }[] }).weights[0]!;
    expect(entry.quantization).toEqual({ dtype: 'uint8', scale: 0.5, min: -2 });
  });
});

describe('shards', () => {
  const w1 = Float32Array.from({ length: 10 }, (_, i) => i + 0.5);
  const w2 = Int32Array.from([7, -8, 9]);
  const w3 = Uint8Array.from([1, 0, 1]);
  const tensors: Tensor[] = [
    { id: 'w1', name: 'w1', dtype: 'float32', shape: [2, 5], data: { bytes: bytes(w1) } },
    { id: 'w2', name: 'w2', dtype: 'int32', shape: [3], data: { bytes: bytes(w2) } },
    { id: 'w3', name: 'w3', dtype: 'bool', shape: [3], data: { bytes: w3 } },
    {
      id: 's',
      name: 's',
      dtype: 'string',
      shape: [2],
      data: { strings: [bytes(Uint8Array.from([104, 105])), new Uint8Array(0)] },
    },
  ];

  it('are cut at the shard size with converter names and joined again on reading', () => {
    const { manifest, shards } = writeWeights(
      'model.json',
      tensors.map((t) => ({ name: t.name, tensor: t })),
      16,
    );
    // 40 + 12 + 3 + (4 + 2) + 4 = 65 bytes → 5 shards of at most 16.
    expect(shards.map((s) => s.name)).toEqual([1, 2, 3, 4, 5].map((i) => `group1-shard${i}of5.bin`));
    expect(shards.map((s) => s.bytes.byteLength)).toEqual([16, 16, 16, 16, 1]);
    const read = readWeights('model.json', manifest, [...shards].reverse());
    expect(read.map((t) => t.id)).toEqual(['w1', 'w2', 'w3', 's']);
    read.forEach((t, i) => {
      expect(t.shape).toEqual(tensors[i]!.shape);
      expect(t.data).toEqual(tensors[i]!.data);
    });
  });

  it('gives views over the shard bytes, and copies only a weight split across two shards', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([3, 4, 5]);
    const shard1 = new Uint8Array(12);
    shard1.set(bytes(a), 0);
    shard1.set(bytes(b).subarray(0, 4), 8);
    const shard2 = bytes(b).slice(4);
    const manifest = [
      {
        paths: ['group1-shard1of2.bin', 'sub/dir/group1-shard2of2.bin'],
        weights: [
          { name: 'a', shape: [2], dtype: 'float32' },
          { name: 'b', shape: [3], dtype: 'float32' },
        ],
      },
    ];
    const [ta, tb] = readWeights('model.json', manifest, [
      { name: 'group1-shard1of2.bin', bytes: shard1 },
      { name: 'group1-shard2of2.bin', bytes: shard2 },
    ]);
    expect(ta!.data!.bytes!.buffer).toBe(shard1.buffer);
    expect(tb!.data!.bytes!.buffer).not.toBe(shard1.buffer);
    expect(Array.from(toFloat64('float32', tb!.data!.bytes!)!)).toEqual([3, 4, 5]);
  });

  it('writes nothing for a model without weights', () => {
    expect(writeWeights('model.json', [])).toEqual({ manifest: [], shards: [] });
  });
});
