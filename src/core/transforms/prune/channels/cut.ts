// Cutting one constant input down to the kept positions along some axes, wherever the constant lives:
// an initializer / buffer (its bytes and per-axis quantization), a Constant node's value, a
// ConstantOfShape (its shape), or a view of one of those (the cut is passed on to what it views).
import type { Model, Tensor } from '../../../ir/types';
import { innerAxis, intConstant, refTensor, type ConstRef } from './const-ref';
import { intBytes, setDeclaredDims, shapeSigned, writeTarget, type GraphDraft } from './draft';
import { sliceConst, type WorkingConst } from './slice';

/** Positions to keep along one axis of the dims the reader sees. */
export interface Cut {
  readonly axis: number;
  readonly positions: readonly number[];
}

function constantWith(t: Tensor, work: WorkingConst): Omit<Tensor, 'id' | 'name'> {
  const { quant: _q, ...rest } = shapeSigned(t, work.dims);
  return { ...rest, data: { bytes: work.bytes }, ...(work.quant ? { quant: work.quant } : {}) };
}

function cutDims(dims: readonly number[], cuts: readonly Cut[]): number[] {
  const next = [...dims];
  for (const c of cuts) next[c.axis] = c.positions.length;
  return next;
}

/** Cuts of a stored tensor, applied one after the other. */
function sliceAll(tensor: Tensor, dims: readonly number[], cuts: readonly Cut[], quant: boolean): WorkingConst {
  let work: WorkingConst = {
    bytes: tensor.data!.bytes!,
    dims,
    ...(quant && tensor.quant ? { quant: tensor.quant } : {}),
  };
  for (const c of cuts) work = sliceConst(tensor, work, c.axis, c.positions);
  return work;
}

/**
 * Applies `cuts` to the constant `ref`, read at `nodes[reader].inputs[input]` of the draft. The trace
 * checked with `canCut` that every cut is possible.
 */
export function cutConst(
  draft: GraphDraft,
  reader: number,
  input: number,
  ref: ConstRef,
  cuts: readonly Cut[],
  format: Model['format'],
): void {
  const { tensor, dims } = refTensor(ref);
  switch (ref.kind) {
    case 'tensor':
      draft.writeConstant(reader, input, tensor, constantWith(tensor, sliceAll(tensor, dims, cuts, true)));
      return;
    case 'constant-node': {
      const work = sliceAll(tensor, dims, cuts, true);
      draft.setAttribute(ref.node, 'value', { type: 'tensor', value: { ...tensor, ...constantWith(tensor, work) } });
      setDeclaredDims(draft, draft.graph.nodes[ref.node]!.outputs[0] ?? '', work.dims);
      return;
    }
    case 'filled': {
      // Every element is the same: only the shape it fills changes.
      const node = draft.graph.nodes[ref.node]!;
      const shape = draft.tensor(node.inputs[0] ?? '');
      const next = cutDims(dims, cuts);
      if (!shape || !intConstant(draft.graph, shape.id)) return;
      draft.writeConstant(ref.node, 0, shape, { ...shape, data: { bytes: intBytes(shape.dtype, next) } });
      setDeclaredDims(draft, node.outputs[0] ?? '', next);
      return;
    }
    case 'view': {
      const next = cutDims(dims, cuts);
      const output = draft.graph.nodes[ref.node]!.outputs[0] ?? '';
      if (ref.op === 'Reshape') {
        // The viewed constant takes the Reshape's own (cut) shape; the target follows.
        const inner = ref.inner;
        if (inner.kind === 'tensor') {
          const work = sliceAll(inner.tensor, dims, cuts, false);
          draft.writeConstant(ref.node, 0, inner.tensor, constantWith(inner.tensor, work));
        } else if (inner.kind === 'filled') {
          cutConst(draft, ref.node, 0, { ...inner, tensor: { ...inner.tensor, shape: dims } }, cuts, format);
        }
        writeTarget(draft, ref.node, next, format);
      } else {
        const innerDims = refTensor(ref.inner).dims;
        const mapped = cuts.map((c) => ({ ...c, axis: innerAxis(innerDims, dims, c.axis)! }));
        cutConst(draft, ref.node, 0, ref.inner, mapped, format);
      }
      setDeclaredDims(draft, output, next);
      return;
    }
  }
}
