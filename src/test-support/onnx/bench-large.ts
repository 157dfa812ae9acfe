// Read/write timing of a synthetic ~100 MB ONNX model (25M float32 parameters in 50 initializers).
// Run: npx tsx src/test-support/onnx/bench-large.ts
import { readOnnx, writeOnnx } from '../../core/formats/onnx';
import { GraphBuilder } from '../../core/ir/builder';

const LAYERS = 50;
const WIDTH = 707; // 50 × 707 × 707 ≈ 25.0M parameters

function build() {
  const b = new GraphBuilder('large');
  let y = b.input('x', 'float32', [1, WIDTH]);
  for (let i = 0; i < LAYERS; i++) {
    const w = new Float32Array(WIDTH * WIDTH);
    for (let j = 0; j < w.length; j += 97) w[j] = j % 13;
    y = b.op('MatMul', [y, b.constant(`w${i}`, w, [WIDTH, WIDTH])]);
  }
  b.output(y);
  return b.model();
}

function time<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
}

const model = build();
for (let round = 1; round <= 3; round++) {
  console.log(`round ${round}`);
  const [file] = time('  write (inline)', () => writeOnnx(model));
  console.log(`  file size: ${(file!.bytes.byteLength / 1e6).toFixed(1)} MB`);
  const back = time('  read', () => readOnnx([file!]));
  const shared = back.graph.tensors.every((t) => !t.data?.bytes || t.data.bytes.buffer === file!.bytes.buffer);
  console.log(`  initializer bytes are views over the file buffer: ${shared}`);
  time('  write again (read model)', () => writeOnnx(back));
  const files = time('  write (external data)', () => writeOnnx(model, { externalData: {} }));
  time('  read (external data)', () => readOnnx(files));
}
