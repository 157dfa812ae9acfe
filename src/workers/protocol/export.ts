// Export for microcontrollers: the model file, the C array (header or .h/.cc pair), TFLM examples, reports
// and the .zip bundle of an open model or variant, previewed and then handed over file by file.
import type { ArenaReserve, CArrayOptions, ExportSubject, FormatId } from '../../core';
import type { InputFile, JobId, ModelId, OutputFile } from './base';

/** What an export needs besides the model the engine holds. */
export interface ExportRequest {
  /** Array name, alignment, PROGMEM, section, split, arena margin (the core's defaults where unset). */
  readonly options: CArrayOptions;
  /** The model's accuracy as the studio measured it (evaluations live in the page), for the reports. */
  readonly accuracy?: ExportSubject['accuracy'];
  /**
   * Charts drawn by the page (SVG text and PNG images), put in the bundle under `charts/`. Their buffers are
   * transferred.
   */
  readonly charts?: readonly InputFile[];
  /**
   * 'memory': the model file is re-written by its format's writer with its operators in the memory-optimised
   * order (TFLite and ONNX keep the stored order; TFLM runs it), and the arena follows. Default 'model'.
   */
  readonly operatorOrder?: 'model' | 'memory';
}

/** The two operator orders an export can keep, and the activation peak of each (planned as stored). */
export interface ExportOrderInfo {
  readonly modelOrderPeak: number;
  /** Equal to modelOrderPeak when no order does better. */
  readonly optimisedPeak: number;
  /** The order of the exported file. */
  readonly used: 'model' | 'memory';
  /** Why 'memory' cannot be used for this model (TF.js decides its own order), when it cannot. */
  readonly unsupported?: string;
}

/** What a file of the export is. */
export type ExportFileRole =
  | 'model'
  | 'header'
  | 'source'
  | 'example'
  | 'note'
  | 'report'
  | 'chart'
  /** The bundle: every file above in one .zip. */
  | 'bundle';

/** One file of the export, by name (unique within the export) and size. */
export interface ExportFileInfo {
  readonly name: string;
  readonly role: ExportFileRole;
  readonly bytes: number;
}

/** An export as the panel previews it. */
export interface ExportPreview {
  readonly modelId: ModelId;
  /** The model's main file, as it downloads ("mnist-cnn.int8.onnx"). */
  readonly fileName: string;
  readonly format: FormatId;
  /** The C identifier of the array (the option's, or one made from the file name). */
  readonly arrayName: string;
  /** The header (.h) file's name. */
  readonly headerName: string;
  /**
   * The header's top: its first lines through the array's opening line and first row of bytes (at least
   * `EXPORT_PREVIEW_LINES`, at most `EXPORT_PREVIEW_MAX_LINES`), and how many lines it has in all.
   */
  readonly headerTop: string;
  readonly headerLines: number;
  /** Bytes the array takes in flash: the model plus alignment padding. */
  readonly flashBytes: number;
  /** The arena to reserve (`totalBytes`, the header's NAME_ARENA_SIZE): the plan, the margin, TFLM's own. */
  readonly arena: ArenaReserve;
  /** The operator order of the exported file and the peak of each order. */
  readonly operatorOrder?: ExportOrderInfo;
  /** Every file the export makes, in bundle order, the bundle itself last. */
  readonly files: readonly ExportFileInfo[];
  /** Timings in the engine (ms): building the text files, and zipping the bundle. */
  readonly timings: Readonly<Record<'files' | 'bundle', number>>;
}

/** Header lines the preview carries: at least, and at most. */
export const EXPORT_PREVIEW_LINES = 60;
export const EXPORT_PREVIEW_MAX_LINES = 160;

/** The export calls of the engine (EngineApi extends it). */
export interface ExportApi {
  /**
   * Builds the export of an open model (or variant) with the given options: the header's top, its size in
   * flash, the arena to reserve, and every file with its size. Fails with the core's message on a bad
   * option (an alignment that is not a power of two, a name that is not a C identifier).
   */
  exportPreview(jobId: JobId, modelId: ModelId, request: ExportRequest): Promise<ExportPreview>;
  /**
   * The files of the export named in `names` (from the preview's list), transferred; with `zipAs`, one .zip
   * of them by that name instead (a TF.js model's files, a .h/.cc pair).
   */
  exportFiles(
    jobId: JobId,
    modelId: ModelId,
    request: ExportRequest,
    names: readonly string[],
    zipAs?: string,
  ): Promise<OutputFile[]>;
}
