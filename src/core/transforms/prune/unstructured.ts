// Unstructured magnitude pruning (per layer, or one magnitude threshold across layers) and N:M
// semi-structured pruning: weights are set to zero in place, the model keeps its structure, and the report
// tells what the sparsity would save stored as a bitmask or CSR.
import type { Model } from '../../ir/types';
import type { CancelSignal } from '../quantize/types';
import {
  checkResult,
  layerIdentity,
  progressCounter,
  readWeight,
  requireWeights,
  throwIfCancelled,
  writeWeights,
  type WeightRef,
} from '../weights/index';
import { applyMask, globalMagnitudeMasks, layerMagnitudeMask, nmKeepMask, prunedCount } from './masks';
import { PRUNE_DEFAULTS } from './options';
import { overrideOf, skipReason, unsupportedNotes } from '../weights/select';
import { countZeros, pruneTotals, sparseBytes } from './storage';
import type { PruneLayerReport, PruneOptions, PruneResult } from './types';

interface Layer {
  readonly ref: WeightRef;
  readonly values: Float32Array;
  readonly skipped?: string;
  mask?: Uint8Array;
}

function layerReport(layer: Layer, after: Float32Array): PruneLayerReport {
  const { ref } = layer;
  const zerosAfter = countZeros(after);
  const rows = ref.shape[ref.outputAxis] ?? 1;
  return {
    ...layerIdentity(ref),
    zerosBefore: countZeros(layer.values),
    zerosAfter,
    sparsity: ref.elements ? zerosAfter / ref.elements : 0,
    ...sparseBytes(ref.elements, ref.elements - zerosAfter, ref.elementBytes, rows),
    ...(layer.skipped !== undefined ? { skipped: layer.skipped } : {}),
  };
}

/**
 * Magnitude ('magnitude') or N:M ('n-m') pruning of every layer's weight. Options are checked by the caller.
 * Progress counts each layer read, each layer's mask and the final write.
 */
export function pruneUnstructured(
  model: Model,
  options: PruneOptions,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): PruneResult {
  const search = requireWeights(model, 'prunable');
  const notes = unsupportedNotes(search.unsupported);
  const skips = search.weights.map((ref) => skipReason(ref, options, PRUNE_DEFAULTS.minElements));
  const tick = progressCounter(search.weights.length + skips.filter((s) => s === undefined).length + 1, onProgress);
  const layers: Layer[] = search.weights.map((ref, i) => {
    throwIfCancelled(signal, 'pruning');
    const skipped = skips[i];
    const layer = { ref, values: readWeight(model, ref), ...(skipped !== undefined ? { skipped } : {}) };
    tick();
    return layer;
  });
  const active = layers.filter((l) => l.skipped === undefined);
  const sparsity = options.sparsity ?? PRUNE_DEFAULTS.sparsity;
  let threshold: number | undefined;

  if (options.method === 'n-m') {
    const n = options.n ?? PRUNE_DEFAULTS.n;
    const m = options.m ?? PRUNE_DEFAULTS.m;
    for (const l of active) {
      throwIfCancelled(signal, 'pruning');
      l.mask = nmKeepMask(l.values, l.ref.reduction, n, m);
      if (l.ref.reduction.channels < m)
        notes.push(`${l.ref.nodeId}: its reduction run has ${l.ref.reduction.channels} weights, fewer than m = ${m}`);
      tick();
    }
  } else {
    // Layers with their own sparsity are pruned on their own, even under a global threshold.
    const own = (l: Layer): number | undefined => overrideOf(l.ref, options.overrides)?.sparsity;
    const pooled = options.scope === 'global' ? active.filter((l) => own(l) === undefined) : [];
    const inPool = new Set(pooled);
    for (const l of active) {
      if (inPool.has(l)) continue;
      throwIfCancelled(signal, 'pruning');
      l.mask = layerMagnitudeMask(l.values, prunedCount(own(l) ?? sparsity, l.ref.elements));
      tick();
    }
    if (pooled.length) {
      const total = pooled.reduce((sum, l) => sum + l.ref.elements, 0);
      const result = globalMagnitudeMasks(
        pooled.map((l) => l.values),
        prunedCount(sparsity, total),
      );
      pooled.forEach((l, i) => (l.mask = result.masks[i]!));
      threshold = result.threshold;
      tick(pooled.length);
      notes.push(`one magnitude threshold (${threshold.toPrecision(4)}) across ${pooled.length} layers`);
    }
  }

  const updates = new Map<WeightRef, Float32Array>();
  const reports = layers.map((l) => {
    const after = l.mask ? applyMask(l.values, l.mask) : l.values;
    const report = layerReport(l, after);
    if (report.zerosAfter !== report.zerosBefore) updates.set(l.ref, after);
    return report;
  });
  throwIfCancelled(signal, 'pruning');
  const out = writeWeights(model, updates);
  checkResult(model, out, 'pruning');
  tick();
  return {
    model: out,
    report: {
      method: options.method,
      layers: reports,
      totals: pruneTotals(reports),
      ...(threshold !== undefined ? { threshold } : {}),
      notes,
    },
  };
}
