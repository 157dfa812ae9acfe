import { isCancelled } from '../../../workers/client';
import type { CalibrationRequest, Progress, QuantizeRequest } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';
import type { OpenModel } from '../../store/types';
import { setDirection } from '../graph/actions';
import { toUserError } from '../open/actions';
import { PageError } from '../open/read-bytes';
import { sampleUrl } from '../open/samples';
import { addLaidOutVariant } from '../variants/add-variant';
import { blocker, formatCaps, resolveForm, settingsOf, type ResolvedForm } from './form';

/** The built-in digits (src/core/data: MNIST_DIGITS_FILE), served from public/samples. */
export const MNIST_FILE = 'mnist-digits.npz';

let current: AbortController | null = null;

async function mnistBytes(signal: AbortSignal): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(sampleUrl(MNIST_FILE), { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new PageError('fetch-failed', `${MNIST_FILE}: the built-in digits could not be downloaded`);
  }
  if (!response.ok) throw new PageError('fetch-failed', `${MNIST_FILE}: the server answered ${response.status}`);
  return response.arrayBuffer();
}

/** The calibration request for a static int8 form: the built-in digits (fetched) or the chosen file (read). */
export async function calibrationOf(form: ResolvedForm, signal: AbortSignal): Promise<CalibrationRequest | undefined> {
  if (form.mode !== 'int8') return undefined;
  const common = {
    samples: form.samples,
    method: form.method,
    ...(form.method === 'percentile' ? { percentile: form.percentile } : {}),
  };
  if (form.data === 'mnist') {
    const bytes = await mnistBytes(signal);
    return { ...common, source: { kind: 'mnist', pixelScale: form.pixelScale, file: { name: MNIST_FILE, bytes } } };
  }
  const file = form.file!;
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    throw new PageError('read-failed', `${file.name}: the file could not be read`);
  }
  return { ...common, source: { kind: 'file', file: { name: file.name, bytes } } };
}

/** The model the panel quantizes: the family's original (variants are not quantized again). */
export function quantizeBase(): OpenModel | undefined {
  return studioStore.getState().variants[0]?.model;
}

/**
 * Quantizes the original model with the panel's settings in the engine worker, lays the result out, and
 * adds it to the family as a new variant, shown at once. The original and earlier variants stay as they
 * are; a failure or a cancel leaves everything as it was.
 */
export async function runQuantize(): Promise<void> {
  const state = studioStore.getState();
  const base = quantizeBase();
  if (!base || state.quantizeJob.status === 'running') return;
  const caps = formatCaps(base.summary.format);
  const form = resolveForm(state.quantizeForm, base);
  if (blocker(form, caps, base.summary.format) || !caps) return;
  const baseId = base.summary.modelId;
  const controller = new AbortController();
  current = controller;
  const { signal } = controller;
  const live = (): boolean => current === controller;
  state.setQuantizeJob({ status: 'running', baseId, progress: null });
  const onProgress = (progress: Progress): void => {
    if (live()) studioStore.getState().setQuantizeProgress(progress);
  };
  const label = base.summary.fileName;
  const names = form.mode === 'int8' && form.data === 'file' && form.file ? [form.file.name] : [];
  try {
    onProgress({ phase: 'read', fraction: 0 });
    const calibration = await calibrationOf(form, signal);
    const request: QuantizeRequest = {
      settings: settingsOf(form, base, caps),
      ...(calibration ? { calibration } : {}),
    };
    const result = await getEngine().quantize(baseId, request, { signal, onProgress });
    if (!(await addLaidOutVariant(result, baseId, live, { signal, onProgress }))) return;
    studioStore.getState().setQuantizeJob({ status: 'done', variantId: result.summary.modelId });
  } catch (error) {
    if (!live()) return;
    if (signal.aborted || isCancelled(error)) studioStore.getState().setQuantizeJob({ status: 'cancelled' });
    else studioStore.getState().setQuantizeJob({ status: 'failed', error: toUserError(error, label, names) });
  } finally {
    if (live()) current = null;
  }
}

/** Stops the running quantization; with `quiet`, its end is not reported (the model is being replaced). */
export function cancelQuantize(options: { quiet?: boolean } = {}): void {
  const running = current;
  if (options.quiet) current = null;
  running?.abort();
}

/** Shows another member of the family, laid out in the direction the canvas is using. */
export function showVariant(id: string): void {
  const direction = studioStore.getState().direction;
  studioStore.getState().showVariant(id);
  if (studioStore.getState().direction !== direction) void setDirection(direction);
}

/** Saves a model's file(s) (a variant: its quantized file) through the browser's downloads. */
export async function downloadModel(modelId: string): Promise<void> {
  const files = await getEngine().modelFiles(modelId);
  for (const file of files) {
    const url = URL.createObjectURL(new Blob([file.bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
