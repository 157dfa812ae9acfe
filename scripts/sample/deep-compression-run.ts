// The Deep Compression acceptance, shared by scripts/deep-compression.ts and its test: a sample model's
// held-out top-1 in onnxruntime-node before and after a recipe (prune → cluster → Huffman, no retraining),
// the compression ratio of its weight storage from the cluster report, and top-1 against magnitude sparsity.
import { writeOnnx } from '../../src/core/formats/onnx/index';
import type { Model } from '../../src/core/ir/types';
import { DEEP_COMPRESSION } from '../../src/core/recipes/presets';
import { runRecipe } from '../../src/core/recipes/run';
import type { Recipe } from '../../src/core/recipes/types';
import { pruneModel } from '../../src/core/transforms/prune/index';
import type { ClusterReport } from '../../src/core/transforms/cluster/types';
import type { PruneReport } from '../../src/core/transforms/prune/types';
import type { DigitSet } from './mnist-data';
import { evaluateOnnx } from './ort-eval';

/** Held-out top-1 of `model` in onnxruntime-node (written by our ONNX writer first). */
export async function top1Of(model: Model, set: DigitSet): Promise<number> {
  const [file] = writeOnnx(model);
  if (!file) throw new Error('the ONNX writer returned no file');
  return (await evaluateOnnx(file.bytes, set)).top1;
}

/** One layer after the recipe. */
export interface CompressedLayer {
  readonly name: string;
  readonly elements: number;
  readonly sparsity: number;
  readonly clusters: number;
  readonly sqnrDb: number;
  readonly float32Bytes: number;
  readonly totalBytes: number;
}

export interface DeepCompressionResult {
  readonly recipe: string;
  readonly floatTop1: number;
  readonly top1: number;
  /** floatTop1 − top1, in percentage points. */
  readonly lossPoints: number;
  /** float32 bytes of all weights / (Huffman-coded indices + positions + codebooks + other constants). */
  readonly compressionRatio: number;
  readonly float32Bytes: number;
  readonly totalBytes: number;
  readonly huffmanIndexBytes: number;
  readonly huffmanPositionBytes: number;
  readonly codebookBytes: number;
  /** Share of all prunable weights set to zero. */
  readonly sparsity: number;
  readonly layers: readonly CompressedLayer[];
}

function reportOf<K extends 'prune' | 'cluster'>(
  steps: Awaited<ReturnType<typeof runRecipe>>['steps'],
  kind: K,
): (K extends 'prune' ? PruneReport : ClusterReport) | undefined {
  const step = [...steps].reverse().find((s) => s.kind === kind && 'report' in s);
  return step && 'report' in step ? (step.report as K extends 'prune' ? PruneReport : ClusterReport) : undefined;
}

/** Runs `recipe` (default: the Deep Compression preset) and scores the result against `floatTop1`. */
export async function deepCompression(
  model: Model,
  set: DigitSet,
  floatTop1: number,
  recipe: Recipe = DEEP_COMPRESSION,
): Promise<DeepCompressionResult> {
  const { model: compressed, steps } = await runRecipe(model, recipe);
  const cluster = reportOf(steps, 'cluster');
  if (!cluster) throw new Error(`recipe "${recipe.name}" has no cluster step: no Deep Compression storage to report`);
  const prune = reportOf(steps, 'prune');
  const top1 = await top1Of(compressed, set);
  const t = cluster.totals;
  const sparsityOf = new Map(prune?.layers.map((l) => [l.nodeId, l.sparsity]));
  return {
    recipe: recipe.name,
    floatTop1,
    top1,
    lossPoints: 100 * (floatTop1 - top1),
    compressionRatio: t.compressionRatio,
    float32Bytes: t.float32Bytes,
    totalBytes: t.totalBytes,
    huffmanIndexBytes: t.huffmanIndexBytes,
    huffmanPositionBytes: t.huffmanPositionBytes,
    codebookBytes: t.codebookBytes,
    sparsity: prune?.totals.sparsity ?? 0,
    layers: cluster.layers.map((l) => ({
      name: l.name || l.nodeId,
      elements: l.elements,
      sparsity: sparsityOf.get(l.nodeId) ?? 0,
      clusters: l.clusters,
      sqnrDb: l.sqnrDb,
      float32Bytes: l.size.float32Bytes,
      totalBytes: l.size.totalBytes,
    })),
  };
}

/** One point of the accuracy-against-sparsity curve. */
export interface CurvePoint {
  readonly scope: 'layer' | 'global';
  /** The sparsity asked for (the share of all prunable weights that end up zero). */
  readonly sparsity: number;
  readonly top1: number;
  /** What each layer got (global scope gives big layers more). */
  readonly layers: Readonly<Record<string, number>>;
}

/** Top-1 after magnitude pruning alone at each sparsity, with one sparsity per layer or one global threshold. */
export async function sparsityCurve(
  model: Model,
  set: DigitSet,
  sparsities: readonly number[],
  scopes: readonly ('layer' | 'global')[] = ['layer', 'global'],
  onPoint?: (point: CurvePoint) => void,
): Promise<CurvePoint[]> {
  const points: CurvePoint[] = [];
  for (const scope of scopes)
    for (const sparsity of sparsities) {
      const { model: pruned, report } = pruneModel(model, { method: 'magnitude', sparsity, scope });
      const point: CurvePoint = {
        scope,
        sparsity,
        top1: await top1Of(pruned, set),
        layers: Object.fromEntries(report.layers.map((l) => [l.name || l.nodeId, l.sparsity])),
      };
      onPoint?.(point);
      points.push(point);
    }
  return points;
}
