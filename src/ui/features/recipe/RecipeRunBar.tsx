import { JobProgress } from '../../components/JobProgress';
import { errorTitle } from '../../messages';
import { useStudio } from '../../store';
import type { OpenModel, RecipeJob } from '../../store/types';
import { cancelRecipe, runBlocker, runRecipe } from './actions';
import { recipeFraction, recipeProgressText } from './progress';
import { seconds } from './report-view';

/** Run, then per-step progress with Cancel while it works, then how it ended. */
export function RecipeRunBar({ base }: { base: OpenModel }) {
  const job = useStudio((s) => s.recipeJob);
  const recipe = useStudio((s) => s.recipeDoc.present);
  const data = useStudio((s) => s.recipeData);
  const running = job.status === 'running';
  const blocked = running ? undefined : runBlocker(recipe, data, base);
  return (
    <footer className="sd-drawer__footer">
      {running ? (
        <Running job={job} />
      ) : (
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={blocked !== undefined}
          onClick={() => void runRecipe()}
          data-testid="recipe-run"
        >
          Run recipe
        </button>
      )}
      {!running && blocked && (
        <p className="sd-field__line" data-testid="recipe-blocked">
          {blocked}
        </p>
      )}
      <Outcome job={job} />
    </footer>
  );
}

function Running({ job }: { job: Extract<RecipeJob, { status: 'running' }> }) {
  const p = job.progress;
  const step = p?.phase === 'step' ? p.step : undefined;
  return (
    <JobProgress
      text={recipeProgressText(job.recipe, p)}
      percent={Math.round(100 * recipeFraction(job.recipe, p))}
      label="Running the recipe"
      phase={p?.phase ?? 'read'}
      testId="recipe-phase"
      data={step ? { 'data-step': step.index, 'data-step-kind': step.kind } : {}}
      onCancel={() => cancelRecipe()}
    />
  );
}

function Outcome({ job }: { job: RecipeJob }) {
  const variant = useStudio((s) =>
    job.status === 'done' ? s.variants.find((v) => v.id === job.variantId) : undefined,
  );
  if (job.status === 'cancelled')
    return (
      <p className="sd-run__note" role="status" data-testid="recipe-outcome" data-status="cancelled">
        Cancelled: no variant was made, and the model and the recipe are as they were.
      </p>
    );
  if (job.status === 'failed')
    return (
      <div className="sd-run__error" role="alert" data-testid="recipe-outcome" data-status="failed">
        <strong>{errorTitle(job.error.code, job.error.fileName ?? 'the model')}</strong>
        <span>
          {job.step !== undefined ? `Step ${job.step + 1} failed: ` : ''}
          {job.error.message}
        </span>
      </div>
    );
  if (job.status === 'done' && variant?.model.variant)
    return (
      <p className="sd-run__note" role="status" data-testid="recipe-outcome" data-status="done">
        Made “{variant.label}” in {seconds(variant.model.variant.timings.total)}: it is shown now, with each step&apos;s
        report in the model panel.
      </p>
    );
  return null;
}
