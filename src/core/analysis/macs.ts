import type { FormatId, Node } from '../ir/types';
import { inputDims, intAttr, matmulMacs, outputDims, type MacsRule } from './mac-helpers';
import { tfjsMacsRule } from './macs-tfjs';
import { TFLITE_MAC_RULES } from './macs-tflite';
import { product, type TypeOf } from './type-lookup';

export type { MacsRule } from './mac-helpers';

/**
 * Conv family: every output element is a dot product over (C_in / group) × kernel, which is exactly
 * W.shape[1:] for ONNX weights [M, C/group, k1, k2, …] — so grouped and depthwise convs need no case.
 */
function convMacs(w: number): MacsRule {
  return (node, typeOf) => {
    const weights = inputDims(node, typeOf, w);
    const out = outputDims(node, typeOf, 0);
    if (!weights || weights.length < 2 || !out) return undefined;
    return product(out) * product(weights.slice(1));
  };
}

// ConvTranspose weights are [C, M/group, k…]: each input element scatters into (M/group) × kernel outputs.
const convTransposeMacs: MacsRule = (node, typeOf) => {
  const input = inputDims(node, typeOf, 0);
  const weights = inputDims(node, typeOf, 1);
  if (!input || !weights || weights.length < 2) return undefined;
  return product(input) * product(weights.slice(1));
};

function matmulRule(a: number, b: number): MacsRule {
  return (node, typeOf) => {
    const da = inputDims(node, typeOf, a);
    const db = inputDims(node, typeOf, b);
    return da && db ? matmulMacs(da, db) : undefined;
  };
}

// Gemm: Y = alpha·op(A)·op(B) + beta·C with A, B 2-D (ONNX Gemm).
const gemmMacs: MacsRule = (node, typeOf) => {
  const a = inputDims(node, typeOf, 0);
  const b = inputDims(node, typeOf, 1);
  if (!a || !b || a.length !== 2 || b.length !== 2) return undefined;
  return matmulMacs(a, b, intAttr(node, ['transA'], 0) !== 0, intAttr(node, ['transB'], 0) !== 0);
};

/**
 * Recurrent cells (ONNX LSTM 4 gates, GRU 3, RNN 1): per timestep and direction, each gate multiplies the
 * input (W: [dirs, gates·hidden, input]) and the previous hidden state (R: [dirs, gates·hidden, hidden]).
 */
function recurrentMacs(gates: number): MacsRule {
  return (node, typeOf) => {
    const x = inputDims(node, typeOf, 0);
    const w = inputDims(node, typeOf, 1);
    if (!x || x.length !== 3 || !w || w.length !== 3) return undefined;
    const directions = w[0]!;
    const hidden = intAttr(node, ['hidden_size'], w[1]! / gates);
    const inputSize = w[2]!;
    // layout 0: X is [seq, batch, input]; layout 1 (opset 14): [batch, seq, input].
    const layout = intAttr(node, ['layout'], 0);
    const [seq, batch] = layout === 0 ? [x[0]!, x[1]!] : [x[1]!, x[0]!];
    return seq * batch * directions * gates * hidden * (inputSize + hidden);
  };
}

/** MAC rules of the default ONNX domain (and the com.microsoft copies of the quantized ops). */
export const ONNX_MAC_RULES: Readonly<Record<string, MacsRule>> = {
  Conv: convMacs(1),
  ConvInteger: convMacs(1),
  QLinearConv: convMacs(3),
  ConvTranspose: convTransposeMacs,
  Gemm: gemmMacs,
  MatMul: matmulRule(0, 1),
  MatMulInteger: matmulRule(0, 1),
  QLinearMatMul: matmulRule(0, 3),
  LSTM: recurrentMacs(4),
  GRU: recurrentMacs(3),
  RNN: recurrentMacs(1),
};

const ONNX_DOMAINS = new Set(['', 'ai.onnx', 'com.microsoft']);

/** The MAC rule for a node of a model in `format`, if its op does multiply-accumulates. */
export function macsRule(node: Node, format: FormatId): MacsRule | undefined {
  if (format === 'tflite') return TFLITE_MAC_RULES[node.op];
  if (format === 'tfjs') return tfjsMacsRule(node);
  if (format !== 'onnx' || !ONNX_DOMAINS.has(node.domain)) return undefined;
  return ONNX_MAC_RULES[node.op];
}

/** MACs of a node at batch 1; `known` is false when a shape the count needs is unknown (macs then 0). */
export function nodeMacs(node: Node, typeOf: TypeOf, format: FormatId): { macs: number; known: boolean } {
  const rule = macsRule(node, format);
  if (!rule) return { macs: 0, known: true };
  const macs = rule(node, typeOf);
  return macs === undefined || !Number.isFinite(macs) ? { macs: 0, known: false } : { macs, known: true };
}
