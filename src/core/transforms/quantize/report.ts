// Whole-model totals of a quantization report.
import { graphParams } from '../../analysis/params';
import type { Model } from '../../ir/types';
import type { ActivationReport, LayerReport, QuantizeMode, QuantizeReport, QuantizeTotals } from './types';

/** Stored bytes of every constant of a model (main graph, nested graphs, further subgraphs). */
export function constantBytes(model: Model): number {
  let bytes = graphParams(model.graph).weightBytes;
  for (const g of model.subgraphs ?? []) bytes += graphParams(g).weightBytes;
  return bytes;
}

/**
 * Totals over the layers: bytes before / after from the models themselves, and the weights' SQNR taken
 * over all quantized weights together (Σ signal² / Σ noise², each layer's signal recovered from its MSE
 * and SQNR; layers quantized without error add no noise and are left out of the sum).
 */
export function totals(before: Model, after: Model, layers: readonly LayerReport[]): QuantizeTotals {
  const bytesBefore = constantBytes(before);
  const bytesAfter = constantBytes(after);
  let noise = 0;
  let signal = 0;
  let minWeightSqnrDb = Infinity;
  for (const layer of layers) {
    if (layer.keptFloat || layer.role !== 'weight') continue;
    minWeightSqnrDb = Math.min(minWeightSqnrDb, layer.sqnrDb);
    const n = layer.mse * layer.elements;
    if (n > 0 && Number.isFinite(layer.sqnrDb)) {
      noise += n;
      signal += n * 10 ** (layer.sqnrDb / 10);
    }
  }
  return {
    bytesBefore,
    bytesAfter,
    ratio: bytesBefore > 0 ? bytesAfter / bytesBefore : 1,
    weightSqnrDb: noise > 0 ? 10 * Math.log10(signal / noise) : Infinity,
    minWeightSqnrDb,
    quantizedTensors: layers.filter((l) => !l.keptFloat).length,
    keptFloatTensors: layers.filter((l) => l.keptFloat).length,
  };
}

/** Assembles a report. */
export function makeReport(
  before: Model,
  after: Model,
  mode: QuantizeMode,
  layers: readonly LayerReport[],
  activations: readonly ActivationReport[],
  warnings: readonly string[],
): QuantizeReport {
  return { format: before.format, mode, layers, activations, totals: totals(before, after, layers), warnings };
}
