import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { FORMATS, ModelFormatError, type FormatId, type ModelFile } from '../../core/index';
import { FileError, flag, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel } from '../load-model';
import { formatBytes } from '../text-format';

const NAMES: Readonly<Record<FormatId, string>> = { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' };

/** What `convert --json` prints. */
export interface ConvertJson {
  readonly input: string;
  readonly output: string;
  readonly format: FormatId;
  /** Size of the main output file. */
  readonly bytes: number;
  /** Every file written (the main one first; companions such as weight shards after it). */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

/** The format an output path asks for, from its extension (a TF.js model is a `.json` file). */
export function formatOfOutput(path: string): FormatId | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') return 'onnx';
  if (ext === '.tflite') return 'tflite';
  if (ext === '.json') return 'tfjs';
  return undefined;
}

function writeOut(path: string, shownAs: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new FileError(shownAs, 'unwritable', `cannot be written (${code})`);
  }
}

export const convertCommand: Command = {
  name: 'convert',
  summary: "re-encode a model; the output format comes from OUT's extension (.onnx, .tflite, model.json)",
  usage: 'scaledown convert IN OUT [--json]',
  optionHelp: ['  --json                     print {input, output, format, bytes, files} as JSON on stdout'],
  notes: [
    'Companion files the input refers to (ONNX external data, TF.js weight shards) are read from its',
    'folder; companions of the output are written beside OUT. Converting between formats is not',
    'supported yet: IN and OUT must be of the same format.',
  ],
  options: {},
  minPositionals: 2,
  maxPositionals: 2,
  run(args: ParsedArgs, io: CommandIO): number {
    const [input, output] = args.positionals as [string, string];
    const target = formatOfOutput(output);
    if (!target)
      throw new UsageError(
        `cannot tell the output format from "${basename(output)}": name it .onnx, .tflite or model.json`,
      );
    const { model } = loadModel([input], io.cwd);
    if (model.format !== target)
      throw new ModelFormatError(
        'unsupported',
        `converting ${NAMES[model.format]} to ${NAMES[target]} is not supported yet`,
        input,
      );
    const format = FORMATS.find((f) => f.id === target);
    if (!format)
      throw new ModelFormatError('unsupported', `writing ${NAMES[target]} models is not supported yet`, input);

    const outPath = resolve(io.cwd, output);
    const base = basename(output, extname(output));
    const files: ModelFile[] = format.write(model, { baseName: base });
    const [main, ...companions] = files;
    if (!main) throw new ModelFormatError('unsupported', `the ${NAMES[target]} writer produced no file`, input);
    const written = [{ path: output, bytes: main.bytes.byteLength }];
    writeOut(outPath, output, main.bytes);
    for (const c of companions) {
      const path = resolve(dirname(outPath), basename(c.name));
      const shown = resolve(dirname(output), basename(c.name));
      writeOut(path, shown, c.bytes);
      written.push({ path: shown, bytes: c.bytes.byteLength });
    }

    if (flag(args, 'json')) {
      const json: ConvertJson = { input, output, format: target, bytes: main.bytes.byteLength, files: written };
      io.stdout(`${JSON.stringify(json)}\n`);
    } else {
      const extra = companions.length ? ` and ${companions.length} companion file(s)` : '';
      io.stdout(`${output}: ${NAMES[target]} model, ${formatBytes(main.bytes.byteLength)}${extra} (from ${input})\n`);
    }
    return 0;
  },
};
