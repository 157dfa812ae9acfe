// What the commands that make a model (`quantize`, `prune`, `cluster`, `optimize`) share: reading typed
// options, naming layers, writing the model they made in the input's format, the first line of their
// report, JSON without Infinity, and progress lines on stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FORMAT_NAMES, FORMATS, ModelFormatError, type FormatId, type Model } from '../../core/index';
import { FileError, stringOption, UsageError, type CommandIO, type ParsedArgs } from '../command';
import { formatBytes } from '../text-format';
import { formatOfOutput } from './convert';

/** A string option that must be one of `allowed`. */
export function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

/** A numeric option passing `check` (described as `what` when it does not). */
export function numberOption(
  args: ParsedArgs,
  name: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name} must be ${what}, not "${value}"`);
  return n;
}

/** A repeatable, comma-separated option's values. */
export function listOption(args: ParsedArgs, name: string): string[] {
  const raw = args.values[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Node ids for names given on the command line (by node name or id); a name the model lacks is a usage error. */
export function nodeIdsNamed(model: Model, names: readonly string[], option: string, input: string): string[] {
  const nodes = model.graph.nodes;
  return names.flatMap((name) => {
    const found = nodes.filter((n) => n.id === name || n.name === name);
    if (!found.length) throw new UsageError(`--${option}: the model has no node named "${name}"`, input);
    return found.map((n) => n.id);
  });
}

/** Refuses an output path of another format than the model (before any work is done). */
export function checkOutputFormat(model: Model, input: string, output: string): void {
  const target = formatOfOutput(output);
  if (target !== model.format)
    throw new UsageError(
      `the output must be a ${FORMAT_NAMES[model.format]} file like the input (${basename(output)} is not)`,
      input,
    );
  if (!FORMATS.some((f) => f.id === model.format))
    throw new ModelFormatError(
      'unsupported',
      `writing ${FORMAT_NAMES[model.format]} models is not supported yet`,
      input,
    );
}

/** Writes `bytes` (text as UTF-8) to `path`, creating its folder; a failure names `shownAs`. Returns the bytes written. */
export function writeOut(path: string, shownAs: string, bytes: Uint8Array | string): number {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  } catch (error) {
    throw new FileError(
      shownAs,
      'unwritable',
      `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
}

/** Writes `model` to `output` (and its companions beside it) in its own format; the main file's size. */
function writeModelFile(model: Model, input: string, output: string, cwd: string): number {
  const format = FORMATS.find((f) => f.id === model.format);
  if (!format)
    throw new ModelFormatError(
      'unsupported',
      `writing ${FORMAT_NAMES[model.format]} models is not supported yet`,
      input,
    );
  const outPath = resolve(cwd, output);
  const [main, ...companions] = format.write(model, { baseName: basename(output).replace(/\.[^.]+$/, '') });
  if (!main)
    throw new ModelFormatError('unsupported', `the ${FORMAT_NAMES[model.format]} writer produced no file`, input);
  writeOut(outPath, output, main.bytes);
  for (const c of companions) writeOut(resolve(dirname(outPath), basename(c.name)), c.name, c.bytes);
  return main.bytes.byteLength;
}

/** The output file, its format and size against the input's: what every model-making command reports. */
export interface OutputFile {
  readonly output: string;
  readonly format: FormatId;
  readonly inputBytes: number;
  readonly bytes: number;
  readonly ratio: number;
}

/**
 * Writes `model` to `output` (companions beside it) in its own format and describes the file against the
 * input's main file of `inputBytes`.
 */
export function writeOutput(model: Model, input: string, output: string, cwd: string, inputBytes: number): OutputFile {
  const bytes = writeModelFile(model, input, output, cwd);
  return { output, format: model.format, inputBytes, bytes, ratio: bytes / inputBytes };
}

/** A report's first line: `OUT: FORMAT<detail>, SIZE (P % of INPUT SIZE)`; `detail` says what was done. */
export function outputHeadline(file: OutputFile, detail: string): string {
  return (
    `${file.output}: ${FORMAT_NAMES[file.format]}${detail}, ${formatBytes(file.bytes)} ` +
    `(${(100 * file.ratio).toFixed(1)} % of ${formatBytes(file.inputBytes)})`
  );
}

/** JSON with figures of error-free tensors (Infinity SQNR) as null, as `quantize --json` prints them. */
export function jsonSafe(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/**
 * Progress on stderr: a rewritten line on a terminal; otherwise a line per quarter done, never one for 0 %
 * (a step that fails at once leaves only its error line).
 */
export function progressLine(io: CommandIO): { update: (what: string, fraction: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = '';
  let lastQuarter = -1;
  return {
    update: (what, fraction) => {
      const percent = Math.round(fraction * 100);
      if (tty) {
        io.stderr(`\r${what}: ${percent} %\u001b[K`);
        return;
      }
      if (what !== last) {
        last = what;
        lastQuarter = -1;
      }
      const quarter = Math.floor(fraction * 4);
      if (fraction > 0 && quarter > lastQuarter) {
        lastQuarter = quarter;
        io.stderr(`${what}: ${percent} %\n`);
      }
    },
    done: () => {
      if (tty) io.stderr('\n');
    },
  };
}
