// The constant inputs of an int8 node, quantized as its kernel expects (TFLite 8-bit spec): weights int8
// symmetric per axis or per tensor, bias int32 with scale s_input · s_weight, any other float constant
// int8 asymmetric per tensor with the parameters of the activation it stands beside.
import { constantByteLength } from '../../../ir/tensor';
import type { Node, Quantization, Tensor } from '../../../ir/types';
import type { LayerReport } from '../types';
import { constantTensor, floatValues, isFloatConstant, staticShape, type IdPool } from './graph-edit';
import type { ActivationParams } from './int8-params';
import type { Int8OpSpec } from './op-specs';
import { biasScaleFloor, quantizeBias, quantizeSymmetric, quantizeWithParams, valueRange } from './weights';

export interface ConstantContext {
  readonly tensor: (id: string) => Tensor | undefined;
  /** True when the constant is read by this node only (it can be replaced under the same id). */
  readonly ownedBy: (id: string) => boolean;
  readonly ids: IdPool;
  /** Parameters of an int8 activation, or of a constant operand quantized like one. */
  readonly params: (id: string) => ActivationParams;
  /** Shared parameters when the node is CONCATENATION-like. */
  readonly shared?: ActivationParams;
  readonly perAxis: boolean;
  readonly recordRanges: boolean;
}

export interface QuantizedConstants {
  /** The node's new input list. */
  readonly inputs: string[];
  /** Tensors to put in the graph: replacing a constant of the same id, or new. */
  readonly tensors: Tensor[];
  readonly entries: LayerReport[];
  /** Channels whose weight scale was raised so that the int32 bias fits. */
  readonly widenedForBias: number;
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const spread = (values: ArrayLike<number>) => ({
  min: Math.min(...Array.from(values)),
  max: Math.max(...Array.from(values)),
});

/** Quantizes the float constants a node reads (activation inputs are left to the caller). */
export function quantizeConstants(node: Node, spec: Int8OpSpec, ctx: ConstantContext): QuantizedConstants {
  const inputs = [...node.inputs];
  const tensors: Tensor[] = [];
  const entries: LayerReport[] = [];
  type Fields = Omit<LayerReport, 'nodeId' | 'name' | 'op' | 'tensor' | 'bytesBefore' | 'bytesAfter' | 'keptFloat'>;
  const row = (original: Tensor, made: Tensor, fields: Fields) =>
    entries.push({
      nodeId: node.id,
      name: node.name,
      op: node.op,
      tensor: original.id,
      ...fields,
      bytesBefore: constantByteLength(original),
      bytesAfter: constantByteLength(made),
      keptFloat: false,
    });
  const place = (i: number, original: Tensor, suffix: string, make: (id: string, name: string) => Tensor): Tensor => {
    const owned = ctx.ownedBy(original.id);
    const id = owned ? original.id : ctx.ids.take(`${original.id}_${suffix}`);
    const made = make(id, owned ? original.name : `${original.name}_${suffix}`);
    tensors.push(made);
    inputs[i] = id;
    return made;
  };

  let widenedForBias = 0;
  const slot = spec.weights;
  const weightTensor = slot ? ctx.tensor(node.inputs[slot.input] ?? '') : undefined;
  const biasTensor = spec.bias !== undefined ? ctx.tensor(node.inputs[spec.bias] ?? '') : undefined;
  if (slot && isFloatConstant(weightTensor)) {
    const inputScale = ctx.params(node.inputs[spec.dataInput ?? 0] ?? '').scale;
    const shape = staticShape(weightTensor);
    const axis = ctx.perAxis && slot.perAxis && shape.length > slot.axis ? slot.axis : undefined;
    const channels = axis === undefined ? 1 : shape[axis]!;
    const bias = isFloatConstant(biasTensor) ? floatValues(biasTensor) : undefined;
    const floor = bias ? biasScaleFloor(bias, inputScale, channels) : undefined;
    const values = floatValues(weightTensor);
    const q = quantizeSymmetric(values, shape, axis, floor ? { minScale: floor } : {});
    widenedForBias = q.widenedForBias;
    const quant: Quantization = {
      scale: Array.from(q.scale),
      zeroPoint: zeros(q.scale.length),
      ...(axis !== undefined ? { axis } : {}),
      ...(ctx.recordRanges ? { min: Array.from(q.min), max: Array.from(q.max) } : {}),
    };
    const made = place(slot.input, weightTensor, 'int8', (id, name) =>
      constantTensor(id, name, weightTensor, 'int8', q.values, quant),
    );
    const granularity = axis === undefined ? 'per-tensor' : 'per-channel';
    row(weightTensor, made, {
      role: 'weight',
      dtype: 'int8',
      granularity,
      ...(axis !== undefined ? { axis } : {}),
      scaleRange: spread(q.scale),
      zeroPointRange: { min: 0, max: 0 },
      sqnrDb: q.error.sqnrDb,
      mse: q.error.mse,
      elements: values.length,
      clipped: q.clipped,
    });
    if (bias && biasTensor && spec.bias !== undefined) {
      const b = quantizeBias(bias, inputScale, q.scale);
      const perAxis = b.scale.length > 1;
      const biasQuant: Quantization = {
        scale: Array.from(b.scale),
        zeroPoint: zeros(b.scale.length),
        ...(perAxis ? { axis: 0 } : {}),
      };
      const madeBias = place(spec.bias, biasTensor, 'int32', (id, name) =>
        constantTensor(id, name, biasTensor, 'int32', b.values, biasQuant),
      );
      row(biasTensor, madeBias, {
        role: 'bias',
        dtype: 'int32',
        granularity,
        ...(perAxis ? { axis: 0 } : {}),
        scaleRange: spread(b.scale),
        zeroPointRange: { min: 0, max: 0 },
        sqnrDb: b.error.sqnrDb,
        mse: b.error.mse,
        elements: bias.length,
        clipped: b.clipped,
      });
    }
  }

  node.inputs.forEach((id, i) => {
    if (i === slot?.input || i === spec.bias) return;
    const t = ctx.tensor(id);
    if (!isFloatConstant(t)) return;
    const values = floatValues(t);
    const p = ctx.shared ?? ctx.params(id);
    const q = quantizeWithParams(values, p.scale, p.zeroPoint);
    const r = valueRange(values);
    const made = place(i, t, 'int8', (newId, name) =>
      constantTensor(newId, name, t, 'int8', q.values, {
        scale: [p.scale],
        zeroPoint: [p.zeroPoint],
        ...(ctx.recordRanges ? { min: [r.min], max: [r.max] } : {}),
      }),
    );
    row(t, made, {
      role: 'constant',
      dtype: 'int8',
      granularity: 'per-tensor',
      scaleRange: { min: p.scale, max: p.scale },
      zeroPointRange: { min: p.zeroPoint, max: p.zeroPoint },
      sqnrDb: q.error.sqnrDb,
      mse: q.error.mse,
      elements: values.length,
      clipped: q.clipped,
    });
  });
  return { inputs, tensors, entries, widenedForBias };
}
