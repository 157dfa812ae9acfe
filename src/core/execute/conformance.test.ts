// The reference executor against the ONNX conformance suite (Debian's libonnx-testdata): every case whose
// operators the executor supports runs on test_data_set_0 and must reproduce the expected outputs within
// 1e-4 relative (1e-6 absolute near zero); integer and boolean outputs exactly.
import { describe, expect, it } from 'vitest';
import { ExecutionError } from '../errors';
import { readOnnx } from '../formats/onnx';
import type { Model, Tensor } from '../ir/types';
import { bfloat16ToFloat, toFloat64 } from '../ir/tensor';
import { hasOnnxTestdata, ONNX_TESTDATA_DIR, readBytes } from '../../test-support/corpus';
import {
  fedInputs,
  listCases,
  loadDataSet,
  runModel as runInOrt,
  toOrtTensor,
  type DataSet,
} from '../../test-support/onnx/conformance';
import { runModelTensors, unsupportedOps, type RuntimeTensor } from './index';

const RTOL = 1e-4;
const ATOL = 1e-6;
const FLOAT32_MAX = 3.4028234663852886e38;

/** Cases whose expected outputs onnxruntime-node does not reproduce either: we must agree with onnxruntime. */
const FOLLOW_ONNXRUNTIME: Readonly<Record<string, string>> = {
  'node/test_resize_downsample_scales_linear_align_corners':
    'the suite divides by the unfloored resized length (2.4); onnxruntime and we use the output size (2)',
};

/** Cases where the suite's expected values are computed differently on purpose, with the reason. */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ['blackman', 'hamming', 'hann'].flatMap((w) =>
      ['', '_symmetric'].map((s) => [
        `node/test_${w}window${s}_expanded`,
        'the reference rounds cos(2πn/N) of large float32 arguments; we compute in double',
      ]),
    ),
  ),
  'node/test_cast_FLOAT_to_BFLOAT16':
    "ONNX 1.12's data truncates to bfloat16; later ONNX versions round to nearest even, as we do",
};

/** Cases the executor must refuse with a clear 'unsupported-case' error. */
const EXPECTED_UNSUPPORTED = [
  'node/test_convtranspose_3d',
  'node/test_training_dropout',
  'node/test_training_dropout_default',
  'node/test_training_dropout_default_mask',
  'node/test_training_dropout_mask',
  'node/test_training_dropout_zero_ratio',
  'node/test_training_dropout_zero_ratio_mask',
];

/** Cases whose test data contradicts the model's declared input shape (onnxruntime refuses them too). */
const EXPECTED_BAD_FEED = [
  'node/test_castlike_BFLOAT16_to_FLOAT',
  'node/test_castlike_BFLOAT16_to_FLOAT_expanded',
  'node/test_castlike_FLOAT_to_BFLOAT16',
  'node/test_castlike_FLOAT_to_BFLOAT16_expanded',
];

/** The required ONNX operators; each must be exercised by at least one passing case. */
const REQUIRED_OPS = `Conv ConvTranspose Gemm MatMul Add Sub Mul Div Pow Max Min Relu LeakyRelu PRelu Clip Sigmoid Tanh
  HardSigmoid HardSwish Elu Selu Softplus Erf Exp Log Sqrt Abs Neg Reciprocal BatchNormalization
  InstanceNormalization LayerNormalization MaxPool AveragePool GlobalAveragePool GlobalMaxPool Flatten Reshape
  Transpose Concat Split Slice Pad Squeeze Unsqueeze Softmax LogSoftmax ReduceMean ReduceSum ReduceMax Gather Cast
  Identity Dropout Constant ConstantOfShape Shape Expand Resize QuantizeLinear DequantizeLinear LRN`.split(/\s+/);
// Gelu (opset 20) is newer than the suite's ONNX 1.12; execute.test.ts checks it against its formula.

function values(t: Tensor): Float64Array | undefined {
  const bytes = t.data?.bytes;
  if (!bytes) return undefined;
  return toFloat64(t.dtype, bytes);
}

/** Expected values as numbers; ONNX 1.12 test data stores bfloat16 outputs as raw uint16 bits. */
function expectedValues(expected: Tensor, actual: RuntimeTensor): Float64Array | undefined {
  const raw = values(expected);
  if (raw && actual.dtype === 'bfloat16' && expected.dtype === 'uint16') return raw.map(bfloat16ToFloat);
  return raw;
}

function beyondFloat32(data: DataSet): boolean {
  return [...data.inputs, ...data.outputs].some((t) => {
    const v = values(t);
    return v !== undefined && v.some((x) => Number.isFinite(x) && Math.abs(x) > FLOAT32_MAX);
  });
}

/** Worst relative error of `actual` against `expected`, or a reason they cannot match. */
function compare(actual: RuntimeTensor, want: Float64Array, shape: readonly number[], exact: boolean): number | string {
  if (actual.shape.join() !== shape.join()) return `shape [${actual.shape}] instead of [${shape}]`;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const a = actual.data[i]!;
    const e = want[i]!;
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    if (exact && a !== e) return `element ${i}: ${a} instead of ${e}`;
    const diff = Math.abs(a - e);
    if (!(diff <= RTOL * Math.abs(e) + ATOL)) return `element ${i}: ${a} instead of ${e}`;
    // Relative errors of near-zero values mean little (the absolute tolerance covers them).
    if (Math.abs(e) >= 1e-3) worst = Math.max(worst, diff / Math.abs(e));
  }
  return worst;
}

function feedsOf(model: Model, data: DataSet): Record<string, { data: Float64Array; shape: number[] }> | undefined {
  const feeds: Record<string, { data: Float64Array; shape: number[] }> = {};
  const inputs = fedInputs(model);
  for (const [i, t] of inputs.entries()) {
    const given = data.inputs[i];
    let v = given && values(given);
    if (!given || !v || given.valueType || t.valueType) return undefined;
    // ONNX 1.12 test data stores bfloat16 inputs as raw uint16 bits.
    if (t.dtype === 'bfloat16' && given.dtype === 'uint16') v = v.map(bfloat16ToFloat);
    feeds[t.id] = { data: v, shape: (given.shape ?? []).map(Number) };
  }
  return inputs.length === data.inputs.length ? feeds : undefined;
}

const isExact = (t: Tensor): boolean => !['float32', 'float64', 'float16', 'bfloat16'].includes(t.dtype);

interface Outcome {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'unsupported-case' | 'bad-feed' | 'skip';
  readonly detail: string;
  readonly ops: readonly string[];
  readonly worst?: number;
}

async function runCase(id: string, modelPath: string, dataDir: string): Promise<Outcome> {
  let model: Model;
  let data: DataSet;
  try {
    model = readOnnx([{ name: modelPath, bytes: readBytes(modelPath) }]);
    data = loadDataSet(dataDir);
  } catch (error) {
    return { id, status: 'skip', detail: `unreadable: ${String(error)}`, ops: [] };
  }
  const ops = [...new Set(model.graph.nodes.map((n) => n.op))];
  if (unsupportedOps(model).length) return { id, status: 'skip', detail: 'unsupported ops', ops };
  const feeds = feedsOf(model, data);
  if (!feeds) return { id, status: 'skip', detail: 'inputs the executor cannot take (strings, sequences)', ops };
  if (beyondFloat32(data)) return { id, status: 'skip', detail: 'float64 values beyond float32 range', ops };
  let out: Record<string, RuntimeTensor>;
  try {
    out = await runModelTensors(model, feeds, { yieldEveryMs: 0 });
  } catch (error) {
    if (error instanceof ExecutionError && (error.code === 'unsupported-case' || error.code === 'bad-feed'))
      return { id, status: error.code, detail: error.message, ops };
    return { id, status: 'fail', detail: `threw ${String(error)}`, ops };
  }
  const expected = data.outputs.map((t) => ({ shape: (t.shape ?? []).map(Number), exact: isExact(t), tensor: t }));
  const ortOutputs = FOLLOW_ONNXRUNTIME[id] ? await runInOrt(readBytes(modelPath), ortFeeds(model, data)) : undefined;
  let worst = 0;
  for (const [i, outId] of model.graph.outputs.entries()) {
    const actual = out[outId];
    const want = expected[i];
    if (!actual || !want) return { id, status: 'fail', detail: `output ${outId} missing`, ops };
    const wantValues = ortOutputs
      ? Float64Array.from(ortOutputs[outId]!.data as Float32Array)
      : expectedValues(want.tensor, actual);
    if (!wantValues) return { id, status: 'skip', detail: 'undecodable expected output', ops };
    const result = compare(actual, wantValues, want.shape, want.exact);
    if (typeof result === 'string') return { id, status: 'fail', detail: `${outId}: ${result}`, ops };
    worst = Math.max(worst, result);
  }
  return { id, status: 'pass', detail: '', ops, worst };
}

function ortFeeds(model: Model, data: DataSet): Record<string, NonNullable<ReturnType<typeof toOrtTensor>>> {
  return Object.fromEntries(fedInputs(model).map((t, i) => [t.id, toOrtTensor(data.inputs[i]!)!]));
}

describe.skipIf(!hasOnnxTestdata())('the executor on libonnx-testdata', () => {
  it('reproduces every supported case within 1e-4 relative', async () => {
    const outcomes: Outcome[] = [];
    for (const c of listCases(ONNX_TESTDATA_DIR)) {
      const dataDir = c.dataSets[0];
      if (!dataDir) continue;
      outcomes.push(await runCase(c.id, c.modelPath, dataDir));
    }
    const by = (status: Outcome['status']): Outcome[] => outcomes.filter((o) => o.status === status);
    const failures = by('fail').filter((o) => !KNOWN_DIFFERENCES[o.id]);
    const passed = by('pass');
    const worst = Math.max(...passed.map((o) => o.worst ?? 0));
    console.log(
      `[execute] libonnx-testdata: ${passed.length} cases match, ${failures.length} fail, ` +
        `${by('unsupported-case').length} refused as unsupported, ${by('skip').length} skipped ` +
        `(unsupported ops or inputs); worst relative error ${worst.toExponential(2)} (|expected| ≥ 1e-3)`,
    );
    expect(failures.map((o) => `${o.id}: ${o.detail}`)).toEqual([]);
    expect(by('unsupported-case').map((o) => o.id)).toEqual(EXPECTED_UNSUPPORTED);
    expect(by('bad-feed').map((o) => o.id)).toEqual(EXPECTED_BAD_FEED);
    expect(passed.length).toBeGreaterThan(600);

    const covered = new Set(passed.flatMap((o) => o.ops));
    expect(REQUIRED_OPS.filter((op) => !covered.has(op))).toEqual([]);
  }, 120_000);
});
