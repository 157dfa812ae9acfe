// What `scaledown plan` prints: the JSON layout and the text of a plan, its fit and its suggestions.
import type { FitNeeds, FitSuggestion, ModelAnalysis, ScheduleChoice } from '../core/index';
import type { PatchCandidate, PatchResult } from '../core/analysis/memory/patch/estimate';
import { formatBytes, formatMacs, table } from './text-format';

/** `plan --json`'s patch field: the estimate without the full candidate list (how many were tried instead). */
export type PatchJson =
  | { readonly ok: false; readonly reason: string }
  | {
      readonly ok: true;
      readonly baselinePeak: number;
      readonly baselineMacs: number;
      readonly best: PatchCandidate;
      /** Nodes of the stage doing multiply-accumulates (its convolutions), as the suggestion counts layers. */
      readonly stageLayers: number;
      readonly candidates: number;
    };

/** What `plan --json` prints (DESIGN.md "The command line contract", plus a few extras). */
export interface PlanJson {
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  readonly peakStep: number;
  /** Name of the node run at the peak step. */
  readonly peakNode: string;
  /** Node names in execution order. */
  readonly schedule: readonly string[];
  /** The order asked for with --schedule (the model's order is used when the optimised one gains nothing). */
  readonly scheduleChoice: ScheduleChoice;
  /** Peaks of the model's own order and of the memory-optimised order, with the same options. */
  readonly modelOrderPeak: number;
  readonly optimisedPeak: number;
  readonly activationDType: 'stored' | 'int8';
  readonly inPlace: boolean;
  readonly fuseActivations: boolean;
  /** Nodes writing over an input (in place or fused activations). */
  readonly inPlaceNodes: readonly string[];
  readonly unknownSizeTensors: number;
  readonly device?: { readonly name: string; readonly sramBytes: number; readonly flashBytes: number };
  readonly fits?: { readonly sram: boolean; readonly flash: boolean };
  readonly need?: { readonly sramBytes: number; readonly flashBytes: number };
  /** The needs part by part (arena, runtime overhead, model, code). */
  readonly needs?: FitNeeds;
  /** What would lower the needs, SRAM first, largest saving first (with a board). */
  readonly suggestions?: readonly FitSuggestion[];
  readonly patch?: PatchJson;
}

export function patchJson(patch: PatchResult, analysis: ModelAnalysis): PatchJson {
  if (!patch.ok) return { ok: false, reason: patch.reason };
  const { baselinePeak, baselineMacs, best, candidates } = patch.estimate;
  const stage = new Set(best.stageNodeIds);
  const stageLayers = analysis.layers.filter((l) => stage.has(l.nodeId) && l.macs > 0).length;
  return { ok: true, baselinePeak, baselineMacs, best, stageLayers, candidates: candidates.length };
}

const exactBytes = (n: number): string => `${formatBytes(n)} (${n.toLocaleString('en-US')} B)`;
const percent = (part: number, whole: number): string => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;

function scheduleText(json: PlanJson, exact: boolean): string {
  const steps = `${json.schedule.length} steps`;
  const gain = json.optimisedPeak < json.modelOrderPeak;
  const saving = `−${percent(json.modelOrderPeak - json.optimisedPeak, json.modelOrderPeak)}`;
  if (json.scheduleChoice === 'optimised' && gain)
    return `${steps}, memory-optimised order (the model's own order peaks at ${exactBytes(json.modelOrderPeak)}; ${saving})`;
  if (gain)
    return `${steps}, the model's own order; the memory-optimised order peaks at ${exactBytes(json.optimisedPeak)} (${saving}, --schedule optimised)`;
  // The optimiser's proof is about peaks without buffer sharing.
  const proven = exact && !json.fuseActivations;
  return `${steps}, the model's own order (${proven ? 'no order has a lower peak' : 'the optimiser found no order with a lower peak'})`;
}

function patchRows(patch: PatchJson): string[][] {
  if (!patch.ok) return [['patch-based', `not estimated: ${patch.reason}`]];
  const { best, baselinePeak } = patch;
  return [
    [
      'patch stage',
      `first ${patch.stageLayers} layers (${best.stageNodeIds.length} nodes), through ${best.stageEndName || best.stageEndNodeId}, ${best.grid}×${best.grid} patches`,
    ],
    [
      'patch peak',
      `${exactBytes(best.peak)}: stage ${formatBytes(best.patchStagePeak)} (${formatBytes(best.streamedInputPeak)} with the input read patch by patch), remaining layers ${exactBytes(best.remainingPeak)}; layer by layer ${formatBytes(baselinePeak)}`,
    ],
    ['MAC overhead', `+${(best.macOverhead * 100).toFixed(1)} % (${formatMacs(best.extraMacs)} extra MACs)`],
  ];
}

function fitLines(json: PlanJson): string[] {
  const { device, needs } = json;
  if (!device || !needs) return [];
  const yes = (ok: boolean): string => (ok ? 'fits' : 'does NOT fit');
  const rows = [
    ['device', `${device.name} (${formatBytes(device.sramBytes)} SRAM, ${formatBytes(device.flashBytes)} flash)`],
    [
      'SRAM',
      `${formatBytes(needs.sramNeeded)} of ${formatBytes(device.sramBytes)} (arena ${formatBytes(needs.arenaBytes)} + runtime ${formatBytes(needs.runtimeOverheadBytes)}): ${yes(needs.sram)}`,
    ],
    [
      'flash',
      `${formatBytes(needs.flashNeeded)} of ${formatBytes(device.flashBytes)} (model ${formatBytes(needs.modelBytes)} + runtime code estimate ${formatBytes(needs.codeBytes)}): ${yes(needs.flash)}`,
    ],
  ];
  return [table(rows, 'll', 200)];
}

function suggestionLines(json: PlanJson): string[] {
  const list = json.suggestions;
  if (!list || !json.needs) return [];
  const heading = json.needs.sram && json.needs.flash ? 'ways to need less:' : 'what would make it fit:';
  if (list.length === 0) return [heading, '  nothing among the plan options lowers the needs further'];
  const rows = list.map((s) => [
    `  ${s.resource === 'sram' ? 'SRAM' : 'flash'}`,
    `${s.label}${s.estimate ? ' (estimate)' : ''}`,
    `→ ${formatBytes(s.neededBytes)}: ${s.fits ? 'fits' : 'still too big'}`,
  ]);
  return [heading, table(rows, 'lll', 200)];
}

/** The plan as text: figures, the order, the fit, the patch estimate and the suggestions. */
export function planText(file: string, json: PlanJson, exact: boolean): string {
  const rows: string[][] = [
    ['peak memory', `${exactBytes(json.peakActivationBytes)} at step ${json.peakStep} (${json.peakNode})`],
    [
      'arena',
      `${formatBytes(json.arenaBytes)} (${json.arenaBytes.toLocaleString('en-US')} B, TFLM greedy plan, 16-byte aligned)`,
    ],
    ['activations', json.activationDType === 'int8' ? 'as int8' : 'as stored'],
    [
      'in place',
      json.inPlace
        ? `yes (${json.inPlaceNodes.length} nodes)`
        : json.fuseActivations
          ? `fused activations (${json.inPlaceNodes.length})`
          : 'no',
    ],
    ['schedule', scheduleText(json, exact)],
  ];
  if (json.unknownSizeTensors)
    rows.push(['unknown', `${json.unknownSizeTensors} activations of unknown size: figures are lower bounds`]);
  if (json.patch) rows.push(...patchRows(json.patch));
  const lines = [file, table(rows, 'll', 200), ...fitLines(json), ...suggestionLines(json)];
  return `${lines.join('\n')}\n`;
}
