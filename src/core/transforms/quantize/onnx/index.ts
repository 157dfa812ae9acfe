// ONNX quantization: weight-only int8 / int4, float16 weights, and full-integer static int8 (QDQ form, or
// QOperator form with `onnxFormat: 'qoperator'`).
//
// Decisions worth knowing:
// - Quantized constants keep their tensor id as the output of a DequantizeLinear (or Cast for float16),
//   so consumers and names stay as they were.
// - QDQ modes need opset 13 (per-axis DequantizeLinear), int4 needs 21 (int4 types, block_size): older
//   models are upgraded when every operator allows it (opset.ts), else refused with the reason.
// - Graph inputs that are also initializers are dropped from the inputs (onnxruntime would treat them as
//   overridable and not as constants, so the quantized weights would never be fused).
// - Static int8 folds constant Adds after Conv / MatMul into a bias first (prepare.ts).
import { typeLookup } from '../../../analysis/type-lookup';
import { TransformError } from '../../../errors';
import { validateGraph } from '../../../ir/validate';
import type { Graph, Model } from '../../../ir/types';
import { inferShapes } from '../../../shape/infer';
import { makeReport } from '../report';
import type { ActivationReport, LayerReport, QuantizeOptions, QuantizeResult } from '../types';
import { convertFloat16 } from './float16';
import { upgradeOpset } from './opset';
import { constantsToInitializers, foldBiasAdds, foldConstantReshapes } from './prepare';
import { quantizeQOperator } from './qoperator';
import { quantizeStatic } from './static';
import { quantizeWeightsOnly } from './weight-only';

const QUANTIZED_OPS = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'QLinearConv',
  'QLinearMatMul',
  'DynamicQuantizeLinear',
]);

function withoutInitializerInputs(model: Model, warnings: string[]): Model {
  const graph = model.graph;
  const constants = new Set(graph.tensors.filter((t) => t.data).map((t) => t.id));
  const inputs = graph.inputs.filter((id) => !constants.has(id));
  if (inputs.length === graph.inputs.length) return model;
  // Before IR version 4 every initializer had to be listed as an input (so nothing is lost by dropping
  // them, and the IR version is raised to 4, the first that allows it).
  if ((model.irVersion ?? 0) >= 4)
    warnings.push(
      `${graph.inputs.length - inputs.length} initializer(s) listed as graph inputs are now constants (they can no longer be fed)`,
    );
  return { ...model, irVersion: Math.max(model.irVersion ?? 0, 4), graph: { ...graph, inputs } };
}

function targetOpset(options: QuantizeOptions): number | undefined {
  if (options.mode === 'float16') return undefined;
  const int4 =
    options.mode === 'int4-weights' || Object.values(options.overrides ?? {}).some((o) => o.bits === 4 && !o.keepFloat);
  return int4 ? 21 : 13;
}

function check(graph: Graph): void {
  const problems = validateGraph(graph);
  if (problems.length)
    throw new TransformError('invalid-result', `quantization produced an invalid graph: ${problems[0]!.message}`);
}

/** Quantizes an ONNX model (see QuantizeOptions); the input model is never modified. */
export function quantizeOnnx(model: Model, options: QuantizeOptions): QuantizeResult {
  const warnings: string[] = [];
  const ids = new Set(model.graph.nodes.map((n) => n.id));
  for (const id of Object.keys(options.overrides ?? {}))
    if (!ids.has(id))
      throw new TransformError(
        'invalid-options',
        `the per-layer override names node "${id}", which the model does not have`,
        id,
      );
  const format = options.onnxFormat ?? 'qdq';
  if (format !== 'qdq' && format !== 'qoperator')
    throw new TransformError('invalid-options', `the ONNX form is qdq or qoperator, not "${String(format)}"`);
  if (format === 'qoperator' && options.mode !== 'int8')
    throw new TransformError(
      'invalid-options',
      `the QOperator form applies to static int8 only (${options.mode} writes DequantizeLinear in front of float operators)`,
    );
  if (options.mode === 'int8' && model.graph.nodes.some((n) => QUANTIZED_OPS.has(n.op)))
    throw new TransformError(
      'not-applicable',
      'the model is already quantized (it has QuantizeLinear / DequantizeLinear nodes)',
    );
  if (options.mode === 'int8' && !options.activationRanges?.size)
    throw new TransformError(
      'invalid-options',
      'static int8 needs calibrated activation ranges: calibrate on sample data first (CLI: --calibration DATA)',
    );
  let current = withoutInitializerInputs(model, warnings);
  const target = targetOpset(options);
  if (target !== undefined) {
    const up = upgradeOpset(current, target);
    if (up.from !== up.to)
      warnings.push(
        `the model's opset was raised from ${up.from} to ${up.to} (IR version ${model.irVersion ?? '?'} → ${up.model.irVersion ?? '?'}) for ${target === 21 ? 'int4 DequantizeLinear' : 'per-channel QuantizeLinear/DequantizeLinear'}`,
        ...up.rewritten,
      );
    current = up.model;
  }
  let graph = foldConstantReshapes(constantsToInitializers(current.graph).graph).graph;
  let layers: readonly LayerReport[];
  let activations: readonly ActivationReport[] = [];
  let modeWarnings: readonly string[];
  switch (options.mode) {
    case 'int8-weights':
    case 'int4-weights': {
      const r = quantizeWeightsOnly(graph, options, options.mode === 'int4-weights' ? 4 : 8);
      ({ graph, layers, warnings: modeWarnings } = r);
      break;
    }
    case 'float16': {
      const r = convertFloat16(graph, options);
      ({ graph, layers, warnings: modeWarnings } = r);
      break;
    }
    case 'int8': {
      const skip = new Set(Object.keys(options.overrides ?? {}));
      const prepared = { ...current, graph };
      const typeOf = typeLookup(graph, safeInfer(prepared));
      const folded = foldBiasAdds(graph, typeOf, skip);
      warnings.push(...folded.notes);
      const r = (format === 'qoperator' ? quantizeQOperator : quantizeStatic)(folded.graph, typeOf, options);
      ({ graph, layers, activations, warnings: modeWarnings } = r);
      break;
    }
    default:
      throw new TransformError(
        'invalid-options',
        `unknown quantization mode "${String((options as { mode: unknown }).mode)}"`,
      );
  }
  check(graph);
  const result: Model = { ...current, graph };
  return {
    model: result,
    report: makeReport(model, result, options.mode, layers, activations, [...warnings, ...modeWarnings]),
  };
}

function safeInfer(model: Model) {
  try {
    return inferShapes(model);
  } catch {
    return undefined;
  }
}
