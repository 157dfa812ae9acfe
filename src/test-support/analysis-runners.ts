// What the analysis tests share: the engine's runtimes as Node has them (ONNX in onnxruntime-node, TFLite
// in the reference executor, as the CLI runs them) and the data files the studio would hand over.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnxRunner } from '../cli/runtimes/onnx';
import { observingExecutor, writeNpz, type ModelFile } from '../core';
import { seededRandom } from '../core/util/random';
import { REPO_ROOT } from './corpus';
import type { LoadedRunner, RunnerFactory } from '../workers/evaluate-job';
import type { EvaluateSource, InputFile } from '../workers/protocol';
import { copy } from '../workers/test-models';

const DIGITS = join(REPO_ROOT, 'public/samples/mnist-digits.npz');

/** The built-in digits as the studio sends them. */
export const mnistSource = (pixelScale: '0..1' | '0..255' = '0..1'): EvaluateSource => ({
  kind: 'mnist',
  pixelScale,
  file: { name: 'mnist-digits.npz', bytes: copy(readFileSync(DIGITS)) },
});

/** A .npz of `count` seeded uniform samples of `shape` (no labels). */
export function noiseFile(name: string, count: number, shape: readonly number[]): InputFile {
  const r = seededRandom(11);
  const n = count * shape.reduce((a, b) => a * b, 1);
  const x = { dtype: 'float32' as const, shape: [count, ...shape], data: Float32Array.from({ length: n }, () => r()) };
  return { name, bytes: copy(writeNpz({ x })) };
}

/** Every model in the reference executor (ONNX included): what UI tests under jsdom use. */
export const executorRunners: RunnerFactory = async (model) => ({
  run: observingExecutor(model, [], { yieldEveryMs: 0 }),
  runtime: 'reference executor',
  close: async () => {},
});

/** An ONNX model (its main file) in onnxruntime-node, as the CLI runs it. */
export const onnxNodeRunner = (files: readonly ModelFile[], fileName: string): Promise<LoadedRunner> =>
  onnxRunner(files[0]!.bytes, fileName);

/** Runtimes for the engine in Node: onnxruntime-node for ONNX, the reference executor for TFLite. */
export const nodeAnalysisRunners: RunnerFactory = async (model, files, fileName) =>
  model.format === 'onnx' ? onnxNodeRunner(files, fileName) : executorRunners(model, files, fileName);
