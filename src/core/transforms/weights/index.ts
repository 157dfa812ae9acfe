// The prunable / clusterable weight of every layer (ONNX Conv, ConvTranspose, Gemm, MatMul; TFLite CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV; TF.js MatMul / Conv2D / Dense …), read as float and
// written back in its own type and grid. Shared by pruning and clustering.
export type { WeightLayerIdentity, WeightRef, WeightStorage } from './types';
export { modelLabel, requireWeights, searchWeights, type WeightSearch } from './find';
export { axisLayout, layerSlot, LAYER_OPS, type LayerAxes, type LayerSlot } from './layers';
export { reshapeDims } from './resolve';
export {
  encodeWeight,
  formatRounding,
  fromGridUnits,
  gridUnitRange,
  readWeight,
  storedBytes,
  toGridUnits,
} from './values';
export { checkResult, writeWeights, type WeightUpdates } from './write';
export { overrideOf, skipReason, unsupportedNotes, type LayerChoiceOptions } from './select';
export { layerIdentity, progressCounter, throwIfCancelled } from './report';
