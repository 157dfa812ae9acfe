import { JobProgress } from '../../components/JobProgress';
import { RunFooter } from '../../components/RunFooter';
import { useStudio } from '../../store';
import type { OpenModel, RecipeJob } from '../../store/types';
import { cancelRecipe, runBlocker, runRecipe } from './actions';
import { recipeFraction, recipeProgressText } from './progress';

/** Run, then per-step progress with Cancel while it works, then how it ended. */
export function RecipeRunBar({ base }: { base: OpenModel }) {
  const job = useStudio((s) => s.recipeJob);
  const recipe = useStudio((s) => s.recipeDoc.present);
  const data = useStudio((s) => s.recipeData);
  const running = job.status === 'running';
  return (
    <RunFooter
      progress={running ? <Running job={job} /> : undefined}
      runLabel="Run recipe"
      onRun={() => void runRecipe()}
      blocked={running ? undefined : runBlocker(recipe, data, base)}
      testPrefix="recipe"
      job={job}
      keptOnCancel="the model and the recipe are as they were"
      doneTail="with each step's report in the model panel."
      {...(job.status === 'failed' && job.step !== undefined ? { failurePrefix: `Step ${job.step + 1} failed: ` } : {})}
    />
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
