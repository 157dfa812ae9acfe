// `scaledown export MODEL --c-header OUT.h [--name NAME] [--split] [--progmem] [--section S] [--align N]
// [--arena-margin PCT] [--bundle OUT.zip] [--json]`: the model as a C header (or .h/.cc pair) for firmware,
// and the deployment bundle (model, header, TFLM examples, reports).
import { basename, dirname, resolve } from 'node:path';
import {
  analyzeModel,
  arenaReserve,
  arrayName,
  bundleZip,
  cArrayFiles,
  exportBundle,
  flashBytes,
  tflmResolver,
  type ArenaReserve,
  type CArrayOptions,
  type ExportSubject,
} from '../core/index';
import { version } from '../../package.json';
import { flag, stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from './command';
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
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function numberOption(args: ParsedArgs, name: string, file: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, not '${text}'`, file);
  return value;
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
    'scaledown export MODEL --c-header OUT.h [--name NAME] [--split] [--progmem] [--section S] [--align N] [--bundle OUT.zip] [--json]',
  optionHelp: [
    '  --c-header OUT.h           write the model as a C array in OUT.h',
    '  --name NAME                array name (made a C identifier; default: from the file name)',
    '  --split                    declarations in OUT.h, the array in OUT.cc beside it',
    '  --progmem                  AVR: keep the array in program memory (PROGMEM)',
    '  --section S                place the array in linker section S (GCC/Clang attribute)',
    '  --align N                  array alignment in bytes, a power of two (default 16)',
    '  --arena-margin PCT         margin over the planned arena, in percent (default 20)',
    '  --bundle OUT.zip           write a .zip: model, header, TFLM examples, report.md, report.json',
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
    const { model, files } = loadModel([file], io.cwd);
    const main = files[0]!;
    const subject: ExportSubject = {
      fileName: main.name,
      bytes: main.bytes,
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
      };
      io.stdout(`${JSON.stringify(json)}\n`);
      return 0;
    }
    const lines = written.map((w) => `${w.path}: ${formatBytes(w.bytes)}`);
    lines.push(
      `array ${name}: ${subject.bytes.length} bytes of ${file} (${formatBytes(flash)} in flash, ${options.alignment ?? 16}-byte aligned)`,
      `arena to reserve: ${formatBytes(arena.totalBytes)} (plan ${formatBytes(arena.plannedBytes)} + ${arena.marginPercent}% margin${arena.overheadBytes ? ` + ${formatBytes(arena.overheadBytes)} TFLM bookkeeping` : ''})`,
    );
    if (model.format === 'tflite')
      lines.push(`TFLM resolver: ${plural(tflmResolver(model).count, 'operator')} (see the header)`);
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
