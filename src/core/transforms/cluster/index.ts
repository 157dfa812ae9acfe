// Weight clustering (weight sharing, Deep Compression: Han et al. 2016): per layer, k-means on the weights,
// written back as ordinary weights whose values are the centroids ('dense'), or for ONNX as uint8 indices
// plus a codebook ('codebook'); the report gives each layer's SQNR and its Deep Compression storage
// (./size.ts documents the formula).
import { getKernels } from '../../../kernels/index';
import { graphParams } from '../../analysis/params';
import { TransformError } from '../../errors';
import type { Model } from '../../ir/types';
import type { CancelSignal } from '../quantize/types';
import { overrideOf, skipReason, unsupportedNotes } from '../weights/select';
import {
  checkResult,
  layerIdentity,
  modelLabel,
  progressCounter,
  readWeight,
  requireWeights,
  throwIfCancelled,
  writeWeights,
  type WeightRef,
} from '../weights/index';
import { writeCodebooks, type CodebookLayer } from './codebook';
import { clusterLayer, type LayerClustering } from './layer';
import { CLUSTER_DEFAULTS, checkClusterOptions } from './options';
import { compressedSize } from './size';
import type { ClusterLayerReport, ClusterOptions, ClusterReport, ClusterResult, CompressedSize } from './types';

/** The storage of a clustered layer: sparse (positions + non-zero indices) when zeros were kept out. */
function layerSize(ref: WeightRef, c: LayerClustering): CompressedSize {
  if (!c.clustered)
    return compressedSize({ elements: ref.elements, codebookSize: c.codebook.length, indices: c.indices });
  let stored = 0;
  for (let i = 0; i < c.clustered.length; i++) stored += c.clustered[i]!;
  const indices = new Uint8Array(stored);
  for (let i = 0, j = 0; i < c.clustered.length; i++) if (c.clustered[i]) indices[j++] = c.indices[i]!;
  return compressedSize({ elements: ref.elements, codebookSize: c.codebook.length, indices, stored: c.clustered });
}

/** A layer left alone: its storage is what it stores now. */
function skippedReport(ref: WeightRef, skipped: string): ClusterLayerReport {
  const size: CompressedSize = {
    float32Bytes: 4 * ref.elements,
    indexBytes: 0,
    huffmanIndexBytes: 0,
    positionBytes: 0,
    huffmanPositionBytes: 0,
    codebookBytes: 0,
    totalBytes: ref.bytes,
  };
  return { ...layerIdentity(ref), clusters: 0, centroids: [], sqnrDb: Infinity, iterations: 0, size, skipped };
}

/** Real centroids where one scale applies; grid steps for per-axis quantized weights. */
function reportedCentroids(ref: WeightRef, c: LayerClustering): { centroids: number[]; gridUnits?: true } {
  if (!c.gridUnits) return { centroids: Array.from(c.codebook) };
  const scales = ref.quant?.scale ?? [1];
  if (scales.length > 1 && ref.quant?.axis !== undefined) return { centroids: Array.from(c.codebook), gridUnits: true };
  return { centroids: Array.from(c.codebook, (u) => Math.fround(u * scales[0]!)) };
}

/**
 * Clusters every layer's weight as `options` ask. Pure: the input is never modified; the result is
 * validated. `signal` is checked between layers; `onProgress` gets the share done, 0..1, a layer at a time.
 * Throws TransformError: 'invalid-options', 'not-applicable' (no clusterable weights, or 'codebook' storage
 * outside ONNX), 'cancelled', 'invalid-result'.
 */
export function clusterModel(
  model: Model,
  options: ClusterOptions = {},
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): ClusterResult {
  checkClusterOptions(options);
  const storage = options.storage ?? CLUSTER_DEFAULTS.storage;
  if (storage === 'codebook' && model.format !== 'onnx')
    throw new TransformError(
      'not-applicable',
      `${modelLabel(model)}: codebook storage (uint8 indices + a Gather) is ONNX only; ` +
        `${model.format === 'tflite' ? 'TFLite' : 'TF.js'} has no such weights, use storage "dense"`,
    );
  throwIfCancelled(signal, 'clustering');
  const search = requireWeights(model, 'clusterable');
  const notes = unsupportedNotes(search.unsupported);
  const keepZeros = options.keepZeros ?? CLUSTER_DEFAULTS.keepZeros;
  const kernels = getKernels();
  const updates = new Map<WeightRef, Float32Array>();
  const codebooks: CodebookLayer[] = [];
  let narrowed = 0;
  // One unit a layer (k-means is the slow part), one for writing the result.
  const tick = progressCounter(search.weights.length + 1, onProgress);

  const clustered = (ref: WeightRef): ClusterLayerReport => {
    const skipped = skipReason(ref, options, CLUSTER_DEFAULTS.minElements);
    if (skipped !== undefined) return skippedReport(ref, skipped);
    const real = readWeight(model, ref);
    let clusters = overrideOf(ref, options.overrides)?.clusters ?? options.clusters ?? CLUSTER_DEFAULTS.clusters;
    const asCodebook = storage === 'codebook' && ref.dtype === 'float32' && !ref.quant;
    // A codebook holding the kept zeros too must still fit uint8 indices.
    if (asCodebook && keepZeros && clusters === 256 && real.includes(0)) {
      clusters = 255;
      narrowed++;
    }
    const c = clusterLayer(ref, real, model.format, {
      clusters,
      init: options.init ?? CLUSTER_DEFAULTS.init,
      iterations: options.iterations ?? CLUSTER_DEFAULTS.iterations,
      seed: options.seed ?? CLUSTER_DEFAULTS.seed,
      keepZeros,
    });
    if (asCodebook) codebooks.push({ ref, clustering: c });
    else updates.set(ref, c.values);
    if (storage === 'codebook' && !asCodebook)
      notes.push(
        `${ref.nodeId}: ${ref.dtype}${ref.quant ? ' quantized' : ''} weight written dense (codebooks hold float32 weights)`,
      );
    return {
      ...layerIdentity(ref),
      clusters: c.codebook.length,
      ...reportedCentroids(ref, c),
      sqnrDb: kernels.errorStats(real, c.values).sqnrDb,
      iterations: c.iterations,
      size: layerSize(ref, c),
    };
  };
  const layers = search.weights.map((ref) => {
    throwIfCancelled(signal, 'clustering');
    const report = clustered(ref);
    tick();
    return report;
  });
  if (narrowed) notes.push(`${narrowed} layers used 255 clusters so that the kept zeros fit the uint8 codebook`);

  throwIfCancelled(signal, 'clustering');
  const out = writeCodebooks(writeWeights(model, updates), codebooks);
  checkResult(model, out, 'clustering');
  tick();
  return { model: out, report: { layers, totals: clusterTotals(model, search.weights, layers), notes } };
}

/** Sums over the clustered layers, plus every other constant at its stored size. */
function clusterTotals(
  model: Model,
  refs: readonly WeightRef[],
  layers: readonly ClusterLayerReport[],
): ClusterReport['totals'] {
  let params = graphParams(model.graph);
  for (const sub of model.subgraphs ?? []) {
    const p = graphParams(sub);
    params = { params: params.params + p.params, weightBytes: params.weightBytes + p.weightBytes };
  }
  const sum = { indexBytes: 0, huffmanIndexBytes: 0, positionBytes: 0, huffmanPositionBytes: 0, codebookBytes: 0 };
  let compressed = 0;
  let storedOfClustered = 0;
  layers.forEach((l, i) => {
    if (l.skipped !== undefined) return;
    sum.indexBytes += l.size.indexBytes;
    sum.huffmanIndexBytes += l.size.huffmanIndexBytes;
    sum.positionBytes += l.size.positionBytes;
    sum.huffmanPositionBytes += l.size.huffmanPositionBytes;
    sum.codebookBytes += l.size.codebookBytes;
    compressed += l.size.totalBytes;
    storedOfClustered += refs[i]!.bytes;
  });
  const totalBytes = compressed + (params.weightBytes - storedOfClustered);
  const float32Bytes = 4 * params.params;
  return {
    float32Bytes,
    ...sum,
    totalBytes,
    modelWeightBytes: params.weightBytes,
    compressionRatio: totalBytes > 0 ? float32Bytes / totalBytes : 1,
  };
}

export type * from './types';
export { checkClusterOptions, CLUSTER_DEFAULTS, MAX_CLUSTERS, MIN_CLUSTERS } from './options';
export { compressedSize, gapSymbols, huffmanBytes, indexBits, type CompressedSizeInput } from './size';
export { initialCentroids } from './init';
