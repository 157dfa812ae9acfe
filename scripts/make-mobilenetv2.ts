// Builds MobileNetV2-1.0 at 224×224 (Sandler et al., 2018, Table 2) as an ONNX model with random weights:
// its structure, not its accuracy, is what the memory planner's acceptance figures are about. Batch norm
// is folded away (as every deployed MobileNetV2 is); ReLU6 is Clip(0, 6) right after its convolution, which
// `analyzeModel(..., { fuseActivations: true })` runs fused, as TFLite and MCU runtimes do.
//
//   npx tsx scripts/make-mobilenetv2.ts [OUT.onnx]   (default: mobilenetv2-1.0-224.onnx)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeOnnx } from '../src/core/formats/onnx/index';
import { GraphBuilder } from '../src/core/ir/builder';
import type { Model } from '../src/core/ir/types';

/** Inverted residual settings (expansion t, channels c, repeats n, first stride s), Table 2 of the paper. */
export const MOBILENETV2_BLOCKS: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/** A deterministic pseudo-random float in [-0.1, 0.1) per call (an LCG: reproducible files). */
function randomFloats(count: number, seed: { value: number }): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    seed.value = (Math.imul(seed.value, 1664525) + 1013904223) >>> 0;
    out[i] = (seed.value / 2 ** 32 - 0.5) * 0.2;
  }
  return out;
}

/**
 * MobileNetV2-1.0, input [1, 3, 224, 224] float32, output [1, 1000]. Node names say where they sit:
 * `conv0`, `block{b}_expand|dw|project|add` (b = 1…17 in order), `conv_last`, `pool`, `flatten`, `fc`.
 */
export function buildMobileNetV2(): Model {
  const g = new GraphBuilder('mobilenetv2-1.0-224');
  const seed = { value: 2018 };
  const relu6Min = g.constant('relu6_min', Float32Array.of(0), []);
  const relu6Max = g.constant('relu6_max', Float32Array.of(6), []);

  const conv = (
    name: string,
    x: string,
    cin: number,
    cout: number,
    k: number,
    stride: number,
    group: number,
    relu6: boolean,
  ): string => {
    const w = g.constant(`${name}_w`, randomFloats((cout * cin * k * k) / group, seed), [cout, cin / group, k, k]);
    const b = g.constant(`${name}_b`, randomFloats(cout, seed), [cout]);
    const pad = (k - 1) / 2;
    const y = g.op(
      'Conv',
      [x, w, b],
      { kernel_shape: [k, k], strides: [stride, stride], pads: [pad, pad, pad, pad], group },
      { name, dtype: 'float32' },
    );
    return relu6 ? g.op('Clip', [y, relu6Min, relu6Max], {}, { name: `${name}_relu6`, dtype: 'float32' }) : y;
  };

  let x = g.input('input', 'float32', [1, 3, 224, 224]);
  x = conv('conv0', x, 3, 32, 3, 2, 1, true);
  let channels = 32;
  let block = 0;
  for (const [t, c, n, s] of MOBILENETV2_BLOCKS) {
    for (let i = 0; i < n; i++) {
      block++;
      const stride = i === 0 ? s : 1;
      const hidden = channels * t;
      const input = x;
      let h = t === 1 ? x : conv(`block${block}_expand`, x, channels, hidden, 1, 1, 1, true);
      h = conv(`block${block}_dw`, h, hidden, hidden, 3, stride, hidden, true);
      h = conv(`block${block}_project`, h, hidden, c, 1, 1, 1, false);
      x =
        stride === 1 && channels === c
          ? g.op('Add', [input, h], {}, { name: `block${block}_add`, dtype: 'float32' })
          : h;
      channels = c;
    }
  }
  x = conv('conv_last', x, channels, 1280, 1, 1, 1, true);
  x = g.op('GlobalAveragePool', [x], {}, { name: 'pool', dtype: 'float32' });
  x = g.op('Flatten', [x], { axis: 1 }, { name: 'flatten', dtype: 'float32' });
  const fcW = g.constant('fc_w', randomFloats(1000 * 1280, seed), [1000, 1280]);
  const fcB = g.constant('fc_b', randomFloats(1000, seed), [1000]);
  const logits = g.op(
    'Gemm',
    [x, fcW, fcB],
    { transB: 1 },
    { name: 'fc', outputs: ['logits'], dtype: 'float32', shape: [1, 1000] },
  );
  g.output(logits);
  return g.model({ opset: 13, producer: 'scaledown scripts/make-mobilenetv2.ts' });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = resolve(process.argv[2] ?? 'mobilenetv2-1.0-224.onnx');
  const [file] = writeOnnx(buildMobileNetV2());
  if (!file) throw new Error('the ONNX writer returned no file');
  writeFileSync(out, file.bytes);
  console.log(`wrote ${out} (${file.bytes.length.toLocaleString('en-US')} bytes)`);
}
