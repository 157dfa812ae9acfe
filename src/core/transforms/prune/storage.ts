// What a sparse weight would take stored as a keep-bitmask or as CSR (the report's storage figures).
//
//   dense   = elements · e                       (e = bytes of one stored element)
//   bitmask = ⌈elements / 8⌉ + nnz · e           (1 bit per element, then the non-zero values)
//   CSR     = nnz · e + nnz · 2 + (rows + 1) · 4 (values, int16 column indices, int32 row pointers),
//             over the weight seen as [output channels, everything else]
// Column indices are int16 as MCU sparse kernels store them; a row longer than 65,536 would need int32,
// which the figure does not model (no layer of that width occurs on a microcontroller).
import type { PruneLayerReport, PruneTotals } from './types';

/** Elements equal to zero (either sign). */
export function countZeros(x: Float32Array): number {
  let zeros = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === 0) zeros++;
  return zeros;
}

/** Dense, bitmask and CSR bytes of a weight with `nonZeros` non-zero elements. */
export function sparseBytes(
  elements: number,
  nonZeros: number,
  elementBytes: number,
  rows: number,
): { denseBytes: number; bitmaskBytes: number; csrBytes: number } {
  const values = Math.ceil(nonZeros * elementBytes);
  return {
    denseBytes: Math.ceil(elements * elementBytes),
    bitmaskBytes: Math.ceil(elements / 8) + values,
    csrBytes: values + 2 * nonZeros + 4 * (rows + 1),
  };
}

/** Sums over the layers. */
export function pruneTotals(layers: readonly PruneLayerReport[]): PruneTotals {
  let elements = 0;
  let zeros = 0;
  let denseBytes = 0;
  let bitmaskBytes = 0;
  let csrBytes = 0;
  for (const l of layers) {
    elements += l.elements;
    zeros += l.zerosAfter;
    denseBytes += l.denseBytes;
    bitmaskBytes += l.bitmaskBytes;
    csrBytes += l.csrBytes;
  }
  return { elements, zeros, sparsity: elements ? zeros / elements : 0, denseBytes, bitmaskBytes, csrBytes };
}
