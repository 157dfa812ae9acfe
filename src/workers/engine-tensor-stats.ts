// Value statistics of one constant tensor of an open model (the inspector's weight histogram).
import { formatShape, realValues, statsOf, type Model } from '../core';
import { failure } from './failure';
import { constantTensor } from './graph-view';
import type { ModelId, TensorStatsView } from './protocol';

/** Statistics and a histogram of `bins` bins of a constant tensor; 'unknown-tensor' / 'no-data' failures. */
export function tensorStatsOf(model: Model, modelId: ModelId, tensorId: string, bins: number): TensorStatsView {
  const tensor = constantTensor(model.graph, tensorId);
  if (!tensor) throw failure('unknown-tensor', `${tensorId} is not a constant of this model`, tensorId);
  // Quantized weights are summarised by the real values they stand for (scale × (q − zero point)).
  const real = realValues(tensor);
  if (!real) {
    const why = tensor.data?.external
      ? `its values live in ${tensor.data.external.location}, which was not opened with the model`
      : `its ${tensor.dtype} values cannot be summarised`;
    throw failure('no-data', `${tensor.name}: ${why}`, tensor.name);
  }
  const stats = statsOf(real.values, Math.max(1, Math.floor(bins)));
  return {
    dequantized: real.dequantized,
    modelId,
    tensorId,
    name: tensor.name,
    dtype: tensor.dtype,
    shapeText: formatShape(tensor.shape),
    ...stats,
    histogram: { edges: [...stats.histogram.edges], counts: [...stats.histogram.counts] },
  };
}
