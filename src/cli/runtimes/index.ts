// Node runtimes behind the core's `Runner`, chosen by model format.
import { FORMAT_NAMES, withFixedBatch, type Model, type Tensor } from '../../core/index';
import { FileError } from '../command';
import { executorRunner } from './executor';
import { onnxRunner } from './onnx';
import type { ModelRunner } from './types';

export type { ModelRunner } from './types';

/**
 * A runner for `model` read from `path` (shown as `file`): ONNX in onnxruntime-node, TFLite in the
 * reference executor; TF.js is refused. Batches larger than a fixed batch dim of `input` are split.
 */
export async function nodeRunner(model: Model, input: Tensor, path: string, file: string): Promise<ModelRunner> {
  let runner: ModelRunner;
  if (model.format === 'onnx') runner = await onnxRunner(path, file);
  else if (model.format === 'tflite') runner = executorRunner(model);
  else
    throw new FileError(
      file,
      'unsupported',
      `evaluating ${FORMAT_NAMES[model.format]} models from the command line is not supported yet; ` +
        'convert it with `scaledown convert` to .onnx first, or evaluate it in the studio',
    );
  const fixed = input.shape?.[0];
  if (model.format === 'onnx' && typeof fixed === 'number' && fixed > 0)
    return { ...runner, run: withFixedBatch(runner.run, input.name || input.id, fixed) };
  return runner;
}
