// Evaluation: streaming accuracy and error metrics, and the driver that feeds a dataset to any runtime.
export {
  argmax,
  ClassificationAccumulator,
  rankOf,
  ReferenceAccumulator,
  StatisticsAccumulator,
  type ClassAccuracy,
  type ClassificationMetrics,
  type OutputStatistics,
  type ReferenceMetrics,
  type ScoreRows,
} from './metrics';
export {
  evaluate,
  evaluationOrder,
  EVALUATION_SEED,
  withFixedBatch,
  type EvaluateOptions,
  type EvaluateSource,
  type EvaluationResult,
  type OutputTensor,
  type Runner,
} from './evaluate';
