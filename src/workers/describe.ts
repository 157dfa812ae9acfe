// The stages after reading that every open model goes through, whether it came from files or from a
// transform: shapes, analysis, graph view and summary, with a cancellation checkpoint between stages.
import { analyzeModel, inferShapes, typeLookup, type Model, type ModelFile, type ModelFormat } from '../core';
import { buildGraphView } from './graph-view';
import type { Job } from './jobs';
import type { ModelId, ModelSummary, OpenResult, ProgressPhase } from './protocol';
import { buildSummary } from './summary';

/** Reports (phase, fraction) progress; throttled by the caller. */
export type Report = (phase: ProgressPhase, fraction: number) => void;

export interface DescribeInput {
  readonly modelId: ModelId;
  readonly format: ModelFormat;
  readonly model: Model;
  readonly mainFile: string;
  readonly files: readonly ModelFile[];
  /** ms spent parsing (0 for a model made in memory). */
  readonly parseMs: number;
}

/** Infers shapes, analyses, and builds the graph view and summary of a model that has been read. */
export async function describeModel(input: DescribeInput, job: Job, report: Report): Promise<OpenResult> {
  const { model, modelId } = input;
  report('shapes', 0);
  await job.checkpoint();
  let started = performance.now();
  const inference = inferShapes(model);
  const shapesMs = performance.now() - started;
  report('analysis', 0);
  await job.checkpoint();
  started = performance.now();
  const analysis = analyzeModel(model, { inference });
  const analysisMs = performance.now() - started;
  report('graph', 0);
  await job.checkpoint();
  const typeOf = typeLookup(model.graph, inference);
  const graph = buildGraphView(modelId, model.graph, typeOf);
  const summary: ModelSummary = buildSummary({
    modelId,
    format: input.format,
    mainFile: input.mainFile,
    files: input.files.map((f) => ({ name: f.name, bytes: f.bytes.byteLength })),
    model,
    analysis,
    typeOf,
    timings: { parse: input.parseMs, shapes: shapesMs, analysis: analysisMs },
  });
  report('graph', 1);
  await job.checkpoint();
  return { summary, graph };
}
