// Quantizing a 25M-parameter ONNX model end to end (read the file from disk, weight-only int8 per channel,
// write the file to disk): the figure issue 4 sets a target for (under 2 s), and its stages.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getKernels } from '../../src/kernels/index';
import { readOnnx, writeOnnx } from '../../src/core/formats/onnx';
import { GraphBuilder } from '../../src/core/ir/builder';
import { quantizeModel } from '../../src/core/transforms/quantize/index';
import { seededRandom } from '../../src/core/util/random';
import { medianMs, row, section } from './measure';

const LAYERS = 50;
const WIDTH = 707; // 50 × 707 × 707 ≈ 25.0M parameters

function largeModelBytes(): Uint8Array {
  const b = new GraphBuilder('large');
  const random = seededRandom(42);
  let y = b.input('x', 'float32', [1, WIDTH]);
  for (let i = 0; i < LAYERS; i++) {
    const w = new Float32Array(WIDTH * WIDTH);
    for (let j = 0; j < w.length; j++) w[j] = random() - 0.5;
    y = b.op('MatMul', [y, b.constant(`w${i}`, w, [WIDTH, WIDTH])]);
  }
  const [file] = writeOnnx(b.output(y).model());
  if (!file) throw new Error('writer returned no file');
  return file.bytes;
}

export async function benchQuantize(): Promise<void> {
  section(`quantize a 25M-parameter ONNX model (kernels: ${getKernels().backend})`);
  const bytes = largeModelBytes();
  const file = { name: 'large.onnx', bytes };
  const model = readOnnx([file]);
  const options = { mode: 'int8-weights', granularity: 'per-channel' } as const;
  row('read', await medianMs(() => readOnnx([file]), 3));
  row('quantize (int8 weights, per channel)', await medianMs(() => quantizeModel(model, options), 3));
  const quantized = quantizeModel(model, options).model;
  row('write', await medianMs(() => writeOnnx(quantized), 3));
  const dir = mkdtempSync(join(tmpdir(), 'scaledown-bench-'));
  try {
    const input = join(dir, 'large.onnx');
    const output = join(dir, 'large-int8.onnx');
    writeFileSync(input, bytes);
    const endToEnd = (): void => {
      const buffer = readFileSync(input);
      const read = readOnnx([
        { name: 'large.onnx', bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) },
      ]);
      writeFileSync(output, writeOnnx(quantizeModel(read, options).model)[0]!.bytes);
    };
    const total = await medianMs(endToEnd, 3);
    const out = readFileSync(output).byteLength;
    const sizes = `${(bytes.byteLength / 1e6).toFixed(1)} MB → ${(out / 1e6).toFixed(1)} MB`;
    row('end to end from disk to disk', total, `${sizes} (target < 2000 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
