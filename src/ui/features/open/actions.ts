import { EngineError, isCancelled } from '../../../workers/client';
import type { InputFile, Progress } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { cancelQuantize } from '../quantize/actions';
import { importProject } from '../../persistence/actions';
import { isProjectFileName } from '../../persistence/project-file';
import { studioStore } from '../../store';
import type { SampleCard, UserError } from '../../store/types';
import { fileSource, PageError, urlSource, type ModelSource } from './read-bytes';

let current: AbortController | null = null;

/** How several files are named in messages: `model.onnx + model.onnx.data`. */
export function sourcesLabel(sources: readonly { name: string }[]): string {
  return sources.map((s) => s.name).join(' + ') || 'the model';
}

/** A thrown value as the error the UI shows; `label` names the file(s) being opened. */
export function toUserError(error: unknown, label: string, names: readonly string[] = []): UserError {
  if (error instanceof PageError) return { code: error.code, fileName: label, message: error.message };
  const e = EngineError.from(error);
  // The engine names the file at fault when it knows it (e.g. the data file of a pair).
  const fileName = e.subject && names.includes(e.subject) ? e.subject : label;
  return { code: e.code, fileName, message: e.message };
}

/**
 * Opens a model from its sources: reads them (with progress), parses and analyses them in the engine,
 * lays the graph out, and only then replaces the open model. On failure the open model stays as it was
 * and the error is shown. A newer open cancels an older one still running.
 */
export async function openSources(
  sources: readonly ModelSource[],
  extras: { readonly card?: Promise<SampleCard | undefined> } = {},
): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const { signal } = controller;
  const label = sourcesLabel(sources);
  const names = sources.map((s) => s.name);
  const store = studioStore.getState();
  store.startLoading(label);
  const onProgress = (progress: Progress): void => {
    if (current === controller) studioStore.getState().setProgress(progress);
  };
  try {
    const files: InputFile[] = [];
    const total = sources.reduce((sum, s) => sum + (s.size ?? 0), 0);
    let done = 0;
    for (const source of sources) {
      const bytes = await source.read((fraction) => {
        const overall = total > 0 ? (done + fraction * (source.size ?? 0)) / total : fraction;
        onProgress({ phase: 'read', fraction: overall, fileName: source.name });
      }, signal);
      done += source.size ?? 0;
      files.push({ name: source.name, bytes });
    }
    const engine = getEngine();
    const opened = await engine.openModel(files, { signal, onProgress });
    const modelId = opened.summary.modelId;
    let layout;
    try {
      layout = await engine.layout(modelId, studioStore.getState().direction, { signal, onProgress });
    } catch (error) {
      void engine.closeModel(modelId).catch(() => undefined);
      throw error;
    }
    const card = await extras.card?.catch(() => undefined);
    // The whole family goes: closing the original closes its variants in the engine too.
    const previous = studioStore.getState().variants[0]?.id ?? studioStore.getState().model?.summary.modelId;
    cancelQuantize({ quiet: true });
    studioStore.getState().setModel(card ? { ...opened, card } : opened, layout);
    if (previous) void engine.closeModel(previous).catch(() => undefined);
  } catch (error) {
    if (signal.aborted || isCancelled(error)) {
      if (current === controller) studioStore.getState().stopLoading();
      return;
    }
    if (current === controller) {
      studioStore.getState().stopLoading();
      studioStore.getState().setError(toUserError(error, label, names));
    }
  } finally {
    if (current === controller) current = null;
  }
}

/** Cancels the open in progress, if any (the open model stays). */
export function cancelOpen(): void {
  current?.abort();
}

/** Opens dropped or picked files (a model and its companions, e.g. model.onnx + model.onnx.data). */
export function openFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  // A project file (.zip) brings back a whole session.
  if (files.length === 1 && isProjectFileName(files[0]!.name)) return importProject(files[0]!);
  return openSources(files.map(fileSource));
}

/** Opens a model from a URL of this site (`?url=`, the samples gallery). */
export function openUrl(
  href: string,
  name?: string,
  extras: { readonly card?: Promise<SampleCard | undefined> } = {},
): Promise<void> {
  let source: ModelSource;
  try {
    source = urlSource(href, name);
  } catch {
    studioStore
      .getState()
      .setError({ code: 'fetch-failed', fileName: href, message: `${href} is not a valid address` });
    return Promise.resolve();
  }
  return openSources([source], extras);
}
