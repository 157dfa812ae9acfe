import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; the real CLI passes process streams, tests collect strings. */
export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Folder relative paths are resolved against. */
  readonly cwd: string;
}

/** Parsed arguments as node:util parseArgs returns them. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * One `scaledown` command. Each lives in its own file under commands/ and is listed in commands/index.ts;
 * the runner adds `--help` and `--json` to every command's options and turns errors into one stderr line.
 */
export interface Command {
  readonly name: string;
  /** One line for `scaledown --help`. */
  readonly summary: string;
  /** The synopsis, e.g. `scaledown inspect MODEL [COMPANION…] [--json]`. */
  readonly usage: string;
  /** Option lines of `scaledown <command> --help` (the runner adds --help). */
  readonly optionHelp: readonly string[];
  /** Notes printed after the options. */
  readonly notes?: readonly string[];
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Positionals required (the first is the file errors are reported against). */
  readonly minPositionals: number;
  readonly maxPositionals?: number;
  run(args: ParsedArgs, io: CommandIO): Promise<number> | number;
}

/** Bad command-line use: reported as one line with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** What the line names first: the model file when one was given. */
    readonly subject?: string,
  ) {
    super(message);
  }
}

/** A file-level problem found by the CLI itself (missing file, a folder given): exit code 1. */
export class FileError extends Error {
  override readonly name = 'FileError';
  constructor(
    readonly file: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A string option's value, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A numeric option's value, or undefined; a usage error naming the option when it is not a number. */
export function numberOption(args: ParsedArgs, name: string, file: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, not '${text}'`, file);
  return value;
}

/** A whole positive number option (a count, a grid size), or undefined. */
export function integerOption(args: ParsedArgs, name: string, file: string): number | undefined {
  const value = numberOption(args, name, file);
  if (value !== undefined && (!Number.isInteger(value) || value < 1))
    throw new UsageError(`--${name} must be a whole number of at least 1, not '${stringOption(args, name)}'`, file);
  return value;
}

/** A boolean flag's value. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
