// A variant's weight next to its parent's: histograms on common bins and what the values were restricted to.
import type { DType } from '../../core';
import type { ModelId } from './base';

/** Where the values of a weight fall before and after a variant changed them, on common bins. */
export interface WeightComparison {
  readonly modelId: ModelId;
  readonly parentId: ModelId;
  /** The compute node in the variant, and the weight's tensor in the variant and in the parent. */
  readonly nodeId: string;
  readonly tensor: WeightTensorView;
  readonly parentTensor: WeightTensorView;
  /** bins + 1 ascending edges shared by both histograms. */
  readonly edges: readonly number[];
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly beforeSummary: WeightSummary;
  readonly afterSummary: WeightSummary;
  /** Values the variant's weights are restricted to: cluster centroids, or the quantization grid. */
  readonly markers?: {
    readonly kind: 'centroids' | 'grid';
    readonly values: readonly number[];
    /** What the markers are, as a sentence ("16 centroids of the cluster step"). */
    readonly note: string;
  };
}

/** A weight's tensor, as a comparison names it. */
export interface WeightTensorView {
  readonly id: string;
  readonly name: string;
  readonly dtype: DType;
  readonly shapeText: string;
}

/** Counts of one side of a weight comparison. */
export interface WeightSummary {
  readonly count: number;
  readonly zeros: number;
  readonly min: number;
  readonly max: number;
  /** Distinct real values (capped at 4,097: past 4,096 it only says "many"). */
  readonly distinct: number;
}
