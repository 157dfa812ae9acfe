// The TF.js format: a model.json (graph model: a TF GraphDef; layers model: a Keras config) plus weight
// shard files listed in its weights manifest.
//
// Decisions worth knowing:
// - Graph models: one IR node per GraphDef node, op spelled as TF does, domain ''. Output k of node "n"
//   is tensor "n" (k = 0) or "n:k". Placeholder outputs are the graph inputs, Const outputs carry the
//   manifest's values. Attributes keep their AttrValue field in node extras (attrKinds) so every one is
//   written back in the same field; `b` (bool) attributes are json booleans.
// - Layers models: one node per layer call, op = Keras class name, domain 'keras' (KERAS_DOMAIN), so that
//   Keras Conv2D/Softmax/Reshape never meet TF's ops of the same name in shape or MAC rules. Inputs are
//   the inbound tensors, then the layer's weights in manifest order; attributes are the config entries.
// - Unknown leading dims (−1 in TF shapes, null in Keras batch_input_shape) become the symbol 'batch';
//   other unknown dims stay null.
// - Weights keep their stored encoding: uint8/uint16-quantized weights are uint8/uint16 tensors with
//   quant {scale, zeroPoint = −min/scale}, float16 ones are float16 tensors. Their bytes are views over
//   the shard files, except a weight split across two shards (one copy).
// - The writer emits one weights group in shards of at most 4 MiB named group1-shard{i}of{n}.bin.
import type { Model, ModelFile } from '../../ir/types';
import type { ModelFormat, ReadOptions } from '../format';
import { sniffTfjs } from './match';
import { readTfjs } from './reader';
import { writeTfjs, type TfjsWriteOptions } from './writer';

export { KERAS_DOMAIN } from './keras';
export { readTfjs } from './reader';
export { writeTfjs, type TfjsWriteOptions } from './writer';
export { dtypeFromTf } from './dtypes';

/** True for a JSON file whose top level names a TF.js model's modelTopology or weightsManifest. */
export function matchTfjs(file: ModelFile): boolean {
  return sniffTfjs(file.bytes);
}

export const tfjsFormat: ModelFormat = {
  id: 'tfjs',
  name: 'TF.js',
  extensions: ['.json'],
  match: matchTfjs,
  read: (files: readonly ModelFile[], options?: ReadOptions): Model => readTfjs(files, options),
  write: (model: Model, options?: TfjsWriteOptions): ModelFile[] => writeTfjs(model, options),
};
