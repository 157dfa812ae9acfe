// The export drawer's download buttons, worked out from the files the engine listed: one per thing a user
// takes away (a model of several files, or a .h/.cc pair, comes as one .zip), the bundle apart.
import type { ExportFileInfo, ExportPreview } from '../../../workers/protocol';

/** One download button. */
export interface DownloadItem {
  /** Stable per kind of file, for test ids: model, header, example-ino, example-cc, report-md, … */
  readonly key: string;
  /** What it is, in words. */
  readonly label: string;
  /** The files it saves, by name in the export. */
  readonly names: readonly string[];
  /** Saved as one .zip of that name instead of file by file. */
  readonly zipAs?: string;
  /** What the saved file is called (and what is in it). */
  readonly fileLabel: string;
  /** Bytes of the files (before zipping). */
  readonly bytes: number;
}

const FORMAT_NAMES: Readonly<Record<string, string>> = { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' };

const extension = (name: string): string => /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const stem = (name: string): string => name.replace(/\.[^.]+$/, '') || 'model';
const total = (files: readonly ExportFileInfo[]): number => files.reduce((sum, f) => sum + f.bytes, 0);

function exampleLabel(name: string): string {
  const ext = extension(name);
  if (ext === 'ino') return 'Arduino sketch';
  if (ext === 'cc' || ext === 'cpp' || ext === 'c') return 'C++ example (TFLM)';
  return 'About the examples';
}

/** Several files as one button: the files themselves when there is one, else a .zip named `zipAs`. */
function grouped(key: string, label: string, files: readonly ExportFileInfo[], zipAs: string): DownloadItem[] {
  const [first] = files;
  if (!first) return [];
  if (files.length === 1) return [{ key, label, names: [first.name], fileLabel: first.name, bytes: first.bytes }];
  return [
    {
      key,
      label,
      names: files.map((f) => f.name),
      zipAs,
      fileLabel: `${zipAs} (${files.map((f) => f.name).join(' + ')})`,
      bytes: total(files),
    },
  ];
}

/** The download buttons for an export, in the drawer's order: model, C array, examples, reports. */
export function downloadItems(preview: ExportPreview): DownloadItem[] {
  const of = (...roles: ExportFileInfo['role'][]) => preview.files.filter((f) => roles.includes(f.role));
  const format = FORMAT_NAMES[preview.format] ?? preview.format;
  const items: DownloadItem[] = [
    ...grouped('model', `Model file (${format})`, of('model'), `${stem(preview.fileName)}.zip`),
    ...grouped('header', 'C array', of('header', 'source'), `${preview.arrayName}.zip`),
  ];
  for (const file of of('example', 'note'))
    items.push({
      key: `example-${extension(file.name) || 'file'}`,
      label: exampleLabel(file.name),
      names: [file.name],
      fileLabel: file.name,
      bytes: file.bytes,
    });
  for (const file of of('report'))
    items.push({
      key: `report-${extension(file.name) || 'file'}`,
      label: extension(file.name) === 'json' ? 'Report (JSON)' : 'Report (Markdown)',
      names: [file.name],
      fileLabel: file.name,
      bytes: file.bytes,
    });
  return items;
}

/** The bundle's entry in the list, when the engine made one. */
export const bundleOf = (preview: ExportPreview): ExportFileInfo | undefined =>
  preview.files.find((f) => f.role === 'bundle');
