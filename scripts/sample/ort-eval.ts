// Runs an ONNX classifier over a digit set with onnxruntime-node: the independent consumer that checks
// what our writer produced (DESIGN.md: every exported file is checked by a reference runtime).
import * as ort from 'onnxruntime-node';
import { argmaxRows, PIXELS, type DigitSet } from './mnist-data';

/** Predicted class per digit, the raw logits, and top-1 accuracy against the labels. */
export interface OnnxEvaluation {
  readonly predictions: Uint8Array;
  readonly logits: Float32Array;
  readonly top1: number;
  /** What onnxruntime reports for the model's inputs and outputs. */
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

/** A graph input or output as onnxruntime sees it (type and shape undefined for non-tensors). */
export interface ValueInfo {
  readonly name: string;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

function valueInfo(meta: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name }));
}

/** Feeds each digit as a `[1, 1, 28, 28]` float32 tensor (the sample's input has batch 1). */
export async function evaluateOnnx(bytes: Uint8Array, set: DigitSet, classes = 10): Promise<OnnxEvaluation> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const [inputName] = session.inputNames;
    const [outputName] = session.outputNames;
    if (inputName === undefined || outputName === undefined) throw new Error('the model has no input or output');
    const logits = new Float32Array(set.count * classes);
    for (let i = 0; i < set.count; i++) {
      const image = set.images.slice(i * PIXELS, (i + 1) * PIXELS);
      const result = await session.run({ [inputName]: new ort.Tensor('float32', image, [1, 1, 28, 28]) });
      const out = result[outputName];
      if (!out) throw new Error(`output ${outputName} is missing from the result`);
      logits.set(out.data as Float32Array, i * classes);
    }
    const predictions = argmaxRows(logits, classes);
    let correct = 0;
    for (let i = 0; i < set.count; i++) if (predictions[i] === set.labels[i]) correct++;
    return {
      predictions,
      logits,
      top1: correct / set.count,
      inputs: valueInfo(session.inputMetadata),
      outputs: valueInfo(session.outputMetadata),
    };
  } finally {
    await session.release();
  }
}
