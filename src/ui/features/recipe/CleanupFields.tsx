import type { CleanupPass, FormatId, RecipeStep } from '../../../core';
import type { SetStep } from './StepFields';
import { CLEANUP_PASS_LINES, CLEANUP_PASS_ORDER } from './steps';

type CleanupStep = Extract<RecipeStep, { kind: 'cleanup' }>;

// Passes whose rewrite exists for one format only (the core skips them elsewhere).
const ONLY: Partial<Record<CleanupPass, FormatId>> = { 'fold-batchnorm': 'onnx', 'fuse-activations': 'tflite' };

/** The step with `pass` switched on or off; every pass on is written as "all" (no list). */
export function togglePass(step: CleanupStep, pass: CleanupPass, on: boolean): CleanupStep {
  const current = step.passes ?? CLEANUP_PASS_ORDER;
  const chosen = CLEANUP_PASS_ORDER.filter((p) => (p === pass ? on : current.includes(p)));
  const { passes: _passes, ...rest } = step;
  return chosen.length === CLEANUP_PASS_ORDER.length ? rest : { ...rest, passes: chosen };
}

/** One checkbox per clean-up pass, each explained. */
export function CleanupFields({ step, format, set }: { step: CleanupStep; format: FormatId; set: SetStep }) {
  const passes = step.passes ?? CLEANUP_PASS_ORDER;
  return (
    <fieldset className="sd-choices">
      <legend className="sd-choices__legend">Passes</legend>
      {CLEANUP_PASS_ORDER.map((pass) => {
        const only = ONLY[pass];
        const line = CLEANUP_PASS_LINES[pass];
        return (
          <label key={pass} className="sd-check sd-check--block">
            <input
              type="checkbox"
              checked={passes.includes(pass)}
              onChange={(e) => set(togglePass(step, pass, e.target.checked), `pass:${pass}`)}
            />
            <span>
              <span className="sd-choice__name">{line.name}</span>
              <span className="sd-choice__line">
                {' '}
                {line.line}
                {only && only !== format ? ' (Does nothing on this model\u2019s format.)' : ''}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
