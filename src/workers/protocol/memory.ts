// The memory view (issue 8): an open model's activation memory plan with the studio's options, its fit on a
// board and what would make it fit. Built from the core's planMemory + fitAdvice, as `scaledown plan` is.
import type { ActivationDTypeMode, DType, FitNeeds, FitSuggestion, PatchCandidate, ScheduleChoice } from '../../core';
import type { JobId, ModelId } from './base';

export type { FitNeeds, FitSuggestion, PatchCandidate, ScheduleChoice };

/** The planner options the studio offers (the CLI's `--activation-dtype`, `--in-place`, … flags). */
export interface MemoryPlanChoices {
  readonly activationDType: ActivationDTypeMode;
  /** Element-wise ops and depthwise convolutions write over an input dying there (implies fused activations). */
  readonly inPlace: boolean;
  /** Relu/Clip run fused into the operator before them. */
  readonly fuseActivations: boolean;
  readonly schedule: ScheduleChoice;
}

/** The board checked: one of the catalogue or a custom one. */
export interface MemoryDevice {
  readonly name: string;
  readonly sramBytes: number;
  readonly flashBytes: number;
}

export interface MemoryPlanRequest {
  readonly options: MemoryPlanChoices;
  readonly device: MemoryDevice;
  /** Estimate patch-based inference (MCUNetV2) too. */
  readonly patch: boolean;
}

/** One activation as the arena chart draws it: a band from `first` to `last` at `offset`. */
export interface MemoryBand {
  readonly tensorId: string;
  readonly name: string;
  readonly dtype: DType;
  readonly shapeText: string;
  /** Bytes at run time with the plan's dtype; null when unknown (the band is not drawn). */
  readonly bytes: number | null;
  /** Offset in the arena (TFLM's greedy plan); null when the size is unknown. */
  readonly offset: number | null;
  /** Steps it is alive, both inclusive. */
  readonly first: number;
  readonly last: number;
  /** The node producing it; null for a graph input. */
  readonly producerNodeId: string | null;
  readonly isInput: boolean;
  readonly isOutput: boolean;
}

/** The schedule the plan used and what the other order gives. */
export interface MemoryScheduleView {
  readonly choice: ScheduleChoice;
  readonly modelOrderPeak: number;
  readonly optimisedPeak: number;
  /** The optimiser proved no order has a lower peak. */
  readonly exact: boolean;
  /** True when the order used differs from the model's own. */
  readonly reordered: boolean;
}

/** The patch-based estimate, or why there is none. */
export type MemoryPatchView =
  | {
      readonly ok: true;
      readonly baselinePeak: number;
      readonly baselineMacs: number;
      readonly best: PatchCandidate;
      /** The best few candidates, best first. */
      readonly candidates: readonly PatchCandidate[];
    }
  | { readonly ok: false; readonly reason: string };

export interface MemoryPlanView {
  readonly modelId: ModelId;
  readonly fileName: string;
  /** The request it answers (the device and options). */
  readonly request: MemoryPlanRequest;
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  readonly peakStep: number;
  readonly peakNodeId: string;
  readonly peakNodeName: string;
  /** Node ids in execution order: `stepNodeIds[step]`. */
  readonly stepNodeIds: readonly string[];
  /** Node names (or ops, for unnamed nodes) in execution order. */
  readonly stepNames: readonly string[];
  /** Live activation bytes at each step. */
  readonly liveBytes: readonly number[];
  /** Every activation in the plan, known sizes or not. */
  readonly bands: readonly MemoryBand[];
  /** Nodes writing over an input (in place or fused activation). */
  readonly inPlaceNodeIds: readonly string[];
  readonly schedule: MemoryScheduleView;
  readonly needs: FitNeeds;
  /** Changes that would lower a need, SRAM ones by saving first, then flash. */
  readonly suggestions: readonly FitSuggestion[];
  /** Absent when not asked for. */
  readonly patch?: MemoryPatchView;
  /** Activations of unknown size: the peak and the arena are lower bounds. */
  readonly unknownSizeTensors: number;
  /** Timings in the engine (ms): the plan, the fit advice (re-plans and the patch estimate). */
  readonly timings: Readonly<Record<'plan' | 'advice', number>>;
}

/** How many patch candidates the view carries. */
export const MEMORY_PATCH_CANDIDATES = 8;

/** The memory view's call of the engine (EngineApi extends it). */
export interface MemoryApi {
  /**
   * The activation memory plan of an open model (or variant) with the given options, its fit on the board
   * and the suggestions; agrees with `scaledown plan` on the same options. Cancellable between stages (the
   * schedule search on a big graph is the slow one).
   */
  memoryPlan(jobId: JobId, modelId: ModelId, request: MemoryPlanRequest): Promise<MemoryPlanView>;
}
