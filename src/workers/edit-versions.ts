// Turning a version of an edited model into what the engine keeps and the studio is told: its files (the
// same-format writer's output, under the model's file name), its summary and graph (describeModel, as
// openModel does, with a recipe variant's badges), and the problems validation finds.
import { validateModel, type Model, type ModelFile, type ModelFormat, type ModelProblem } from '../core';
import { describeModel } from './describe';
import type { OpenedModel } from './engine-models';
import type { Described, Version } from './edit-history';
import { withBadges } from './graph-view';
import type { Job } from './jobs';
import type { ModelId, OpenResult } from './protocol';
import { layerBadges, zeroedWeights } from './variant-weights';

/** A model's files after an edit, or why the writer could not make them. */
export interface WrittenFiles {
  readonly files: readonly ModelFile[];
  readonly problem?: ModelProblem;
}

/**
 * `model` written by its format's writer, the main file keeping the name `fileName` (companions keep the
 * writer's names: the main file refers to them). An edit may leave a model the writer cannot encode: that
 * is a problem of the model, not a failure of the edit.
 */
export function writeEdited(format: ModelFormat, model: Model, fileName: string): WrittenFiles {
  try {
    const written = format.write(model, { baseName: fileName });
    return { files: written.map((f, i) => (i === 0 ? { name: fileName, bytes: f.bytes } : f)) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      files: [],
      problem: {
        code: 'unsupported-case',
        severity: 'error',
        message: `the edited model cannot be written as ${format.name}: ${reason}`,
      },
    };
  }
}

/** The stages of describeModel report nothing for an edit: it answers at once. */
const silent = (): void => undefined;

/** Describes a version of the model `base` (same id, file name and variant record) with its files. */
export async function describeVersion(
  modelId: ModelId,
  base: OpenedModel,
  version: Version,
  written: WrittenFiles,
  job: Job,
): Promise<Described> {
  const described = await describeModel(
    {
      modelId,
      format: base.format,
      model: version.model,
      mainFile: base.fileName,
      files: written.files,
      parseMs: 0,
    },
    job,
    silent,
  );
  const variant = base.variant;
  // A recipe variant's badges stay on the nodes that are still there (they are sized before the layout).
  const graph =
    variant?.kind === 'recipe'
      ? withBadges(described.graph, layerBadges(variant.layers, zeroedWeights(variant.steps)))
      : described.graph;
  await job.checkpoint();
  const problems = validateModel(version.model);
  return {
    result: { summary: described.summary, graph },
    problems: written.problem ? [written.problem, ...problems] : problems,
  };
}

/** What the engine keeps open for a version. */
export function openedVersion(
  base: OpenedModel,
  version: Version,
  files: readonly ModelFile[],
  d: Described,
): OpenedModel {
  return { ...base, model: version.model, files, view: d.result.graph, layouts: version.layouts };
}

/** A described result to hand out: its timeline is transferred by the worker, so each answer has its own. */
export function resultCopy(result: OpenResult): OpenResult {
  return { ...result, summary: { ...result.summary, timeline: result.summary.timeline.slice() } };
}
