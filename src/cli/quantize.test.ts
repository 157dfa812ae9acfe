import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnnx, readTflite, writeOnnx, writeTfjs } from '../core/index';
import { writeNpz } from '../core/data/index';
import { GraphBuilder } from '../core/ir/builder';
import { tinyCnn } from '../core/transforms/quantize/onnx/test-models';
import { seededRandom } from '../core/util/random';
import { corpusPath, hasCorpus, REPO_ROOT } from '../test-support/corpus';
import type { QuantizeJson } from './commands/quantize';
import { itRefusesEach, type Refusal } from './testing/refusals';
import { outputDims } from './testing/run-onnx';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);
const SAMPLE = join(REPO_ROOT, 'public/samples/mnist-cnn.onnx');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-quantize-'));
  writeFileSync(at('tiny.onnx'), writeOnnx(tinyCnn())[0]!.bytes);
  const random = seededRandom(3);
  const x = Float32Array.from({ length: 20 * 64 }, () => random());
  writeFileSync(at('calib.npz'), writeNpz({ x: { dtype: 'float32', shape: [20, 1, 8, 8], data: x } }));
  writeFileSync(at('wrong.npz'), writeNpz({ x: { dtype: 'float32', shape: [4, 5], data: new Float32Array(20) } }));
  const b = new GraphBuilder();
  const m = b.output(b.op('Relu', [b.input('x', 'float32', [1, 2])])).model({ format: 'tfjs' });
  const files = writeTfjs(m);
  for (const f of files) writeFileSync(at(f.name), f.bytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = (stdout: string): QuantizeJson => JSON.parse(stdout) as QuantizeJson;

describe('scaledown quantize', () => {
  it.concurrent('int8-weights --json: the report and the file agree', async () => {
    const r = await runScaledown(['quantize', at('tiny.onnx'), at('w8.onnx'), '--mode', 'int8-weights', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    const bytes = readFileSync(at('w8.onnx'));
    expect(out).toMatchObject({ format: 'onnx', mode: 'int8-weights', bytes: bytes.byteLength, output: at('w8.onnx') });
    expect(out.ratio).toBeCloseTo(bytes.byteLength / out.inputBytes, 10);
    expect(out.report.layers.map((l) => [l.tensor, l.dtype, l.granularity])).toEqual([
      ['conv.weight', 'int8', 'per-channel'],
      ['fc.weight', 'int8', 'per-channel'],
    ]);
    expect(out.report.totals.bytesAfter).toBeLessThan(out.report.totals.bytesBefore);
    const model = readOnnx([{ name: 'w8.onnx', bytes: new Uint8Array(bytes) }]);
    expect(model.graph.nodes.filter((n) => n.op === 'DequantizeLinear')).toHaveLength(2);
  });

  it.concurrent('int4 block-wise, per tensor and float16 options reach the transform', async () => {
    const r = await runScaledown([
      'quantize',
      at('tiny.onnx'),
      at('w4.onnx'),
      '--mode',
      'int4-weights',
      '--block-size',
      '16',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(json(r.stdout).report.layers.find((l) => l.tensor === 'fc.weight')?.granularity).toBe('per-block');
    const t = await runScaledown([
      'quantize',
      at('tiny.onnx'),
      at('pt.onnx'),
      '--mode',
      'int8-weights',
      '--granularity',
      'per-tensor',
      '--asymmetric',
      '--json',
    ]);
    expect(json(t.stdout).report.layers.map((l) => [l.dtype, l.granularity])).toEqual([
      ['uint8', 'per-tensor'],
      ['uint8', 'per-tensor'],
    ]);
    const h = await runScaledown([
      'quantize',
      at('tiny.onnx'),
      at('h.onnx'),
      '--mode',
      'float16',
      '--keep-float',
      'fc',
      '--json',
    ]);
    const layers = json(h.stdout).report.layers;
    expect(layers.find((l) => l.tensor === 'fc.weight')?.keptFloat).toBe(true);
    expect(layers.find((l) => l.tensor === 'conv.weight')?.dtype).toBe('float16');
  });

  it.concurrent('static int8 calibrated on an .npz: progress on stderr, a table on stdout', async () => {
    const r = await runScaledown([
      'quantize',
      at('tiny.onnx'),
      at('s8.onnx'),
      '--mode',
      'int8',
      '--calibration',
      at('calib.npz'),
      '--method',
      'percentile',
    ]);
    expect(r.code).toBe(0);
    expect(lines(r.stderr).at(-1)).toMatch(/calibrating on 20 samples: 100 %$/);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(
      /s8\.onnx: ONNX int8 \(QDQ\), calibrated on 20 samples of .*calib\.npz \(percentile\), .* \(\d+\.\d % of .*\)$/,
    );
    expect(out.find((l) => l.startsWith('conv ') && l.includes('conv.bias'))).toMatch(/int32\s+per-channel/);
    expect(out.some((l) => /^activations: 5 tensor\(s\) int8/.test(l))).toBe(true);
    expect(await outputDims(at('s8.onnx'), [1, 1, 8, 8])).toEqual([1, 3]);
  });

  it.concurrent('static int8 on the MNIST sample with the built-in digits', async () => {
    const r = await runScaledown([
      'quantize',
      SAMPLE,
      at('mnist-int8.onnx'),
      '--mode',
      'int8',
      '--calibration',
      'mnist',
      '--samples',
      '64',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.calibration).toMatchObject({ data: 'mnist', samples: 64, method: 'minmax' });
    expect(out.report.activations.length).toBeGreaterThan(0);
    expect(out.report.layers.filter((l) => l.role === 'bias').every((l) => l.dtype === 'int32')).toBe(true);
  });

  it.concurrent('static int8 in QOperator form: integer operators in the file, the form in the report', async () => {
    const r = await runScaledown([
      'quantize',
      at('tiny.onnx'),
      at('qop.onnx'),
      '--mode',
      'int8',
      '--calibration',
      at('calib.npz'),
      '--onnx-format',
      'qoperator',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.onnxFormat).toBe('qoperator');
    const bytes = readFileSync(at('qop.onnx'));
    const model = readOnnx([{ name: 'qop.onnx', bytes: new Uint8Array(bytes) }]);
    expect(model.graph.nodes.filter((n) => n.op === 'QLinearConv').map((n) => n.name)).toEqual(['conv', 'fc']);
    expect(await outputDims(bytes, [1, 1, 8, 8])).toEqual([1, 3]);
  });

  const failures: readonly Refusal[] = [
    {
      what: 'static int8 without data',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'int8'],
      code: 2,
      says: /tiny\.onnx: static int8 needs calibration data: add --calibration DATA .*\(usage: scaledown quantize/,
    },
    {
      what: 'no mode',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx')],
      code: 2,
      says: /needs --mode/,
    },
    {
      what: 'an unknown mode',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'int3'],
      code: 2,
      says: /--mode must be one of int8, int8-weights, int4-weights, float16, not "int3"/,
    },
    {
      what: 'calibration data for a weight-only mode',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'float16', '--calibration', 'mnist'],
      code: 2,
      says: /--calibration applies to --mode int8 only/,
    },
    {
      what: 'an ONNX form for a weight-only mode',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'float16', '--onnx-format', 'qoperator'],
      code: 2,
      says: /--onnx-format applies to --mode int8 only/,
    },
    {
      what: 'an unknown ONNX form',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'int8', '--onnx-format', 'qlinear'],
      code: 2,
      says: /--onnx-format must be one of qdq, qoperator, not "qlinear"/,
    },
    {
      what: 'a dataset that does not fit the model',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'int8', '--calibration', at('wrong.npz')],
      code: 1,
      says: /wrong\.npz: shape-mismatch: x has samples of shape \[5\] but the model input "input" wants \[1, 8, 8\]/,
    },
    {
      what: 'a missing dataset',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'int8', '--calibration', at('nope.npz')],
      code: 1,
      says: /nope\.npz: missing-file: no such file/,
    },
    {
      what: 'a TF.js model',
      args: () => ['quantize', at('model.json'), at('out.json'), '--mode', 'float16'],
      code: 1,
      says: /model\.json: not-applicable: quantizing TF\.js models is not supported yet/,
    },
    {
      what: 'an output of another format',
      args: () => ['quantize', at('tiny.onnx'), at('x.tflite'), '--mode', 'float16'],
      code: 2,
      says: /the output must be a ONNX file like the input/,
    },
    {
      what: 'an unknown node to keep in float',
      args: () => ['quantize', at('tiny.onnx'), at('x.onnx'), '--mode', 'float16', '--keep-float', 'nosuch'],
      code: 2,
      says: /--keep-float: the model has no node named "nosuch"/,
    },
  ];

  itRefusesEach(failures);
});

describe('scaledown quantize on TFLite', () => {
  const HELLO = corpusPath('models/tflite/tflm_hello_world_float.tflite');

  it.skipIf(!hasCorpus())('--io float keeps float inputs and outputs; the default makes them int8', async () => {
    const x = Float32Array.from({ length: 64 }, (_, i) => (i / 63) * 2 * Math.PI);
    writeFileSync(at('sine.npz'), writeNpz({ x: { dtype: 'float32', shape: [64, 1], data: x } }));
    const inputDtype = (file: string): string => {
      const model = readTflite([{ name: file, bytes: new Uint8Array(readFileSync(at(file))) }]);
      return model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!.dtype;
    };
    for (const [file, extra, dtype] of [
      ['sine-int8.tflite', [], 'int8'],
      ['sine-floatio.tflite', ['--io', 'float', '--per-channel-fc'], 'float32'],
    ] as const) {
      const args = ['quantize', HELLO, at(file), '--mode', 'int8', '--calibration', at('sine.npz'), '--json', ...extra];
      const r = await runScaledown(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(inputDtype(file)).toBe(dtype);
    }
  });

  it('refuses TFLite-only options on an ONNX model in one stderr line', async () => {
    const r = await runScaledown([
      'quantize',
      at('tiny.onnx'),
      at('x.onnx'),
      '--mode',
      'int8',
      '--calibration',
      at('calib.npz'),
      '--io',
      'float',
    ]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/--io, --per-channel-fc and --float-fallback apply to TFLite models/);
  });
});
