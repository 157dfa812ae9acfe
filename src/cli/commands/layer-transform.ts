// What `prune` and `cluster` share: the options that choose which layers they touch, and the run itself —
// load IN, check OUT, transform, write OUT in the input's format, print the report as text or JSON.
import type { Model } from '../../core/index';
import { flag, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel } from '../load-model';
import {
  checkOutputFormat,
  jsonSafe,
  listOption,
  nodeIdsNamed,
  numberOption,
  outputHeadline,
  writeOutput,
  type OutputFile,
} from './transform-io';

/** `--exclude-first-last`, `--exclude` and `--min-elements`. */
export const LAYER_CHOICE_OPTIONS = {
  'exclude-first-last': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  'min-elements': { type: 'string' },
} as const satisfies Command['options'];

/** Help lines for the layer choice; `layers` says which layer --exclude-first-last counts ("prunable layer"). */
export function layerChoiceHelp(layers: string): string[] {
  return [
    `  --exclude-first-last       leave the first and the last ${layers} alone`,
    '  --exclude NODE[,NODE]      leave these layers (by node name or id) alone',
    '  --min-elements N           leave weights with fewer elements alone (default 16)',
  ];
}

/** The layer choice as the transforms' options spell it (pruning and clustering share these fields). */
export interface LayerChoice {
  readonly excludeFirstLast?: boolean;
  readonly minElements?: number;
  readonly overrides?: Readonly<Record<string, { readonly exclude: true }>>;
}

/** What `prune --json` and `cluster --json` print. */
export interface LayerTransformJson<O, R> extends OutputFile {
  readonly input: string;
  /** The options the transform ran with. */
  readonly options: O;
  readonly report: R;
}

/** What one command brings to the run. */
export interface LayerTransform<O, R> {
  /** The command's own options (already checked) with the layer choice added. */
  options(choice: LayerChoice): O;
  transform(model: Model, options: O): { model: Model; report: R };
  /** What the report's first line says after the format, e.g. `, 16 clusters per layer`. */
  headline(json: LayerTransformJson<O, R>): string;
  /** The report's lines after the first. */
  reportText(report: R): readonly string[];
}

/** Runs `how` from the command's two positionals IN and OUT; the exit code. */
export function runLayerTransform<O, R>(args: ParsedArgs, io: CommandIO, how: LayerTransform<O, R>): number {
  const [input, output] = args.positionals as [string, string];
  const minElements = numberOption(args, 'min-elements', (n) => Number.isInteger(n) && n >= 0, 'a whole number');

  const { model, files } = loadModel([input], io.cwd);
  checkOutputFormat(model, input, output);
  const excluded = nodeIdsNamed(model, listOption(args, 'exclude'), 'exclude', input);
  const options = how.options({
    ...(flag(args, 'exclude-first-last') ? { excludeFirstLast: true } : {}),
    ...(minElements !== undefined ? { minElements } : {}),
    ...(excluded.length ? { overrides: Object.fromEntries(excluded.map((id) => [id, { exclude: true }])) } : {}),
  });
  const { model: transformed, report } = how.transform(model, options);
  const file = writeOutput(transformed, input, output, io.cwd, files[0]!.bytes.byteLength);
  const result: LayerTransformJson<O, R> = { input, ...file, options, report };
  const text = () => [outputHeadline(result, how.headline(result)), ...how.reportText(report)].join('\n');
  io.stdout(flag(args, 'json') ? `${jsonSafe(result)}\n` : `${text()}\n`);
  return 0;
}
