import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import { diffIR } from '../../ir/equal';
import type { Model, ModelFile, Tensor } from '../../ir/types';
import { readOnnx, writeOnnx } from './index';

function model(): Model {
  const b = new GraphBuilder('ext net');
  const x = b.input('x', 'float32', [1, 300]);
  const big = b.constant(
    'big',
    new Float32Array(300 * 1000).map((_, i) => i % 251),
    [300, 1000],
  );
  const mid = b.constant('mid', new Float32Array(1000).fill(0.25), [1000]);
  const small = b.constant('small', new Float32Array([1, 2]), [2]);
  const y = b.op('MatMul', [x, big]);
  b.output(b.op('Add', [b.op('Add', [y, mid]), b.op('ReduceSum', [small])], {}, { outputs: ['out'] }));
  return b.model();
}

function tensor(m: Model, id: string): Tensor {
  const t = m.graph.tensors.find((x) => x.id === id);
  if (!t) throw new Error(`no tensor ${id}`);
  return t;
}

/** The IR without external references, for comparing inline and external copies. */
function inline(m: Model): Model {
  const tensors = m.graph.tensors.map((t) =>
    t.data?.external && t.data.bytes ? { ...t, data: { bytes: t.data.bytes } } : t,
  );
  return { ...m, graph: { ...m.graph, tensors } };
}

function readError(files: ModelFile[]): ModelFormatError {
  try {
    readOnnx(files);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error('read without an error');
}

describe('ONNX external data', () => {
  const original = model();
  const files = writeOnnx(original, { externalData: { threshold: 1024 } });
  const [main, data] = files;

  it('writes large initializers to a companion file with aligned offsets', () => {
    expect(files.map((f) => f.name)).toEqual(['ext_net.onnx', 'ext_net.onnx.data']);
    const back = readOnnx(files);
    const big = tensor(back, 'big').data?.external;
    const mid = tensor(back, 'mid').data?.external;
    expect(big).toEqual({ location: 'ext_net.onnx.data', offset: 0, length: 1_200_000 });
    // 1,200,000 rounded up to 64 bytes.
    expect(mid).toEqual({ location: 'ext_net.onnx.data', offset: 1_200_000, length: 4000 });
    expect(tensor(back, 'small').data?.external).toBeUndefined();
    expect(data?.bytes.byteLength).toBe(1_204_000);
    expect(main!.bytes.byteLength).toBeLessThan(2000);
  });

  it('reads it back equal to the inline model, with bytes viewing the companion file', () => {
    const back = readOnnx(files);
    expect(diffIR(original, inline(back))).toBeUndefined();
    expect(tensor(back, 'big').data?.bytes?.buffer).toBe(data!.bytes.buffer);
  });

  it('finds the companion by base name when it comes with a folder path', () => {
    const back = readOnnx([main!, { name: 'uploads/ext_net.onnx.data', bytes: data!.bytes }]);
    expect(tensor(back, 'mid').data?.bytes?.byteLength).toBe(4000);
  });

  it('fails with missing-file naming the model, the tensor and the missing file', () => {
    const error = readError([main!]);
    expect(error.code).toBe('missing-file');
    expect(error.message).toMatch(/^ext_net\.onnx: tensor "big" keeps its data in "ext_net\.onnx\.data"/);
  });

  it('reads the graph without the companion when asked, keeping the references', () => {
    const back = readOnnx([main!], { allowMissingExternalData: true });
    expect(tensor(back, 'big').data).toEqual({
      external: { location: 'ext_net.onnx.data', offset: 0, length: 1_200_000 },
    });
    const again = readOnnx(writeOnnx(back), { allowMissingExternalData: true });
    expect(diffIR(back, again)).toBeUndefined();
  });

  it('reports an offset past the end of a short companion as out-of-bounds', () => {
    const error = readError([main!, { name: data!.name, bytes: data!.bytes.subarray(0, 1000) }]);
    expect(error.code).toBe('out-of-bounds');
    expect(error.message).toMatch(/^ext_net\.onnx: tensor "big" reads bytes 0\.\.1200000 of "ext_net\.onnx\.data"/);
  });

  it('honours a custom location and writes everything inline by default', () => {
    const custom = writeOnnx(original, { baseName: 'm', externalData: { threshold: 1, location: 'w.bin' } });
    expect(custom.map((f) => f.name)).toEqual(['m.onnx', 'w.bin']);
    expect(writeOnnx(original)).toHaveLength(1);
  });
});

describe('ONNX read progress', () => {
  it('reports increasing fractions ending at 1', () => {
    const b = new GraphBuilder('many');
    let y = b.input('x', 'float32', [1000]);
    for (let i = 0; i < 50; i++) y = b.op('Add', [y, b.constant(`c${i}`, new Float32Array(1000), [1000])]);
    b.output(y);
    const fractions: number[] = [];
    readOnnx(writeOnnx(b.model()), { onProgress: (f) => fractions.push(f) });
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
  });
});
