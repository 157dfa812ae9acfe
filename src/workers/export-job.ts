// The export of an open model or variant (issue 7): the subject the core describes (the model's file as it
// downloads, its IR, its analysis, its lineage, the accuracy the page measured), every file the export
// makes, the bundle, and the preview the export panel shows.
import {
  analyzeModel,
  arenaReserve,
  arrayName,
  assertExportable,
  bundleZip,
  exportBundle,
  flashBytes,
  planMemory,
  reorderNodes,
  type BundleEntry,
  type ExportSubject,
  type MemoryPlanReport,
  type Model,
  type ModelAnalysis,
  type ModelFile,
  type ModelFormat,
} from '../core';
import { version } from '../../package.json';
import { lineageLines } from './export-lineage';
import { failure } from './failure';
import type { Job } from './jobs';
import {
  EXPORT_PREVIEW_LINES,
  EXPORT_PREVIEW_MAX_LINES,
  type ExportFileRole,
  type ExportOrderInfo,
  type ExportPreview,
  type ExportRequest,
  type ModelId,
  type OutputFile,
  type RecipeStep,
} from './protocol';

/** What the engine holds of the model being exported. */
export interface ExportSource {
  readonly modelId: ModelId;
  readonly model: Model;
  readonly format: ModelFormat;
  /** The main file's name. */
  readonly fileName: string;
  /** The files the model was read from (a variant: the files written for it), main file first. */
  readonly files: readonly ModelFile[];
  readonly recipe: readonly RecipeStep[];
}

/** Who made the files, as the header comment and the reports say. */
export const GENERATOR = `ScaleDown Studio ${version}`;

interface Entry extends BundleEntry {
  readonly role: ExportFileRole;
}

/** A built export: its files by name (bundle order, the bundle last) and its preview. */
interface BuiltExport {
  readonly entries: readonly Entry[];
  readonly preview: ExportPreview;
}

// The analysis of a model does not change: computed once per model (the preview reruns on every option).
const analyses = new WeakMap<Model, ModelAnalysis>();

function analysisOf(model: Model): ModelAnalysis {
  let analysis = analyses.get(model);
  if (!analysis) {
    analysis = analyzeModel(model);
    analyses.set(model, analysis);
  }
  return analysis;
}

// The memory-optimised order of a model (planned as stored, as the export's arena is) and the model re-written
// in that order: computed once per model.
const plans = new WeakMap<Model, MemoryPlanReport>();
const reordered = new WeakMap<Model, ExportSource>();

const TFJS_ORDER =
  'TF.js orders the operators itself when it loads a model, so a memory-optimised order cannot travel with the file';

/**
 * What is exported: the source as it is, or (operatorOrder 'memory', when that order lowers the peak) the model
 * re-written by its own format's writer with its nodes in the optimised order and read back, so the file, the
 * IR and the arena figure all follow that order.
 */
function orderedSource(source: ExportSource, request: ExportRequest): { source: ExportSource; info: ExportOrderInfo } {
  let plan = plans.get(source.model);
  if (!plan) plans.set(source.model, (plan = planMemory(source.model, { schedule: 'optimised' })));
  const { modelOrderPeak, optimisedPeak } = plan.schedule;
  const unsupported = source.format.id === 'tfjs' ? TFJS_ORDER : undefined;
  if (request.operatorOrder === 'memory' && unsupported) throw failure('not-applicable', unsupported, source.fileName);
  const used = request.operatorOrder === 'memory' && optimisedPeak < modelOrderPeak ? 'memory' : 'model';
  const info: ExportOrderInfo = { modelOrderPeak, optimisedPeak, used, ...(unsupported ? { unsupported } : {}) };
  if (used === 'model') return { source, info };
  let ordered = reordered.get(source.model);
  if (!ordered) {
    const model = reorderNodes(source.model, plan.schedule.order);
    // Companions (ONNX external data) keep the writer's names: the main file refers to them by name.
    const files = source.format
      .write(model, { baseName: source.fileName })
      .map((f, i) => (i === 0 ? { name: source.fileName, bytes: f.bytes } : f));
    ordered = { ...source, model: source.format.read(files), files };
    reordered.set(source.model, ordered);
  }
  return { source: ordered, info };
}

// The last export built: a download right after its preview does not build it again.
let last: { readonly model: Model; readonly key: string; readonly built: BuiltExport } | undefined;

/** The subject the core's header comment, examples and reports describe. */
export function exportSubject(source: ExportSource, request: ExportRequest): ExportSubject {
  const main = source.files.find((f) => f.name === source.fileName) ?? source.files[0];
  if (!main) throw failure('no-data', `${source.fileName} has no file to export`, source.fileName);
  const lineage = lineageLines(source.recipe);
  return {
    fileName: main.name,
    bytes: main.bytes,
    model: source.model,
    analysis: analysisOf(source.model),
    ...(lineage.length ? { lineage } : {}),
    ...(request.accuracy ? { accuracy: request.accuracy } : {}),
    generator: GENERATOR,
  };
}

/** The model's main file name without its extension ("mnist-cnn.int8"). */
export function exportStem(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || 'model';
}

/** The bundle's name. */
export const bundleName = (fileName: string): string => `${exportStem(fileName)}.bundle.zip`;

/** What a file of the core's bundle layout is (exportBundle: model, NAME.h/.cc, reports, examples/…). */
function roleOf(name: string, subject: ExportSubject): ExportFileRole {
  if (name === subject.fileName) return 'model';
  if (name.startsWith('examples/')) return /\.(ino|cc|cpp|c|h)$/i.test(name) ? 'example' : 'note';
  if (/^report\.(md|json)$/i.test(name)) return 'report';
  if (/\.(h|hh|hpp)$/i.test(name)) return 'header';
  if (/\.(cc|cpp|c)$/i.test(name)) return 'source';
  return 'note';
}

/**
 * The header's top for the preview: its first lines through the array's opening line and the first row of
 * bytes (what a reader checks: the comment, the guard, the alignment), at least `EXPORT_PREVIEW_LINES` of
 * them and never past `EXPORT_PREVIEW_MAX_LINES`; and how many lines the header has. Only the top is decoded.
 */
function headerTop(bytes: Uint8Array): { top: string; lines: number } {
  let lines = 0;
  let cut = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    lines++;
    if (lines === EXPORT_PREVIEW_MAX_LINES) cut = i;
  }
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) lines++;
  const top = new TextDecoder().decode(bytes.subarray(0, cut)).split('\n');
  const opening = top.findIndex((line) => /\bunsigned char\s+\w+\s*\[\s*\][^;]*=\s*\{/.test(line));
  const keep = opening < 0 ? EXPORT_PREVIEW_LINES : Math.max(EXPORT_PREVIEW_LINES, opening + 2);
  return { top: top.slice(0, keep).join('\n'), lines };
}

// Models found exportable (validation re-infers shapes: once per model, not on every option of the preview).
const exportable = new WeakSet<Model>();

/** Refuses a model with errors (an edit may leave one), listing them (TransformError 'invalid-result'). */
function checkExportable(source: ExportSource): void {
  if (exportable.has(source.model)) return;
  assertExportable(source.model, source.fileName);
  exportable.add(source.model);
}

/** Builds every file of the export (the core's bundle layout, plus model companions and charts) and its preview. */
async function build(given: ExportSource, request: ExportRequest, job: Job): Promise<BuiltExport> {
  checkExportable(given);
  const { source, info } = orderedSource(given, request);
  const subject = exportSubject(source, request);
  const options = request.options;
  await job.checkpoint();
  const started = performance.now();
  const entries: Entry[] = exportBundle(subject, options).map((e) => ({ ...e, role: roleOf(e.name, subject) }));
  // A model of several files (TF.js weight shards, ONNX external data) ships them all beside the main one.
  const companions: Entry[] = source.files
    .filter((f) => f.name !== subject.fileName)
    .map((f) => ({ name: f.name, bytes: f.bytes, role: 'model' }));
  entries.splice(1, 0, ...companions);
  for (const chart of request.charts ?? [])
    entries.push({ name: `charts/${chart.name}`, bytes: new Uint8Array(chart.bytes), role: 'chart' });
  const flash = flashBytes(subject, options);
  const arena = arenaReserve(subject, options);
  const filesMs = performance.now() - started;
  await job.checkpoint();
  const zipStarted = performance.now();
  const zip = bundleZip(entries.map(({ name, bytes }) => ({ name, bytes })));
  const bundleMs = performance.now() - zipStarted;
  entries.push({ name: bundleName(subject.fileName), bytes: zip, role: 'bundle' });

  const header = entries.find((e) => e.role === 'header');
  if (!header) throw failure('internal', `no C header was made for ${subject.fileName}`, subject.fileName);
  const { top, lines } = headerTop(header.bytes);
  return {
    entries,
    preview: {
      modelId: source.modelId,
      fileName: subject.fileName,
      format: source.format.id,
      arrayName: arrayName(subject, options),
      headerName: header.name,
      headerTop: top,
      headerLines: lines,
      flashBytes: flash,
      arena,
      operatorOrder: info,
      files: entries.map((e) => ({ name: e.name, role: e.role, bytes: e.bytes.byteLength })),
      timings: { files: filesMs, bundle: bundleMs },
    },
  };
}

/** A cheap fingerprint of the charts' bytes, so a cached export is only reused for the same pictures. */
function chartsKey(charts: ExportRequest['charts']): string {
  return (charts ?? [])
    .map((c) => {
      const bytes = new Uint8Array(c.bytes);
      let hash = 0x811c9dc5;
      for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
      return `${c.name}:${bytes.length}:${hash >>> 0}`;
    })
    .join('|');
}

async function built(source: ExportSource, request: ExportRequest, job: Job): Promise<BuiltExport> {
  const key = JSON.stringify([
    source.modelId,
    request.options,
    request.accuracy ?? null,
    chartsKey(request.charts),
    request.operatorOrder ?? 'model',
  ]);
  if (last && last.model === source.model && last.key === key) return last.built;
  const result = await build(source, request, job);
  last = { model: source.model, key, built: result };
  return result;
}

/** The export panel's preview of an export: header top, flash, arena, every file with its size. */
export async function exportPreviewOf(source: ExportSource, request: ExportRequest, job: Job): Promise<ExportPreview> {
  return (await built(source, request, job)).preview;
}

/** Files of an export by name (copies, to be transferred), or one .zip of them named `zipAs`. */
export async function exportFilesOf(
  source: ExportSource,
  request: ExportRequest,
  names: readonly string[],
  zipAs: string | undefined,
  job: Job,
): Promise<OutputFile[]> {
  const { entries } = await built(source, request, job);
  const picked = names.map((name) => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw failure('no-data', `${name} is not a file of the export of ${source.fileName}`, name);
    return entry;
  });
  await job.checkpoint();
  if (zipAs !== undefined) {
    const zip = bundleZip(picked.map(({ name, bytes }) => ({ name, bytes })));
    return [{ name: zipAs, bytes: zip.slice().buffer as ArrayBuffer }];
  }
  // Copies: the cached export (and the open model's IR) keep their own bytes.
  return picked.map((e) => ({ name: e.name, bytes: e.bytes.slice().buffer as ArrayBuffer }));
}
