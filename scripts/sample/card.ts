// The sample's card (public/samples/mnist-cnn.json) and the gallery list (public/samples/index.json):
// their shapes, shared by the generator that writes them and the test that reads them back.

/** One entry of public/samples/index.json. */
export interface GalleryEntry {
  readonly id: string;
  readonly name: string;
  /** Model file, relative to public/samples/. */
  readonly file: string;
  /** Card file, relative to public/samples/. */
  readonly card: string;
  readonly description: string;
}

/** A sample model's card: what it is, what it expects, how it was made and how well it does. */
export interface SampleCard {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly task: string;
  readonly input: {
    readonly name: string;
    readonly shape: readonly number[];
    readonly dtype: string;
    readonly range: string;
    readonly layout: string;
  };
  readonly output: { readonly name: string; readonly shape: readonly number[]; readonly labels: readonly string[] };
  readonly architecture: string;
  readonly params: number;
  readonly macs: number;
  readonly weightBytes: number;
  readonly trainedOn: string;
  readonly heldOut: { readonly samples: number; readonly top1: number; readonly split: string };
  readonly script: string;
  readonly tfjsVersion: string;
  readonly licence: string;
}

/** Sample folder paths, relative to the repository root. */
export const SAMPLES_DIR = 'public/samples';
export const MNIST_CARD_FILE = 'mnist-cnn.json';
export const MNIST_MODEL_FILE = 'mnist-cnn.onnx';
export const LENET_CARD_FILE = 'lenet-300-100.json';
export const LENET_MODEL_FILE = 'lenet-300-100.onnx';
