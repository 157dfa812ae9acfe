// ONNX read and write of a synthetic model with 25M float32 parameters (~100 MB), the size at which a
// slow codec would show: initializer bytes must stay views over the file buffer.
import { readOnnx, writeOnnx } from '../../src/core/formats/onnx';
import { GraphBuilder } from '../../src/core/ir/builder';
import { medianMs, row, section } from './measure';

const LAYERS = 50;
const WIDTH = 707; // 50 × 707 × 707 ≈ 25.0M parameters

function largeModel() {
  const b = new GraphBuilder('large');
  let y = b.input('x', 'float32', [1, WIDTH]);
  for (let i = 0; i < LAYERS; i++) {
    const w = new Float32Array(WIDTH * WIDTH);
    for (let j = 0; j < w.length; j += 97) w[j] = j % 13;
    y = b.op('MatMul', [y, b.constant(`w${i}`, w, [WIDTH, WIDTH])]);
  }
  return b.output(y).model();
}

export async function benchOnnxIo(): Promise<void> {
  section('ONNX codec, 25M float32 parameters');
  const model = largeModel();
  const [file] = writeOnnx(model);
  if (!file) throw new Error('writer returned no file');
  const mb = file.bytes.byteLength / 1e6;
  row('write (inline)', await medianMs(() => writeOnnx(model), 3), `${mb.toFixed(1)} MB`);
  row('read', await medianMs(() => readOnnx([file]), 3));
  const back = readOnnx([file]);
  const views = back.graph.tensors.every((t) => !t.data?.bytes || t.data.bytes.buffer === file.bytes.buffer);
  console.log(`  initializer bytes are views over the file buffer: ${views ? 'yes' : 'NO'}`);
  const external = writeOnnx(model, { externalData: {} });
  row('write (external data)', await medianMs(() => writeOnnx(model, { externalData: {} }), 3));
  row('read (external data)', await medianMs(() => readOnnx(external), 3));
}
