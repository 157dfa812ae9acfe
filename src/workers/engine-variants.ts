// Making a variant of an open model: whatever made it (quantize, a recipe), the engine describes the
// model it wrote and keeps it open beside its parent with the fields every variant shares.
import type { Model, ModelFile } from '../core';
import { describeModel } from './describe';
import { reporter, type Reporter } from './engine-progress';
import { totalBytes, type OpenedModel, type OpenModels } from './engine-models';
import { toFailure } from './failure';
import type { Job, JobRegistry } from './jobs';
import type {
  CalibrationRecord,
  CancelFlag,
  GraphView,
  JobId,
  ModelId,
  ProgressSink,
  RecipeStep,
  VariantInfo,
  VariantResult,
} from './protocol';

/** The fields every variant has, whatever made it. */
export type VariantCommon = Pick<
  VariantInfo,
  'modelId' | 'parentId' | 'label' | 'recipe' | 'calibration' | 'fileBytes' | 'parentFileBytes'
>;

/** What a variant-making job hands back: the model it wrote and read back, and how to describe it. */
export interface VariantMaking<V extends VariantInfo> {
  readonly made: {
    readonly model: Model;
    readonly files: ModelFile[];
    readonly fileName: string;
    readonly parseMs: number;
    readonly calibration?: CalibrationRecord;
  };
  readonly label: string;
  readonly lineage: readonly RecipeStep[];
  readonly finish: (base: VariantCommon, graph: GraphView) => { graph: GraphView; variant: V };
}

/** How a variant is made from its parent, inside the job. */
export type MakeVariant<V extends VariantInfo> = (
  parent: OpenedModel,
  job: Job,
  report: Reporter,
) => Promise<VariantMaking<V>>;

/** Where a variant job runs and what it is asked. */
export interface VariantJob {
  readonly models: OpenModels;
  readonly jobs: JobRegistry;
  readonly jobId: JobId;
  readonly modelId: ModelId;
  readonly onProgress: ProgressSink | undefined;
  readonly cancelFlag: CancelFlag | undefined;
}

/**
 * Runs job `jobId` making a variant of `modelId` with `make`, describes the model it made, and keeps it
 * open beside its parent. What is common to every variant (ids, label, lineage, calibration, sizes) is
 * filled in here; `finish` adds the rest and may decorate the graph.
 */
export function makeVariant<V extends VariantInfo>(
  { models, jobs, jobId, modelId, onProgress, cancelFlag }: VariantJob,
  make: MakeVariant<V>,
): Promise<VariantResult<V>> {
  return jobs.run(
    jobId,
    async (job) => {
      const parent = models.get(modelId);
      try {
        const report = reporter(onProgress, parent.fileName);
        const { made, label, lineage, finish } = await make(parent, job, report);
        const id = models.newId();
        const described = await describeModel(
          {
            modelId: id,
            format: parent.format,
            model: made.model,
            mainFile: made.fileName,
            files: made.files,
            parseMs: made.parseMs,
          },
          job,
          report,
        );
        const base: VariantCommon = {
          modelId: id,
          parentId: modelId,
          label: models.label(modelId, label),
          recipe: lineage,
          ...(made.calibration ? { calibration: made.calibration } : {}),
          fileBytes: totalBytes(made.files),
          parentFileBytes: totalBytes(parent.files),
        };
        const { graph, variant } = finish(base, described.graph);
        models.set(id, {
          model: made.model,
          format: parent.format,
          fileName: made.fileName,
          files: made.files,
          view: graph,
          layouts: new Map(),
          parentId: modelId,
          recipe: lineage,
          variant,
        });
        return { ...described, graph, variant };
      } catch (error) {
        // A data file at fault is named by the core; anything else is about the model.
        throw toFailure(error, parent.fileName);
      }
    },
    cancelFlag,
  );
}
