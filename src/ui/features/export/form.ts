// The export panel's options as typed, checked live: what goes to the engine (the core's CArrayOptions),
// what the array will be called, and what is wrong, field by field, in words a firmware author reads.
import { cIdentifier, type CArrayOptions } from '../../../core';

/** The options as the user typed them. */
export interface ExportForm {
  /** The array's name; empty: made from the file name. */
  readonly name: string;
  /** Alignment in bytes, as typed. */
  readonly alignment: string;
  /** One header, or a .h with the declarations and a .cc with the data. */
  readonly layout: 'single' | 'split';
  readonly progmem: boolean;
  /** Linker section; empty: none. */
  readonly section: string;
  /** Margin on top of the planned arena, in percent, as typed. */
  readonly margin: string;
  /** The operator order of the exported model file: as stored, or the memory-optimised one. */
  readonly operatorOrder: 'model' | 'memory';
}

export const DEFAULT_EXPORT_FORM: ExportForm = {
  name: '',
  alignment: '16',
  layout: 'single',
  progmem: false,
  section: '',
  margin: '20',
  operatorOrder: 'model',
};

export type ExportField = 'name' | 'alignment' | 'section' | 'margin';

/** The form checked against the model's file name. */
export interface CheckedExportForm {
  /** What the engine gets; undefined while a field is wrong (downloads are disabled then). */
  readonly options: CArrayOptions | undefined;
  /** The identifier the array will have, and the one it has when no name is typed. */
  readonly arrayName: string;
  readonly defaultName: string;
  /** Problems that stop the export, by field. */
  readonly errors: Partial<Record<ExportField, string>>;
  /** Things the export changes for the user (a name made into an identifier), by field. */
  readonly notes: Partial<Record<ExportField, string>>;
}

/** Largest alignment offered: a page; nothing on an MCU asks for more. */
export const MAX_ALIGNMENT = 4096;
export const MAX_MARGIN = 1000;

// A section name goes inside a C string literal and to the assembler: no quotes, backslashes or spaces
// (the core's own rule).
const SECTION = /^[A-Za-z0-9_.$][A-Za-z0-9_.$,-]*$/;

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

function alignmentError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Give an alignment in bytes: 16 is what TensorFlow Lite Micro expects.';
  const n = Number(trimmed);
  if (!isPowerOfTwo(n))
    return `Alignment must be a power of two (1, 2, 4, 8, 16, …); ${trimmed} is not. TensorFlow Lite Micro expects 16.`;
  if (n > MAX_ALIGNMENT) return `Alignment ${n} is more than a page (${MAX_ALIGNMENT} bytes); 16 is enough for TFLM.`;
  return undefined;
}

function sectionError(text: string, progmem: boolean): string | undefined {
  if (text === '') return undefined;
  if (!SECTION.test(text))
    return 'A section name may use letters, digits and . _ $ , - only (e.g. .rodata.model), with no spaces or quotes.';
  if (progmem) return 'PROGMEM already puts the array in its own section (.progmem.data): clear one of the two.';
  return undefined;
}

function marginError(text: string): string | undefined {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_MARGIN)
    return `The arena margin is a whole percentage from 0 to ${MAX_MARGIN}.`;
  return undefined;
}

/** Checks the form: the options to send, the array's name, and what is wrong or changed, by field. */
export function checkExportForm(form: ExportForm, fileName: string): CheckedExportForm {
  const errors: Partial<Record<ExportField, string>> = {};
  const notes: Partial<Record<ExportField, string>> = {};
  const typed = form.name.trim();
  const defaultName = cIdentifier(fileName);
  const arrayName = typed ? cIdentifier(typed) : defaultName;
  if (typed && arrayName !== typed)
    notes.name = `“${typed}” is not a C identifier (or is a reserved word): the array will be called ${arrayName}.`;
  const alignment = alignmentError(form.alignment);
  if (alignment) errors.alignment = alignment;
  const section = sectionError(form.section.trim(), form.progmem);
  if (section) errors.section = section;
  const margin = marginError(form.margin);
  if (margin) errors.margin = margin;
  const ok = Object.keys(errors).length === 0;
  const options: CArrayOptions | undefined = ok
    ? {
        name: arrayName,
        alignment: Number(form.alignment.trim()),
        ...(form.progmem ? { progmem: true } : {}),
        ...(form.section.trim() ? { section: form.section.trim() } : {}),
        ...(form.layout === 'split' ? { split: true } : {}),
        arenaMarginPercent: Number(form.margin.trim()),
      }
    : undefined;
  return { options, arrayName, defaultName, errors, notes };
}
