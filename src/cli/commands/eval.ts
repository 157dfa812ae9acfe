// `scaledown eval MODEL --data DATA`: accuracy and output statistics of a model on a dataset, and its
// agreement and error against a reference model (DESIGN.md, "The command line contract").
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  dataInput,
  DatasetError,
  evaluate,
  FORMAT_NAMES,
  readDataset,
  readMnistDigits,
  type ClassAccuracy,
  type Dataset,
  type EvaluationResult,
  type FormatId,
  type Model,
  type OutputStatistics,
} from '../../core/index';
import { FileError, flag, stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel, readFileBytes } from '../load-model';
import { nodeRunner, type ModelRunner } from '../runtimes/index';
import { formatCount, table } from '../text-format';
import { MNIST_PATH } from './quantize-data';
import { jsonSafe, numberOption, progressLine } from './transform-io';

/** What `eval --json` prints. Fractions are 0..1; an SQNR of identical outputs (Infinity) prints as null. */
export interface EvalJson {
  readonly model: string;
  readonly format: FormatId;
  readonly runtime: string;
  readonly data: string;
  readonly samples: number;
  readonly output: string;
  readonly valuesPerSample: number;
  readonly classes?: number;
  readonly top1?: number;
  readonly top5?: number;
  readonly perClass?: readonly ClassAccuracy[];
  /** confusion[label][predicted]. */
  readonly confusion?: readonly (readonly number[])[];
  readonly reference?: string;
  readonly agreement?: number;
  readonly mse?: number;
  readonly sqnr?: number;
  readonly cosine?: number;
  readonly maxAbsError?: number;
  readonly statistics: OutputStatistics;
  readonly notes: readonly string[];
}

/** The dataset named on the command line: `mnist` (the built-in digits, 0..1) or a .npz/.npy file. */
function loadData(source: string, cwd: string): Dataset {
  if (source === 'mnist') {
    if (!existsSync(MNIST_PATH))
      throw new FileError(MNIST_PATH, 'missing-file', 'the built-in MNIST digits are missing');
    return readMnistDigits(readFileBytes(MNIST_PATH), { unit: true }, 'mnist');
  }
  return readDataset(readFileBytes(resolve(cwd, source), source), source);
}

/** Runs `work`, reporting a dataset problem against the dataset (as `quantize --calibration` does). */
async function againstData<T>(source: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatasetError) {
      const message = error.message.startsWith(`${source}: `) ? error.message.slice(source.length + 2) : error.message;
      throw new FileError(source, error.code, message);
    }
    throw error;
  }
}

async function openRunner(
  model: Model,
  path: string,
  cwd: string,
  data: string,
): Promise<ModelRunner & { key: string }> {
  const input = await againstData(data, () => dataInput(model, data));
  const runner = await nodeRunner(model, input, resolve(cwd, path), path);
  return { ...runner, key: input.name || input.id };
}

const pct = (v: number): string => `${(100 * v).toFixed(2)} %`;
const num = (v: number): string =>
  v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1e5 ? v.toPrecision(4) : v.toExponential(3);

function toJson(
  base: Pick<EvalJson, 'model' | 'format' | 'runtime' | 'data'>,
  r: EvaluationResult,
  ref?: string,
): EvalJson {
  const c = r.classification;
  const d = r.reference;
  return {
    ...base,
    samples: r.samples,
    output: r.output,
    valuesPerSample: r.valuesPerSample,
    ...(c
      ? {
          classes: c.classes,
          top1: c.top1,
          ...(c.top5 !== undefined ? { top5: c.top5 } : {}),
          perClass: c.perClass,
          confusion: c.confusion,
        }
      : {}),
    ...(d && ref !== undefined
      ? {
          reference: ref,
          agreement: d.agreement,
          mse: d.mse,
          sqnr: d.sqnr,
          cosine: d.cosine,
          maxAbsError: d.maxAbsError,
        }
      : {}),
    statistics: r.statistics,
    notes: r.notes,
  };
}

function textReport(j: EvalJson, seconds: number): string {
  const lines = [
    `${j.model}: ${FORMAT_NAMES[j.format]} in ${j.runtime}, ${formatCount(j.samples)} samples of ${j.data} in ` +
      `${seconds.toFixed(1)} s, output "${j.output}" (${j.valuesPerSample} values per sample)`,
  ];
  if (j.top1 !== undefined && j.confusion && j.perClass) {
    const correct = j.perClass.reduce((n, p) => n + p.correct, 0);
    lines.push(
      `top-1 ${pct(j.top1)} (${formatCount(correct)} / ${formatCount(j.samples)})` +
        (j.top5 !== undefined ? `, top-5 ${pct(j.top5)}` : ''),
    );
    lines.push('');
    lines.push("confusion matrix (rows: label, columns: predicted; last column: the label's top-1)");
    const header = ['', ...j.confusion.map((_, k) => String(k)), 'top-1'];
    const rows = j.confusion.map((row, label) => {
      const p = j.perClass![label]!;
      return [String(label), ...row.map(String), p.top1 === null ? '-' : pct(p.top1)];
    });
    lines.push(table([header, ...rows], 'r'.repeat(header.length)));
  }
  if (j.agreement !== undefined) {
    lines.push('');
    lines.push(
      `against ${j.reference}: agreement ${pct(j.agreement)}, SQNR ${Number.isFinite(j.sqnr) ? `${j.sqnr!.toFixed(1)} dB` : 'exact'}, ` +
        `cosine ${j.cosine!.toFixed(6)}, MSE ${num(j.mse!)}, max |Δ| ${num(j.maxAbsError!)}`,
    );
  }
  const s = j.statistics;
  lines.push('');
  lines.push(
    `outputs: min ${num(s.min)}, max ${num(s.max)}, mean ${num(s.mean)}, std ${num(s.std)}` +
      (s.nonFinite ? `, ${formatCount(s.nonFinite)} not finite` : ''),
  );
  for (const note of j.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'accuracy and output statistics of a model on a dataset, optionally against a reference model',
  usage:
    'scaledown eval MODEL --data DATA [--samples N] [--scale S --mean M --std D] [--reference OTHER_MODEL] [--json]',
  optionHelp: [
    '  --data DATA                a .npz/.npy file (array x, samples along the first axis; optional y: class',
    '                             labels or one-hot rows) or "mnist" for the built-in 10,000 digits (0..1)',
    '  --samples N                evaluate a seeded random subset of N samples (default: all)',
    '  --scale S, --mean M, --std D   preprocess the data: (x × S − M) / D',
    '  --reference OTHER_MODEL    also run OTHER_MODEL on the same data: top-1 agreement, MSE, SQNR, cosine',
    '  --json                     print the results as JSON on stdout (fractions 0..1)',
  ],
  notes: [
    'ONNX models run in onnxruntime-node, TFLite models in the reference executor; TF.js is not supported yet.',
    'Progress goes to stderr (not with --json).',
  ],
  options: {
    data: { type: 'string' },
    samples: { type: 'string' },
    scale: { type: 'string' },
    mean: { type: 'string' },
    std: { type: 'string' },
    reference: { type: 'string' },
  },
  minPositionals: 1,
  maxPositionals: 1,
  async run(args: ParsedArgs, io: CommandIO): Promise<number> {
    const [path] = args.positionals as [string];
    const json = flag(args, 'json');
    const source = stringOption(args, 'data');
    if (source === undefined) throw new UsageError('needs --data DATA (a .npz/.npy file, or "mnist")');
    const samples = numberOption(args, 'samples', (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
    const scale = numberOption(args, 'scale', (n) => n !== 0, 'a non-zero number');
    const mean = numberOption(args, 'mean', () => true, 'a number');
    const std = numberOption(args, 'std', (n) => n !== 0, 'a non-zero number');
    const referencePath = stringOption(args, 'reference');

    const { model } = loadModel([path], io.cwd);
    const reference = referencePath === undefined ? undefined : loadModel([referencePath], io.cwd).model;
    const dataset = await againstData(source, () => loadData(source, io.cwd));
    const main = await openRunner(model, path, io.cwd, source);
    const other = reference && referencePath ? await openRunner(reference, referencePath, io.cwd, source) : undefined;
    const progress = json ? undefined : progressLine(io);
    const started = Date.now();
    try {
      const result = await againstData(source, () =>
        evaluate(
          main.run,
          {
            dataset,
            input: { ...dataInput(model, source), name: main.key },
            preprocess: {
              ...(scale !== undefined ? { scale } : {}),
              ...(mean !== undefined ? { mean } : {}),
              ...(std !== undefined ? { std } : {}),
            },
            ...(samples !== undefined ? { samples } : {}),
          },
          {
            batchSize: 64,
            // The reference gets the same samples, cast for its own input.
            ...(other && reference
              ? { reference: other.run, referenceInput: { ...dataInput(reference, source), name: other.key } }
              : {}),
            ...(progress
              ? {
                  onProgress: (done: number, total: number) =>
                    progress.update(`evaluating on ${total} samples`, done / total),
                }
              : {}),
          },
        ),
      );
      progress?.done();
      const out = toJson(
        { model: path, format: model.format, runtime: main.runtime, data: source },
        result,
        referencePath,
      );
      io.stdout(json ? `${jsonSafe(out)}\n` : textReport(out, (Date.now() - started) / 1000));
      return 0;
    } finally {
      await main.close();
      await other?.close();
    }
  },
};
