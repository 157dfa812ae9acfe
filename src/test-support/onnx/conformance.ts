// Helpers of the ONNX conformance test: the libonnx-testdata cases, the one-process Python checker,
// and running original vs rewritten models in onnxruntime-node on the cases' inputs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { readOnnxTensor } from '../../core/formats/onnx';
import type { Model, Tensor } from '../../core/ir/types';
import { toFloat64, typedView } from '../../core/ir/tensor';
import { readBytes } from '../corpus';

const here = dirname(fileURLToPath(import.meta.url));

/** A test case folder: model.onnx plus test_data_set_* folders of input_N.pb / output_N.pb. */
export interface ConformanceCase {
  readonly dir: string;
  /** e.g. `node/test_abs`. */
  readonly id: string;
  readonly modelPath: string;
  readonly dataSets: readonly string[];
}

/** Every case below `root` (the suites are one folder level deep: node/, simple/, …). */
export function listCases(root: string): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const suite of readdirSync(root).sort()) {
    const suiteDir = join(root, suite);
    for (const name of readdirSync(suiteDir).sort()) {
      const dir = join(suiteDir, name);
      const modelPath = join(dir, 'model.onnx');
      if (!existsSync(modelPath)) continue;
      const dataSets = readdirSync(dir)
        .filter((d) => d.startsWith('test_data_set_'))
        .sort()
        .map((d) => join(dir, d));
      cases.push({ dir, id: `${suite}/${name}`, modelPath, dataSets });
    }
  }
  return cases;
}

const PYTHON = '/usr/bin/python3';

/** Why the Python onnx checker cannot run here, or undefined when it can. */
export function pythonOnnxUnavailable(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import onnx.checker'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'python3-onnx is not installed (apt-get install python3-onnx)';
}

/** Result of the Python checker over many files: path → null (valid) or the error text. */
export type CheckResults =
  | { readonly available: true; readonly onnxVersion: string; readonly results: Record<string, string | null> }
  | { readonly available: false; readonly reason: string };

/** Runs onnx.checker.check_model over all `paths` in one Python process. */
export function checkModels(paths: readonly string[], workDir: string): CheckResults {
  if (!existsSync(PYTHON)) return { available: false, reason: `${PYTHON} not found` };
  const list = join(workDir, 'check-list.txt');
  writeFileSync(list, paths.join('\n'));
  const run = spawnSync(PYTHON, [resolve(here, 'check_models.py'), list], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) return { available: false, reason: `checker exited with ${run.status}: ${run.stderr}` };
  const parsed = JSON.parse(run.stdout) as
    { unavailable: string } | { onnx_version: string; results: Record<string, string | null> };
  if ('unavailable' in parsed) return { available: false, reason: `python3-onnx missing (${parsed.unavailable})` };
  return { available: true, onnxVersion: parsed.onnx_version, results: parsed.results };
}

/** One test_data_set: inputs and expected outputs, in the order of their file numbers. */
export interface DataSet {
  readonly inputs: Tensor[];
  readonly outputs: Tensor[];
}

function numbered(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.pb'))
    .sort((a, b) => Number(a.slice(prefix.length, -3)) - Number(b.slice(prefix.length, -3)))
    .map((f) => join(dir, f));
}

/** Decodes a data set's TensorProto files with the studio's own reader. */
export function loadDataSet(dir: string): DataSet {
  const read = (path: string): Tensor => readOnnxTensor({ name: basename(path), bytes: readBytes(path) });
  return { inputs: numbered(dir, 'input_').map(read), outputs: numbered(dir, 'output_').map(read) };
}

const ORT_TYPES: Partial<Record<Tensor['dtype'], ort.Tensor.Type>> = {
  float32: 'float32',
  float64: 'float64',
  float16: 'float16',
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
};

const decoder = new TextDecoder();

/** An onnxruntime tensor holding an IR constant; undefined when onnxruntime's JS API has no such type. */
export function toOrtTensor(t: Tensor): ort.Tensor | undefined {
  const type = ORT_TYPES[t.dtype];
  const dims = (t.shape ?? []).map(Number);
  if (!type) return undefined;
  if (type === 'string')
    return new ort.Tensor(
      'string',
      (t.data?.strings ?? []).map((s) => decoder.decode(s)),
      dims,
    );
  const bytes = t.data?.bytes ?? new Uint8Array(0);
  const view = t.dtype === 'bool' ? new Uint8Array(bytes) : typedView(t.dtype, bytes);
  return new ort.Tensor(type, view as ort.Tensor.DataType, dims);
}

/** Outputs of one run, by output name. */
export type Outputs = Record<string, ort.Tensor>;

/** Runs a model once on `feeds`. */
export async function runModel(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Outputs> {
  // Severity 4 (fatal only): onnxruntime's warnings about the suite's models would drown the test output.
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 4 });
  try {
    return (await session.run(feeds)) as Outputs;
  } finally {
    await session.release();
  }
}

/** Names of the graph inputs fed by test data: the inputs that are not initializers, in order. */
export function fedInputs(model: Model): Tensor[] {
  const byId = new Map(model.graph.tensors.map((t) => [t.id, t]));
  return model.graph.inputs.map((id) => byId.get(id)).filter((t): t is Tensor => t !== undefined && !t.data);
}

function ortBytes(t: ort.Tensor): Uint8Array | undefined {
  const data = t.data as unknown;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** True when two onnxruntime outputs are identical (bit for bit; strings by value). */
export function sameOutput(a: ort.Tensor, b: ort.Tensor): boolean {
  if (a.type !== b.type || a.dims.join() !== b.dims.join()) return false;
  const x = ortBytes(a);
  const y = ortBytes(b);
  if (!x || !y) return JSON.stringify(a.data) === JSON.stringify(b.data);
  return x.byteLength === y.byteLength && x.every((v, i) => v === y[i]);
}

/**
 * Whether an output matches the expected tensor the way ONNX's backend tests compare them: same shape;
 * floats within rtol 1e-3, atol 1e-7 (NaN equals NaN); everything else exactly.
 */
export function matchesExpected(actual: ort.Tensor, expected: Tensor): boolean {
  const dims = (expected.shape ?? []).map(Number);
  if (actual.dims.length !== dims.length || actual.dims.some((d, i) => d !== dims[i])) return false;
  if (expected.dtype === 'string') {
    const want = (expected.data?.strings ?? []).map((s) => decoder.decode(s));
    return JSON.stringify(actual.data) === JSON.stringify(want);
  }
  const got = ortBytes(actual);
  const wantBytes = expected.data?.bytes;
  if (!got || !wantBytes) return false;
  const a = toFloat64(expected.dtype, got);
  const e = toFloat64(expected.dtype, wantBytes);
  if (!a || !e || a.length !== e.length) return false;
  const isFloat = ['float32', 'float64', 'float16', 'bfloat16'].includes(expected.dtype);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (!(Number.isNaN(x) && Number.isNaN(y))) return false;
    } else if (x !== y && (!isFloat || !(Math.abs(x - y) <= 1e-7 + 1e-3 * Math.abs(y)))) {
      return false;
    }
  }
  return true;
}

/** How a rewritten model fared against its original in onnxruntime on a case's data sets. */
export type OrtOutcome =
  | {
      readonly status: 'match';
      /** Outputs of original and rewritten model were bit-identical on every data set. */
      readonly identical: boolean;
      /** The original's own outputs differ from the expected ones (onnxruntime vs the reference). */
      readonly originalOffExpected: boolean;
    }
  | { readonly status: 'skip'; readonly reason: string }
  | { readonly status: 'mismatch'; readonly reason: string };

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

function allSame(names: readonly string[], a: Outputs, b: Outputs): boolean {
  return names.every((n) => a[n] !== undefined && b[n] !== undefined && sameOutput(a[n], b[n]));
}

/**
 * Runs the original and the rewritten model on every data set. The rewritten model must match the
 * expected outputs wherever the original does, and give the original's outputs bit for bit (unless the
 * model is nondeterministic: then two runs of the original differ too, and the case is skipped).
 */
export async function compareInOrt(
  original: Uint8Array,
  rewritten: Uint8Array,
  model: Model,
  dataSetDirs: readonly string[],
): Promise<OrtOutcome> {
  const byId = new Map(model.graph.tensors.map((t) => [t.id, t]));
  const inputs = fedInputs(model);
  const names = model.graph.outputs;
  if ([...inputs, ...names.map((n) => byId.get(n))].some((t) => t?.valueType))
    return { status: 'skip', reason: 'sequence/optional/map values, which the onnxruntime-node JS API cannot pass' };
  let identical = true;
  let originalOffExpected = false;
  for (const dir of dataSetDirs) {
    const data = loadDataSet(dir);
    const feeds: Record<string, ort.Tensor> = {};
    for (const [i, t] of data.inputs.entries()) {
      const tensor = toOrtTensor(t);
      const input = inputs[i];
      if (!tensor || !input) return { status: 'skip', reason: `input dtype ${t.dtype} has no onnxruntime JS type` };
      feeds[input.id] = tensor;
    }
    let before: Outputs;
    try {
      before = await runModel(original, feeds);
    } catch (error) {
      return { status: 'skip', reason: `onnxruntime cannot run the original: ${firstLine(error)}` };
    }
    let after: Outputs;
    try {
      after = await runModel(rewritten, feeds);
    } catch (error) {
      return { status: 'mismatch', reason: `the rewritten model fails in onnxruntime: ${firstLine(error)}` };
    }
    const matches = (out: Outputs): boolean =>
      names.every(
        (n, i) => out[n] !== undefined && data.outputs[i] !== undefined && matchesExpected(out[n], data.outputs[i]),
      );
    const originalOk = matches(before);
    const same = allSame(names, before, after);
    identical &&= same;
    if (originalOk && !matches(after))
      return {
        status: 'mismatch',
        reason: `${basename(dir)}: the rewritten model's outputs differ from the expected ones`,
      };
    if (!originalOk) {
      originalOffExpected = true;
      if (!same) {
        const again = await runModel(original, feeds);
        if (!allSame(names, before, again)) return { status: 'skip', reason: 'nondeterministic outputs' };
        return {
          status: 'mismatch',
          reason: `${basename(dir)}: the rewritten model's outputs differ from the original's`,
        };
      }
    }
  }
  return { status: 'match', identical, originalOffExpected };
}
