// The reference executor's public surface.
export { runModel, runModelTensors, type AbortSignalLike, type RunOptions } from './run';
export { unsupportedOps } from './plan';
export { executableOps } from './registry';
export type { Feed, FeedArray } from './feeds';
export type { RuntimeTensor } from './types';
