// Compares our shape inference with onnx.shape_inference (python3-onnx) on real models. One Python
// process answers for every model (onnx_infer.py beside this file).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DType } from '../../core/ir/dtype';
import type { Dim, Model, Shape, Tensor } from '../../core/ir/types';
import { dtypeFromOnnxCode } from '../../core/shape/onnx-dtype';
import type { ShapeInference } from '../../core/shape/types';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'onnx_infer.py');
const PYTHON = process.env.PYTHON_ONNX ?? '/usr/bin/python3';

/** What onnx says about one model. */
export interface ReferenceEntry {
  readonly types?: Readonly<Record<string, readonly [number, readonly Dim[] | null]>>;
  readonly expected?: Readonly<Record<string, readonly number[]>>;
  readonly error?: string;
}

/** True when python3 with the onnx package is available. */
export function hasPythonOnnx(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
}

/** Runs onnx.shape_inference over `paths` in one process (`strip`: infer without declared types). */
export function onnxReference(paths: readonly string[], strip: boolean): Record<string, ReferenceEntry> {
  const run = spawnSync(PYTHON, [SCRIPT, ...(strip ? ['--strip'] : [])], {
    input: JSON.stringify(paths),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`onnx_infer.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, ReferenceEntry>;
}

/** The model with the main graph's declared intermediate and output types removed (inputs kept). */
export function stripDeclared(model: Model): Model {
  const inputs = new Set(model.graph.inputs);
  const tensors = model.graph.tensors.map((t): Tensor => {
    if (inputs.has(t.id) || t.data) return t;
    const { shape: _shape, valueType: _valueType, ...rest } = t;
    return { ...rest, dtype: 'undefined' };
  });
  return { ...model, graph: { ...model.graph, tensors } };
}

/** Totals of a comparison; `disagreements` and `expectedMisses` name each case. */
export interface Comparison {
  compared: number;
  agreed: number;
  weKnowOnnxDoesnt: number;
  onnxKnowsWeDont: number;
  dtypeCompared: number;
  expectedCompared: number;
  disagreements: string[];
  expectedMisses: string[];
  /** Tensors onnx gives a static shape and we do not: `model: tensor` (for coverage work). */
  unknownToUs: string[];
  /** Tensors we give a static shape and onnx does not. */
  onlyUs: string[];
}

/** An empty tally. */
export function emptyComparison(): Comparison {
  return {
    compared: 0,
    agreed: 0,
    weKnowOnnxDoesnt: 0,
    onnxKnowsWeDont: 0,
    dtypeCompared: 0,
    expectedCompared: 0,
    disagreements: [],
    expectedMisses: [],
    unknownToUs: [],
    onlyUs: [],
  };
}

function isStatic(shape: readonly Dim[] | null | undefined): shape is readonly number[] {
  return shape !== null && shape !== undefined && shape.every((d) => typeof d === 'number');
}

const show = (s: Shape | null | undefined): string => (s ? `[${s.map((d) => (d === null ? '?' : d)).join(',')}]` : '?');

/** Adds the comparison of one model's inference with onnx's (and with the stored reference outputs). */
export function compareModel(
  label: string,
  ours: ShapeInference,
  ref: ReferenceEntry,
  into: Comparison,
  skip: ReadonlySet<string> = new Set(),
): void {
  for (const [name, [code, dims]] of Object.entries(ref.types ?? {})) {
    if (skip.has(`${label}: ${name}`)) continue;
    const mine = ours.types.get(name);
    const onnxDtype: DType | undefined = dtypeFromOnnxCode(code);
    if (onnxDtype && mine && mine.dtype !== 'undefined') {
      into.dtypeCompared++;
      if (mine.dtype !== onnxDtype)
        into.disagreements.push(`${label}: ${name} dtype ${mine.dtype} vs onnx ${onnxDtype}`);
    }
    const a = isStatic(mine?.shape);
    const b = isStatic(dims);
    if (a && b) {
      into.compared++;
      if (show(mine?.shape) === show(dims)) into.agreed++;
      else into.disagreements.push(`${label}: ${name} ${show(mine?.shape)} vs onnx ${show(dims)}`);
    } else if (a) {
      into.weKnowOnnxDoesnt++;
      into.onlyUs.push(`${label}: ${name} ours ${show(mine?.shape)} onnx ${show(dims)}`);
    } else if (b) {
      into.onnxKnowsWeDont++;
      into.unknownToUs.push(`${label}: ${name} onnx ${show(dims)} ours ${show(mine?.shape)}`);
    }
  }
  for (const [name, dims] of Object.entries(ref.expected ?? {})) {
    const mine = ours.types.get(name)?.shape;
    if (!isStatic(mine)) continue;
    into.expectedCompared++;
    if (show(mine) !== show(dims))
      into.expectedMisses.push(`${label}: ${name} ${show(mine)} vs stored output ${show(dims)}`);
  }
}
