// The quantize panel's rules, kept apart from its components: what each format allows, the defaults
// worked out from the model, and the settings sent to the engine.
import type { FormatId, LayerOverride, QuantizeMode } from '../../../core';
import type { LayerRow, ModelSummary, PixelScale, QuantizeSettings } from '../../../workers/protocol';
import type { OpenModel, QuantizeForm } from '../../store/types';

/** What a format's quantizer can do (src/core/transforms/quantize: onnx/ and tflite/). */
export interface FormatCaps {
  readonly modes: readonly QuantizeMode[];
  /** Asymmetric weights exist (TFLite's spec has symmetric weights only). */
  readonly asymmetric: boolean;
  /** Weight bits a layer may be given, per mode (empty: only "keep float"). */
  readonly bits: (mode: QuantizeMode) => readonly (4 | 8)[];
  /** int8 static can be written as QDQ or QOperator (ONNX). */
  readonly onnxForms: boolean;
  /** int8 static can keep float inputs/outputs (TFLite). */
  readonly ioTypes: boolean;
}

const CAPS: Readonly<Partial<Record<FormatId, FormatCaps>>> = {
  onnx: {
    modes: ['int8', 'int8-weights', 'int4-weights', 'float16'],
    asymmetric: true,
    bits: (mode) => (mode === 'float16' ? [] : [8, 4]),
    onnxForms: true,
    ioTypes: false,
  },
  tflite: {
    modes: ['int8', 'int8-weights', 'float16'],
    asymmetric: false,
    bits: () => [],
    onnxForms: false,
    ioTypes: true,
  },
};

/** The format's quantization abilities, or undefined when the studio cannot quantize it. */
export function formatCaps(format: FormatId): FormatCaps | undefined {
  return CAPS[format];
}

/** The bits a mode gives weights by default (undefined for float16). */
export function defaultBits(mode: QuantizeMode): 4 | 8 | undefined {
  return mode === 'int4-weights' ? 4 : mode === 'float16' ? undefined : 8;
}

/** The sizes of an MNIST digit: one 28×28 grey image, whatever singleton dims surround it. */
export function isMnistShaped(summary: ModelSummary): boolean {
  if (summary.inputs.length !== 1) return false;
  const shape = summary.inputs[0]!.shape;
  if (!shape) return false;
  // The leading dim may be a symbolic batch; every other dim is 1 except two 28s.
  const dims = shape.slice(1).filter((d) => d !== 1);
  return dims.length === 2 && dims.every((d) => d === 28) && (shape[0] === 1 || typeof shape[0] !== 'number');
}

/** The MNIST pixel range by default, and where that default came from. */
export function defaultPixelScale(model: OpenModel): { scale: PixelScale; from: 'card' | 'assumed' } {
  const range = model.card?.inputRange;
  return range ? { scale: range, from: 'card' } : { scale: '0..1', from: 'assumed' };
}

/** The form with its defaults filled in for this model. */
export interface ResolvedForm extends QuantizeForm {
  readonly data: 'mnist' | 'file';
  readonly pixelScale: PixelScale;
  readonly pixelScaleFrom: 'card' | 'assumed' | 'user';
  readonly mnistShaped: boolean;
}

export function resolveForm(form: QuantizeForm, base: OpenModel): ResolvedForm {
  const mnistShaped = isMnistShaped(base.summary);
  const pixel = defaultPixelScale(base);
  return {
    ...form,
    data: form.data ?? (mnistShaped ? 'mnist' : 'file'),
    pixelScale: form.pixelScale ?? pixel.scale,
    pixelScaleFrom: form.pixelScale ? 'user' : pixel.from,
    mnistShaped,
  };
}

/** Layers with weights: the rows of the per-layer override table. */
export function weightLayers(summary: ModelSummary): LayerRow[] {
  return summary.layers.filter((l) => l.params > 0);
}

/** A layer's override as one choice of the table's select: default, float, or a bit width. */
export type OverrideChoice = 'default' | 'float' | '8' | '4';

export function choiceOf(override: LayerOverride | undefined): OverrideChoice {
  if (!override) return 'default';
  if (override.keepFloat) return 'float';
  return override.bits === 4 ? '4' : override.bits === 8 ? '8' : 'default';
}

export function overrideOf(choice: OverrideChoice): LayerOverride | null {
  if (choice === 'float') return { keepFloat: true };
  if (choice === '8' || choice === '4') return { bits: choice === '8' ? 8 : 4 };
  return null;
}

/** The overrides that apply to this format and mode (bits the mode cannot give are dropped). */
export function applicableOverrides(
  overrides: Readonly<Record<string, LayerOverride>>,
  caps: FormatCaps,
  mode: QuantizeMode,
  nodeIds: ReadonlySet<string>,
): Record<string, LayerOverride> {
  const allowed = caps.bits(mode);
  const out: Record<string, LayerOverride> = {};
  for (const [id, o] of Object.entries(overrides)) {
    if (!nodeIds.has(id)) continue;
    if (o.keepFloat) out[id] = { keepFloat: true };
    else if (o.bits !== undefined && allowed.includes(o.bits) && o.bits !== defaultBits(mode))
      out[id] = { bits: o.bits };
  }
  return out;
}

/** The settings the engine gets, as `scaledown quantize` would get them from its flags. */
export function settingsOf(form: ResolvedForm, base: OpenModel, caps: FormatCaps): QuantizeSettings {
  const nodeIds = new Set(base.graph.nodes.map((n) => n.id));
  const overrides = applicableOverrides(form.overrides, caps, form.mode, nodeIds);
  const weights = form.mode !== 'float16';
  return {
    mode: form.mode,
    ...(weights ? { granularity: form.granularity } : {}),
    ...(weights && caps.asymmetric && !form.symmetric ? { symmetric: false } : {}),
    ...(form.mode === 'int8' && caps.onnxForms && form.onnxFormat !== 'qdq' ? { onnxFormat: form.onnxFormat } : {}),
    ...(form.mode === 'int8' && caps.ioTypes && form.ioType !== 'int8' ? { ioType: form.ioType } : {}),
    ...(Object.keys(overrides).length ? { overrides } : {}),
  };
}

/** Why Run cannot start yet, as a sentence; undefined when it can. */
export function blocker(form: ResolvedForm, caps: FormatCaps | undefined, format: FormatId): string | undefined {
  if (!caps) return `The studio cannot quantize ${format === 'tfjs' ? 'TF.js' : format} models yet.`;
  if (!caps.modes.includes(form.mode)) return 'This mode is not available for this model format.';
  if (form.mode !== 'int8') return undefined;
  if (form.data === 'file' && !form.file) return 'Choose a .npz or .npy file of sample inputs to calibrate on.';
  if (!(Number.isInteger(form.samples) && form.samples > 0))
    return 'The number of samples must be a whole number above 0.';
  if (form.method === 'percentile' && !(form.percentile > 0 && form.percentile <= 100))
    return 'The percentile must be above 0 and at most 100.';
  return undefined;
}
