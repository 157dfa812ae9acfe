// The export contract (issue 7): what the C header, the TFLM examples and the reports are made from.
// The studio's worker (src/workers) and the CLI (src/cli/export.ts) both call these.
import type { ModelAnalysis } from '../analysis/analyze';
import type { Model } from '../ir/types';

/** Options of the C array files. */
export interface CArrayOptions {
  /** C identifier for the array; default from the file name (cIdentifier). */
  readonly name?: string;
  /** Bytes, default 16 (alignas(N)); a power of two. */
  readonly alignment?: number;
  /** AVR: PROGMEM, <avr/pgmspace.h> guarded by __AVR__. */
  readonly progmem?: boolean;
  /** Emits __attribute__((section("..."))) on the array. */
  readonly section?: string;
  /** .h declarations + .cc definition instead of one header. */
  readonly split?: boolean;
  /** Margin added to the planned arena, in percent; default 20 (stated in the comment). */
  readonly arenaMarginPercent?: number;
  /** File name of the header (default NAME.h): what the .cc and the examples #include. */
  readonly headerFile?: string;
}

/** What the comment block, examples and reports describe. */
export interface ExportSubject {
  /** Model file name, e.g. "mnist-cnn.int8.tflite". */
  readonly fileName: string;
  /** The model file exactly as downloaded. */
  readonly bytes: Uint8Array;
  /** Its IR (read from bytes). */
  readonly model: Model;
  /** analyzeModel(model). */
  readonly analysis: ModelAnalysis;
  /** Recipe steps, as text. */
  readonly lineage?: readonly { readonly kind: string; readonly summary: string }[];
  readonly accuracy?: {
    readonly data: string;
    readonly samples: number;
    readonly top1?: number;
    readonly agreement?: number;
  };
  /** E.g. "ScaleDown Studio 0.1.0". */
  readonly generator?: string;
}

/** A generated text file: its name (no folder) and contents. */
export interface TextFile {
  readonly name: string;
  readonly text: string;
}

/** The MicroMutableOpResolver lines for a TFLite model. */
export interface TflmResolver {
  /** The N of MicroMutableOpResolver<N>: the number of distinct registrations. */
  readonly count: number;
  readonly lines: readonly string[];
}

/** A file for the .zip bundle. */
export interface BundleEntry {
  name: string;
  bytes: Uint8Array;
}
