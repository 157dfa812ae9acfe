// The facts every export file states (header comment, examples, reports), computed once so they agree.
import { alignUp } from '../analysis/memory/planner';
import type { TensorSummary } from '../analysis/analyze';
import { dtypeByteLength } from '../ir/dtype';
import type { Model, Quantization, Tensor } from '../ir/types';
import { TransformError } from '../errors';
import type { CArrayOptions, ExportSubject } from './types';

/** Defaults of CArrayOptions. */
export const DEFAULT_ALIGNMENT = 16;
export const DEFAULT_ARENA_MARGIN_PERCENT = 20;
const ARENA_ALIGNMENT = 16;

// An estimate of what TFLM keeps in the arena besides activations, for a 32-bit MCU: per tensor a
// TfLiteEvalTensor, per operator its node, parsed options and kernel state, per output channel of a
// quantized conv / fully-connected kernel its multiplier and shift, plus the allocator's own objects.
const OVERHEAD_FIXED = 1024;
const OVERHEAD_PER_TENSOR = 16;
const OVERHEAD_PER_OP = 192;
const OVERHEAD_PER_CHANNEL = 8;
const CHANNEL_OPS = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'TRANSPOSE_CONV']);

/** The arena to reserve and how it was reached. */
export interface ArenaReserve {
  /** analysis.arenaBytes: the TFLM-style greedy plan of the activations. */
  readonly plannedBytes: number;
  readonly marginPercent: number;
  readonly marginBytes: number;
  /** Estimated TFLM bookkeeping (TFLite only; 0 for other formats). */
  readonly overheadBytes: number;
  /** plannedBytes + marginBytes + overheadBytes, rounded up to 16. */
  readonly totalBytes: number;
}

/** Options with their defaults, checked (alignment a power of two, a section name the assembler takes). */
export interface ResolvedOptions {
  readonly alignment: number;
  readonly progmem: boolean;
  readonly section?: string;
  readonly split: boolean;
  readonly arenaMarginPercent: number;
  readonly headerFile?: string;
}

function hasControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** CArrayOptions with defaults filled in; throws TransformError('invalid-options') naming the option. */
export function resolveOptions(options: CArrayOptions = {}): ResolvedOptions {
  const alignment = options.alignment ?? DEFAULT_ALIGNMENT;
  if (!Number.isInteger(alignment) || alignment < 1 || alignment > 4096 || (alignment & (alignment - 1)) !== 0)
    throw new TransformError('invalid-options', `alignment must be a power of two from 1 to 4096, not ${alignment}`);
  const margin = options.arenaMarginPercent ?? DEFAULT_ARENA_MARGIN_PERCENT;
  if (!Number.isFinite(margin) || margin < 0 || margin > 1000)
    throw new TransformError('invalid-options', `the arena margin must be 0 to 1000 percent, not ${margin}`);
  const section = options.section;
  // Section names go inside a C string literal and to the assembler: keep to what linker scripts use.
  if (section !== undefined && !/^[A-Za-z0-9_.$][A-Za-z0-9_.$,-]*$/.test(section))
    throw new TransformError(
      'invalid-options',
      `the section name "${section}" may use only letters, digits and . _ $ , - (e.g. .rodata.model)`,
    );
  if (section !== undefined && options.progmem)
    throw new TransformError(
      'invalid-options',
      'PROGMEM already places the array in a section (.progmem.data): give either PROGMEM or a section, not both',
    );
  const headerFile = options.headerFile;
  // It goes inside #include "...": no quotes, backslashes or control characters.
  if (headerFile !== undefined && (headerFile === '' || /["\\<>]/.test(headerFile) || hasControls(headerFile)))
    throw new TransformError('invalid-options', `"${headerFile}" cannot be named in an #include line`);
  return {
    alignment,
    progmem: options.progmem === true,
    ...(headerFile !== undefined ? { headerFile } : {}),
    ...(section !== undefined ? { section } : {}),
    split: options.split === true,
    arenaMarginPercent: margin,
  };
}

function graphsOf(model: Model) {
  return [model.graph, ...(model.subgraphs ?? [])];
}

/** TFLM's bookkeeping in the arena, estimated for a 32-bit MCU (see the constants above). */
export function tflmOverheadBytes(model: Model): number {
  let bytes = OVERHEAD_FIXED;
  for (const graph of graphsOf(model)) {
    bytes += graph.tensors.length * OVERHEAD_PER_TENSOR + graph.nodes.length * OVERHEAD_PER_OP;
    const byId = new Map(graph.tensors.map((t) => [t.id, t]));
    for (const node of graph.nodes) {
      if (!CHANNEL_OPS.has(node.op)) continue;
      const out = byId.get(node.outputs[0] ?? '');
      const channels = out?.shape?.[out.shape.length - 1];
      if (out?.quant && typeof channels === 'number') bytes += channels * OVERHEAD_PER_CHANNEL;
    }
  }
  return bytes;
}

/** The arena size to reserve: the plan, plus the margin, plus (TFLite) TFLM's bookkeeping. */
export function arenaReserve(subject: ExportSubject, options: CArrayOptions = {}): ArenaReserve {
  const { arenaMarginPercent } = resolveOptions(options);
  const planned = subject.analysis.arenaBytes;
  const marginBytes = Math.ceil((planned * arenaMarginPercent) / 100);
  const overheadBytes = subject.model.format === 'tflite' ? tflmOverheadBytes(subject.model) : 0;
  return {
    plannedBytes: planned,
    marginPercent: arenaMarginPercent,
    marginBytes,
    overheadBytes,
    totalBytes: alignUp(planned + marginBytes + overheadBytes, ARENA_ALIGNMENT),
  };
}

/** Bytes the array takes in flash: the model, padded to the alignment. */
export function flashBytes(subject: ExportSubject, options: CArrayOptions = {}): number {
  return alignUp(subject.bytes.length, resolveOptions(options).alignment);
}

/** 1234567 → "1,234,567". */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function short(x: number): string {
  return Number(x.toPrecision(7)).toString();
}

/** Quantization as a firmware author reads it: per tensor, or per channel with the count. */
export function describeQuant(q: Quantization | undefined): string {
  if (!q || q.scale.length === 0) return 'not quantized';
  const zp = q.zeroPoint.length ? q.zeroPoint : [0];
  if (q.scale.length === 1) return `scale ${short(q.scale[0]!)}, zero point ${zp[0]}`;
  const range = (v: readonly number[], f: (x: number) => string) => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return lo === hi ? f(lo) : `${f(lo)} to ${f(hi)}`;
  };
  return (
    `per-channel (axis ${q.axis ?? 0}, ${q.scale.length} channels): scale ${range(q.scale, short)}, ` +
    `zero point ${range(zp, String)}`
  );
}

/** Shape as "[1, 28, 28, 1]" (symbolic dims by name, unknown as ?). */
export function shapeText(shape: TensorSummary['shape']): string {
  if (!shape) return 'unknown shape';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** An input or output with its declared tensor (for quantization). */
export interface IoTensor extends TensorSummary {
  readonly index: number;
  readonly quant?: Quantization;
  readonly bytes?: number;
}

function ioTensors(model: Model, list: readonly TensorSummary[]): IoTensor[] {
  const byId = new Map<string, Tensor>(model.graph.tensors.map((t) => [t.id, t]));
  return list.map((s, index) => {
    const t = byId.get(s.id);
    const count = s.shape?.every((d) => typeof d === 'number') ? (s.shape as number[]).reduce((a, b) => a * b, 1) : 0;
    const width = s.dtype === 'string' || s.dtype === 'undefined' ? 0 : dtypeByteLength(s.dtype, count);
    return { ...s, index, ...(t?.quant ? { quant: t.quant } : {}), ...(width ? { bytes: width } : {}) };
  });
}

/** Inputs and outputs with quantization. */
export function modelIo(subject: ExportSubject): { inputs: IoTensor[]; outputs: IoTensor[] } {
  return {
    inputs: ioTensors(subject.model, subject.analysis.inputs),
    outputs: ioTensors(subject.model, subject.analysis.outputs),
  };
}

/** One line per input/output: "[0] name  int8 [1, 28, 28, 1]  scale …, zero point …". */
export function ioLine(t: IoTensor): string {
  const quant = t.quant ? `  ${describeQuant(t.quant)}` : '';
  return `[${t.index}] ${t.name}  ${t.dtype} ${shapeText(t.shape)}${quant}`;
}

/** The recipe as numbered lines, or a line saying this is the original. */
export function lineageLines(subject: ExportSubject): string[] {
  const steps = subject.lineage ?? [];
  if (steps.length === 0) return ['none: the model as loaded'];
  return steps.map((s, i) => `${i + 1}. ${s.kind}: ${s.summary}`);
}

function percent(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

/** Accuracy as one line, or undefined when none was measured. */
export function accuracyLine(subject: ExportSubject): string | undefined {
  const a = subject.accuracy;
  if (!a) return undefined;
  const parts = [
    a.top1 !== undefined ? `top-1 ${percent(a.top1)}` : undefined,
    a.agreement !== undefined ? `agreement with the original ${percent(a.agreement)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `${parts.join(', ') || 'measured'} on ${a.data} (${grouped(a.samples)} samples)`;
}

/** "a TFLite" / "an ONNX" / "a TF.js": the format name with its article. */
export function aFormat(subject: ExportSubject): string {
  return `${subject.model.format === 'onnx' ? 'an' : 'a'} ${formatName(subject)}`;
}

/** "TFLite" / "ONNX" / "TF.js". */
export function formatName(subject: ExportSubject): string {
  return { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' }[subject.model.format];
}
