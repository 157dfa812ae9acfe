// Models without a Node runtime at hand (TFLite: tfjs-tflite runs only in browsers) run in the project's
// own float reference executor, when it has every op the model uses.
import { ExecutionError, runModelTensors, unsupportedOps, type Model, type Runner } from '../../core/index';
import type { ModelRunner } from './types';

/** The reference executor for `model`; refuses at once, in one sentence, a model with ops it lacks. */
export function executorRunner(model: Model): ModelRunner {
  const missing = unsupportedOps(model);
  if (missing.length)
    throw new ExecutionError(
      'unsupported-op',
      `the reference executor cannot run ${missing.join(', ')}, so this model cannot be evaluated from the command line`,
    );
  const names = new Map(model.graph.tensors.map((t) => [t.id, t.name || t.id]));
  const run: Runner = async (feeds) => {
    const out = await runModelTensors(model, feeds, { yieldEveryMs: 0 });
    return Object.fromEntries(
      model.graph.outputs.map((id) => [names.get(id) ?? id, { data: out[id]!.data, shape: out[id]!.shape }]),
    );
  };
  return { run, runtime: 'reference executor', close: async () => {} };
}
