// What the export drawer asks of the engine: the preview of a member's export with the options typed, and
// its files, saved through the browser's downloads.
import { isCancelled } from '../../../workers/client';
import type { ExportPreview, ExportRequest, InputFile, ModelId } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore, type EvaluationRecord, type StudioState } from '../../store';
import type { VariantEntry } from '../../store/types';
import { toUserError } from '../open/actions';
import { captureCharts, type CapturedChart } from './charts';
import { exportStore, type ChartsState, type ExportState } from './export-store';
import { checkExportForm } from './form';

/** The member the drawer exports: the one picked, else the one shown; and whether it is the one shown. */
export function exportMember(
  studio: Pick<StudioState, 'variants' | 'model'>,
  memberId: ModelId | null,
): { readonly member: VariantEntry; readonly shown: boolean } | undefined {
  const shownId = studio.model?.summary.modelId;
  const member =
    studio.variants.find((v) => v.id === memberId) ??
    studio.variants.find((v) => v.id === shownId) ??
    studio.variants[0];
  return member ? { member, shown: member.id === shownId } : undefined;
}

/** The accuracy the reports state, from the studio's latest evaluation of the member. */
export function accuracyOf(record: EvaluationRecord | undefined): ExportRequest['accuracy'] {
  if (!record) return undefined;
  const { result } = record.result;
  const top1 = result.classification?.top1;
  const agreement = result.reference?.agreement;
  return {
    data: record.dataLabel,
    samples: result.samples,
    ...(top1 !== undefined ? { top1 } : {}),
    ...(agreement !== undefined ? { agreement } : {}),
  };
}

/** The order the export asks for: the memory-optimised one only where the format keeps an order (not TF.js). */
export function operatorOrderOf(member: VariantEntry, form: ExportState['form']): Pick<ExportRequest, 'operatorOrder'> {
  return form.operatorOrder === 'memory' && member.model.summary.format !== 'tfjs' ? { operatorOrder: 'memory' } : {};
}

/**
 * What the preview depends on, as one key: the member (and its edit version: an edit changes the model in
 * place), the options, the operator order and the accuracy.
 */
export function exportKey(
  studio: Pick<StudioState, 'variants' | 'model' | 'evaluations' | 'editVersions'>,
  state: Pick<ExportState, 'memberId' | 'form'>,
): string {
  const found = exportMember(studio, state.memberId);
  if (!found) return '';
  const { member } = found;
  const checked = checkExportForm(state.form, member.model.summary.fileName);
  const evaluation = studio.evaluations[member.id];
  const order = operatorOrderOf(member, state.form).operatorOrder ?? 'model';
  const version = studio.editVersions[member.id] ?? 0;
  return JSON.stringify([member.id, version, checked.options ?? null, order, evaluation?.finishedAt ?? null]);
}

async function chartsFor(
  member: VariantEntry,
  shown: boolean,
): Promise<{ charts: CapturedChart[]; state: ChartsState }> {
  if (!shown) return { charts: [], state: { status: 'absent', reason: 'other-member' } };
  let charts: CapturedChart[];
  try {
    charts = await captureCharts(member.model.summary.fileName);
  } catch {
    return { charts: [], state: { status: 'absent', reason: 'unsupported' } };
  }
  if (charts.length === 0) return { charts, state: { status: 'absent', reason: 'not-drawn' } };
  return { charts, state: { status: 'included', titles: charts.map((c) => c.title) } };
}

/** Copies of the charts' files: each request transfers its buffers to the engine. */
const chartFiles = (charts: readonly CapturedChart[]): InputFile[] =>
  charts.flatMap((c) => c.files.map((f) => ({ name: f.name, bytes: f.bytes.slice(0) })));

let previewing: AbortController | null = null;

/**
 * Asks the engine for the preview of the member's export with the options typed (the charts the dock
 * draws go in when the member is the one shown). Options with a problem are not sent: the form says what
 * is wrong instead.
 */
export async function refreshExportPreview(): Promise<void> {
  const studio = studioStore.getState();
  const state = exportStore.getState();
  const found = exportMember(studio, state.memberId);
  if (!found) return;
  const { member, shown } = found;
  const key = exportKey(studio, state);
  const { options } = checkExportForm(state.form, member.model.summary.fileName);
  previewing?.abort();
  if (!options) {
    state.setPreview({ status: 'idle' });
    return;
  }
  const controller = new AbortController();
  previewing = controller;
  const previous =
    state.preview.status === 'ready'
      ? state.preview
      : state.preview.status === 'loading'
        ? state.preview.last
        : undefined;
  state.setPreview({ status: 'loading', key, ...(previous ? { last: previous } : {}) });
  try {
    const { charts, state: chartsState } = await chartsFor(member, shown);
    const accuracy = accuracyOf(studio.evaluations[member.id]);
    const request: ExportRequest = {
      options,
      ...operatorOrderOf(member, state.form),
      ...(accuracy ? { accuracy } : {}),
      charts: chartFiles(charts),
    };
    const preview: ExportPreview = await getEngine().exportPreview(member.id, request, { signal: controller.signal });
    if (previewing === controller)
      exportStore.getState().setPreview({ status: 'ready', key, preview, charts: chartsState });
  } catch (error) {
    if (isCancelled(error) || previewing !== controller) return;
    const userError = toUserError(error, member.model.summary.fileName);
    exportStore.getState().setPreview({ status: 'failed', key, error: userError });
  }
}

/** Saves bytes through the browser's downloads. */
export function saveFile(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  // Files of the bundle may sit in folders ("charts/memory.png"); a download is named by its last part.
  a.download = name.split('/').at(-1) ?? name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads files of the member's export by name (from the preview's list), or one .zip of them named
 * `zipAs`. `what` names the download in the drawer's status line.
 */
export async function downloadExport(names: readonly string[], what: string, zipAs?: string): Promise<void> {
  const studio = studioStore.getState();
  const state = exportStore.getState();
  const found = exportMember(studio, state.memberId);
  const { options } = found ? checkExportForm(state.form, found.member.model.summary.fileName) : { options: undefined };
  if (!found || !options || state.save.status === 'saving') return;
  const { member } = found;
  state.setSave({ status: 'saving', what });
  try {
    const accuracy = accuracyOf(studio.evaluations[member.id]);
    // The charts as drawn now (the dock may have finished drawing since the preview).
    const { charts } = await chartsFor(member, found.shown);
    const request: ExportRequest = {
      options,
      ...operatorOrderOf(member, state.form),
      ...(accuracy ? { accuracy } : {}),
      charts: chartFiles(charts),
    };
    const files = await getEngine().exportFiles(member.id, request, names, zipAs);
    for (const file of files) saveFile(file.name, file.bytes);
    exportStore.getState().setSave({ status: 'saved', names: files.map((f) => f.name.split('/').at(-1) ?? f.name) });
    // The preview catches up with the charts the download used (the engine still holds that export).
    void refreshExportPreview();
  } catch (error) {
    const userError = toUserError(error, member.model.summary.fileName);
    exportStore.getState().setSave({ status: 'failed', what, error: userError });
  }
}
