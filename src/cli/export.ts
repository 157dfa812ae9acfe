// `scaledown export MODEL --c-header OUT.h [--name NAME] [--split] [--progmem] [--section S] [--align N]
// [--arena-margin PCT] [--bundle OUT.zip] [--schedule model|optimised] [--json]`: the model as a C header (or .h/.cc pair) for firmware,
// and the deployment bundle (model, header, TFLM examples, reports).
import { basename, dirname, resolve } from 'node:path';
import {
  analyzeModel,
  arenaReserve,
  arrayName,
  assertExportable,
  bundleZip,
  cArrayFiles,
  exportBundle,
  flashBytes,
  planMemory,
  readModel,
  reorderNodes,
  tflmResolver,
  writeModel,
  type ArenaReserve,
  type CArrayOptions,
  type ExportSubject,
  type Model,
} from '../core/index';
import { version } from '../../package.json';
import { flag, numberOption, stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from './command';
import { writeOut } from './commands/transform-io';
import { loadModel } from './load-model';
import { formatBytes } from './text-format';

/** What `export --json` prints. */
export interface ExportJson {
  readonly input: string;
  readonly format: string;
  /** The C identifier of the array (NAME, NAME_len, NAME_ARENA_SIZE). */
  readonly name: string;
  /** Files written: the header (and .cc), then the bundle. */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly modelBytes: number;
  readonly flashBytes: number;
  readonly arena: ArenaReserve;
  /** TFLite models: the MicroMutableOpResolver lines. */
  readonly resolver?: { readonly count: number; readonly lines: readonly string[] };
  /** Names inside the bundle, when one was written. */
  readonly bundle?: readonly string[];
  /** With --schedule optimised: the order written and the activation peak of each order. */
  readonly operatorOrder?: OrderJson;
}

interface OrderJson {
  readonly used: 'model' | 'memory';
  readonly modelOrderPeak: number;
  readonly optimisedPeak: number;
}

/**
 * The model to export: as read, or (--schedule optimised, when that order lowers the peak) re-written by its
 * format's writer with its operators in the memory-optimised order (TFLite and ONNX keep the stored order)
 * and read back, so the array, the reports and the arena all follow that order.
 */
function orderedModel(
  model: Model,
  name: string,
  bytes: Uint8Array,
  file: string,
  schedule: string,
): { model: Model; bytes: Uint8Array; order?: OrderJson } {
  if (schedule === 'model') return { model, bytes };
  if (schedule !== 'optimised') throw new UsageError(`--schedule must be model or optimised, not '${schedule}'`, file);
  if (model.format === 'tfjs')
    throw new UsageError(
      'TF.js orders the operators itself when it loads a model: --schedule optimised cannot apply',
      file,
    );
  const { modelOrderPeak, optimisedPeak, order } = planMemory(model, { schedule: 'optimised' }).schedule;
  if (optimisedPeak >= modelOrderPeak) return { model, bytes, order: { used: 'model', modelOrderPeak, optimisedPeak } };
  const written = writeModel(reorderNodes(model, order));
  const main = written[0]!;
  return {
    model: readModel(written.map((f, i) => (i === 0 ? { name, bytes: main.bytes } : f))),
    bytes: main.bytes,
    order: { used: 'memory', modelOrderPeak, optimisedPeak },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function exportOptions(args: ParsedArgs, file: string, header: string | undefined): CArrayOptions {
  const name = stringOption(args, 'name');
  const section = stringOption(args, 'section');
  const alignment = numberOption(args, 'align', file);
  const margin = numberOption(args, 'arena-margin', file);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(section !== undefined ? { section } : {}),
    ...(alignment !== undefined ? { alignment } : {}),
    ...(margin !== undefined ? { arenaMarginPercent: margin } : {}),
    ...(header !== undefined ? { headerFile: basename(header) } : {}),
    progmem: flag(args, 'progmem'),
    split: flag(args, 'split'),
  };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'C header (or .h/.cc pair) of a model for firmware, and a bundle with TFLM examples and reports',
  usage:
    'scaledown export MODEL --c-header OUT.h [--name NAME] [--split] [--progmem] [--section S] [--align N] [--bundle OUT.zip] [--schedule optimised] [--json]',
  optionHelp: [
    '  --c-header OUT.h           write the model as a C array in OUT.h',
    '  --name NAME                array name (made a C identifier; default: from the file name)',
    '  --split                    declarations in OUT.h, the array in OUT.cc beside it',
    '  --progmem                  AVR: keep the array in program memory (PROGMEM)',
    '  --section S                place the array in linker section S (GCC/Clang attribute)',
    '  --align N                  array alignment in bytes, a power of two (default 16)',
    '  --arena-margin PCT         margin over the planned arena, in percent (default 20)',
    '  --bundle OUT.zip           write a .zip: model, header, TFLM examples, report.md, report.json',
    "  --schedule ORDER           'optimised': write the model with its operators in the memory-optimised order",
    '  --json                     print what was written as JSON on stdout',
  ],
  notes: [
    'The header comment states inputs, outputs, quantization, the arena to reserve and, for TFLite,',
    'the MicroMutableOpResolver lines for exactly the operators the model uses.',
  ],
  options: {
    'c-header': { type: 'string' },
    name: { type: 'string' },
    split: { type: 'boolean' },
    progmem: { type: 'boolean' },
    section: { type: 'string' },
    align: { type: 'string' },
    'arena-margin': { type: 'string' },
    bundle: { type: 'string' },
    schedule: { type: 'string' },
  },
  minPositionals: 1,
  maxPositionals: 1,
  run(args: ParsedArgs, io: CommandIO): number {
    const [file] = args.positionals as [string];
    const header = stringOption(args, 'c-header');
    const bundle = stringOption(args, 'bundle');
    if (header === undefined && bundle === undefined)
      throw new UsageError('give --c-header OUT.h, --bundle OUT.zip, or both', file);
    const options = exportOptions(args, file, header);
    const loaded = loadModel([file], io.cwd);
    // A file may hold a model no runtime would load (an edit saved half-way, a converter's slip): refused,
    // with its problems listed, before anything is written.
    assertExportable(loaded.model);
    const main = loaded.files[0]!;
    const { model, bytes, order } = orderedModel(
      loaded.model,
      main.name,
      main.bytes,
      file,
      stringOption(args, 'schedule') ?? 'model',
    );
    const subject: ExportSubject = {
      fileName: main.name,
      bytes,
      model,
      analysis: analyzeModel(model),
      generator: `ScaleDown Studio ${version}`,
    };
    // Every file is made before any is written: an option the core refuses leaves nothing half-written.
    const arrays = header !== undefined ? cArrayFiles(subject, options) : [];
    const entries = bundle !== undefined ? exportBundle(subject, options) : [];
    const zip = bundle !== undefined ? bundleZip(entries) : undefined;

    const written: { path: string; bytes: number }[] = [];
    if (header !== undefined) {
      const folder = dirname(header);
      for (const f of arrays) {
        const path = f === arrays[0] ? header : `${folder === '.' ? '' : `${folder}/`}${f.name}`;
        written.push({ path, bytes: writeOut(resolve(io.cwd, path), path, f.text) });
      }
    }
    if (bundle !== undefined && zip)
      written.push({ path: bundle, bytes: writeOut(resolve(io.cwd, bundle), bundle, zip) });

    const name = arrayName(subject, options);
    const arena = arenaReserve(subject, options);
    const flash = flashBytes(subject, options);
    if (flag(args, 'json')) {
      const json: ExportJson = {
        input: file,
        format: model.format,
        name,
        files: written,
        modelBytes: subject.bytes.length,
        flashBytes: flash,
        arena,
        ...(model.format === 'tflite' ? { resolver: tflmResolver(model) } : {}),
        ...(bundle !== undefined ? { bundle: entries.map((e) => e.name) } : {}),
        ...(order ? { operatorOrder: order } : {}),
      };
      io.stdout(`${JSON.stringify(json)}\n`);
      return 0;
    }
    const lines = written.map((w) => `${w.path}: ${formatBytes(w.bytes)}`);
    lines.push(
      `array ${name}: ${subject.bytes.length} bytes of ${file} (${formatBytes(flash)} in flash, ${options.alignment ?? 16}-byte aligned)`,
      `arena to reserve: ${formatBytes(arena.totalBytes)} (plan ${formatBytes(arena.plannedBytes)} + ${arena.marginPercent}% margin${arena.overheadBytes ? ` + ${formatBytes(arena.overheadBytes)} TFLM bookkeeping` : ''})`,
    );
    if (order)
      lines.push(
        order.used === 'memory'
          ? `operator order: memory-optimised, activation peak ${formatBytes(order.modelOrderPeak)} → ${formatBytes(order.optimisedPeak)}`
          : `operator order: the model's own (no order found with a lower peak than ${formatBytes(order.modelOrderPeak)})`,
      );
    if (model.format === 'tflite')
      lines.push(`TFLM resolver: ${plural(tflmResolver(model).count, 'operator')} (see the header)`);
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
