// Cutting a constant down to some positions along one axis: its stored bytes (any byte-aligned dtype,
// quantized or not) and its per-axis quantization parameters, which follow the channels they describe.
import { dtypeBits } from '../../../ir/dtype';
import type { Quantization, Tensor } from '../../../ir/types';

/** A constant being cut: stored bytes, dims as its reader sees them, quantization. */
export interface WorkingConst {
  readonly bytes: Uint8Array;
  readonly dims: readonly number[];
  readonly quant?: Quantization;
}

/** Row-major elements of `dims` kept at `positions` along `axis`, as new bytes. */
export function sliceBytes(
  bytes: Uint8Array,
  elementBytes: number,
  dims: readonly number[],
  axis: number,
  positions: readonly number[],
): Uint8Array {
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const length = dims[axis]!;
  const block = dims.slice(axis + 1).reduce((a, b) => a * b, 1) * elementBytes;
  const out = new Uint8Array(outer * positions.length * block);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * length * block;
    for (const p of positions) {
      out.set(bytes.subarray(base + p * block, base + (p + 1) * block), at);
      at += block;
    }
  }
  return out;
}

function pick<T>(values: readonly T[] | undefined, positions: readonly number[], length: number): T[] | undefined {
  if (!values || values.length !== length) return values ? [...values] : undefined;
  return positions.map((p) => values[p]!);
}

/** Per-axis quantization along `axis` keeps the scales (and zero points, ranges) of the kept positions. */
export function sliceQuant(
  quant: Quantization | undefined,
  rank: number,
  axis: number,
  length: number,
  positions: readonly number[],
): Quantization | undefined {
  if (!quant || quant.axis === undefined) return quant;
  // Old converters (TOCO) give 1-D biases the weight's quantized_dimension (e.g. 3); per-channel scales of
  // a 1-D tensor can only run along its one axis.
  const qAxis = rank === 1 ? 0 : quant.axis < 0 ? quant.axis + rank : quant.axis;
  if (qAxis !== axis || quant.scale.length !== length) return quant;
  const min = pick(quant.min, positions, length);
  const max = pick(quant.max, positions, length);
  return {
    ...quant,
    scale: pick(quant.scale, positions, length)!,
    zeroPoint: pick(quant.zeroPoint, positions, length) ?? [],
    ...(min ? { min } : {}),
    ...(max ? { max } : {}),
  };
}

/** One cut of a working constant of `tensor`'s dtype. */
export function sliceConst(
  tensor: Tensor,
  work: WorkingConst,
  axis: number,
  positions: readonly number[],
): WorkingConst {
  const elementBytes = dtypeBits(tensor.dtype) / 8;
  const length = work.dims[axis]!;
  const bytes = sliceBytes(work.bytes, elementBytes, work.dims, axis, positions);
  const dims = work.dims.map((d, i) => (i === axis ? positions.length : d));
  const quant = sliceQuant(work.quant, work.dims.length, axis, length, positions);
  return { bytes, dims, ...(quant ? { quant } : {}) };
}
