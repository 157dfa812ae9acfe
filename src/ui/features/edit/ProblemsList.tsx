import { useState } from 'react';
import type { GraphView, ModelProblem } from '../../../workers/protocol';
import { studioStore, useStudio } from '../../store';
import { problemNodes, shownProblems } from './problem-marks';

/** Selects (and centres) the node a problem is about. */
function show(problem: ModelProblem, graph: GraphView): void {
  const [first] = problemNodes(problem, graph);
  if (first !== undefined) studioStore.getState().select(first, { focus: true });
}

/**
 * What validation found wrong with the model shown after an edit, errors first: each entry selects the
 * node or tensor it is about. Errors block export until they are fixed or undone; editing goes on.
 */
export function ProblemsList({ graph }: { graph: GraphView }) {
  const problems = useStudio(shownProblems);
  const [open, setOpen] = useState(true);
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.severity === 'error');
  const sorted = [...errors, ...problems.filter((p) => p.severity !== 'error')];
  const summary =
    errors.length > 0
      ? `${errors.length} error${errors.length === 1 ? '' : 's'}`
      : `${problems.length} warning${problems.length === 1 ? '' : 's'}`;
  return (
    <section
      className="sd-problems"
      aria-label="Problems"
      data-testid="problems-list"
      data-errors={errors.length}
      data-severity={errors.length > 0 ? 'error' : 'warning'}
    >
      <button type="button" className="sd-problems__head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="sd-problems__icon" aria-hidden="true">
          !
        </span>
        {summary}
        {errors.length > 0 && <span className="sd-problems__hint"> · export is blocked</span>}
      </button>
      {open && (
        <ul className="sd-problems__list">
          {sorted.map((problem, i) => (
            <li key={`${i}:${problem.code}`}>
              <button
                type="button"
                className="sd-problems__item"
                data-testid="problem"
                data-severity={problem.severity}
                data-code={problem.code}
                onClick={() => show(problem, graph)}
              >
                {problem.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
