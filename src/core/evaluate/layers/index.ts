// Per-layer analysis of two members of a model family: which layer is which, the error of each layer
// against the reference, and how much quantizing each layer alone costs.
export {
  CONVERSION_OPS,
  constantDerived,
  effectiveTensor,
  integerParams,
  layerNodes,
  probeOf,
  type Dequantization,
  type TensorProbe,
} from './probe';
export {
  matchLayers,
  observedTensors,
  type LayerMatch,
  type LayerMatching,
  type LayerRef,
  type MatchedBy,
} from './match';
export {
  measureLayerError,
  realOf,
  type LayerErrorMeasure,
  type LayerErrorOptions,
  type LayerErrorRow,
  type LayerErrorSource,
} from './measure';
export { observingExecutor, withGraphOutputs, type ObservingOptions } from './observe';
export {
  keepFloatOverrides,
  measureSensitivity,
  onlyLayerOverrides,
  quantizedLayers,
  rankLayers,
  type LoadedModel,
  type SensitivityMeasure,
  type SensitivityMetric,
  type SensitivityOptions,
  type SensitivityPlan,
  type SensitivityRow,
  type SensitivityScore,
  type SensitivitySource,
} from './sensitivity';
