import { pruneModel, type PruneOptions, type PruneReport } from '../../core/index';
import { stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { LAYER_CHOICE_OPTIONS, layerChoiceHelp, runLayerTransform, type LayerTransformJson } from './layer-transform';
import { numberOption, oneOf } from './transform-io';
import { pruneText } from './weights-report';

/**
 * What `prune --json` prints; `options` are those the pruner ran with (the CLI's method names mapped:
 * structured → channels, 2:4 → n-m).
 */
export type PruneJson = LayerTransformJson<PruneOptions, PruneReport>;

/** `magnitude`, `structured` (or `channels`), or an N:M pattern such as `2:4`. */
function methodOf(value: string | undefined): Pick<PruneOptions, 'method' | 'n' | 'm'> {
  if (value === undefined || value === 'magnitude') return { method: 'magnitude' };
  if (value === 'structured' || value === 'channels') return { method: 'channels' };
  const nm = /^(\d+):(\d+)$/.exec(value);
  if (nm) return { method: 'n-m', n: Number(nm[1]), m: Number(nm[2]) };
  throw new UsageError(`--method must be magnitude, structured or an N:M pattern such as 2:4, not "${value}"`);
}

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'prune weights (magnitude, N:M such as 2:4, or whole channels) and report sparsity and sparse storage',
  usage: 'scaledown prune IN OUT --sparsity S [--method magnitude|structured|2:4] [--scope layer|global] [--json]',
  optionHelp: [
    '  --sparsity S               share of weights set to zero (magnitude) or of channels removed',
    '                             (structured), 0 ≤ S < 1; an N:M method needs none',
    '  --method M                 magnitude (default: the smallest |w| become zero), structured (whole',
    '                             output channels removed, consumers rewritten: fewer MACs), or N:M',
    '                             such as 2:4 (keep N of every M weights along the input axis)',
    '  --scope S                  magnitude: one sparsity per layer (layer, default) or one threshold',
    '                             across all layers (global)',
    '  --norm N                   structured: channel importance by l1 (default) or l2 norm',
    '  --channel-multiple N       structured: keep channel counts a multiple of N',
    ...layerChoiceHelp('prunable layer'),
    '  --json                     print the report as JSON on stdout',
  ],
  notes: [
    "The output format is the input's (OUT: .onnx, .tflite or model.json). Unstructured and N:M pruning",
    'keep the weights dense (zeros stored as zeros) and report what bitmask or CSR storage would save;',
    'structured pruning really removes channels.',
  ],
  options: {
    sparsity: { type: 'string' },
    method: { type: 'string' },
    scope: { type: 'string' },
    norm: { type: 'string' },
    'channel-multiple': { type: 'string' },
    ...LAYER_CHOICE_OPTIONS,
  },
  minPositionals: 2,
  maxPositionals: 2,
  run(args: ParsedArgs, io: CommandIO): number {
    const method = methodOf(stringOption(args, 'method'));
    const sparsity = numberOption(args, 'sparsity', (n) => n >= 0 && n < 1, 'a share from 0 up to (not including) 1');
    if (method.method === 'n-m' && sparsity !== undefined)
      throw new UsageError(`--sparsity does not apply to ${method.n}:${method.m} (its sparsity is fixed by N:M)`);
    if (method.method !== 'n-m' && sparsity === undefined)
      throw new UsageError('needs --sparsity S (for example 0.5 for half the weights)');
    const scope = oneOf(args, 'scope', ['layer', 'global'] as const);
    if (scope !== undefined && method.method !== 'magnitude')
      throw new UsageError('--scope applies to magnitude pruning only');
    const norm = oneOf(args, 'norm', ['l1', 'l2'] as const);
    const channelMultiple = numberOption(
      args,
      'channel-multiple',
      (n) => Number.isInteger(n) && n >= 1,
      'a whole number ≥ 1',
    );
    if ((norm !== undefined || channelMultiple !== undefined) && method.method !== 'channels')
      throw new UsageError('--norm and --channel-multiple apply to --method structured only');

    return runLayerTransform<PruneOptions, PruneReport>(args, io, {
      options: (choice) => ({
        ...method,
        ...(sparsity !== undefined ? { sparsity } : {}),
        ...(scope ? { scope } : {}),
        ...(norm ? { norm } : {}),
        ...(channelMultiple !== undefined ? { channelMultiple } : {}),
        ...choice,
      }),
      transform: pruneModel,
      headline: () => '',
      reportText: pruneText,
    });
  },
};
