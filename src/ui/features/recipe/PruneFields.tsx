import { useId } from 'react';
import type { PruneMethod, RecipeStep } from '../../../core';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ExcludeFirstLastCheck } from './ExcludeFirstLastCheck';
import type { SetStep } from './StepFields';
import { LIMITS, PRUNE_METHODS, PRUNE_SCOPES } from './steps';

type PruneStep = Extract<RecipeStep, { kind: 'prune' }>;

/** A prune step with another method: options of the old method that do not apply are dropped. */
export function withMethod(step: PruneStep, method: PruneMethod): PruneStep {
  const common = {
    kind: 'prune' as const,
    ...(step.label ? { label: step.label } : {}),
    ...(step.enabled === false ? { enabled: false } : {}),
    ...(step.excludeFirstLast ? { excludeFirstLast: true } : {}),
    ...(step.overrides ? { overrides: step.overrides } : {}),
    ...(step.minElements !== undefined ? { minElements: step.minElements } : {}),
  };
  if (method === 'n-m') return { ...common, method, n: 2, m: 4 };
  if (method === 'channels') return { ...common, method, sparsity: step.sparsity ?? 0.5, norm: step.norm ?? 'l1' };
  return { ...common, method, sparsity: step.sparsity ?? 0.5, scope: step.scope ?? 'layer' };
}

/** Method, how much, where: the pruning options. */
export function PruneFields({ step, set }: { step: PruneStep; set: SetStep }) {
  const id = useId();
  const sparsity = step.sparsity ?? 0.5;
  return (
    <>
      <ChoiceGroup
        legend="Method"
        choices={(Object.keys(PRUNE_METHODS) as PruneMethod[]).map((m) => ({ value: m, ...PRUNE_METHODS[m] }))}
        value={step.method}
        onChange={(method) => set(withMethod(step, method), 'method')}
        testId="prune-method"
      />
      {step.method !== 'n-m' && (
        <div className="sd-field">
          <div className="sd-field__head">
            <label htmlFor={`${id}-sparsity`}>{step.method === 'channels' ? 'Channels removed' : 'Sparsity'}</label>
            <output htmlFor={`${id}-sparsity`} className="sd-field__value" data-testid="prune-sparsity-value">
              {Math.round(sparsity * 100)} %
            </output>
          </div>
          <input
            id={`${id}-sparsity`}
            type="range"
            min={LIMITS.sparsity.min}
            max={LIMITS.sparsity.max}
            step={LIMITS.sparsity.step}
            value={sparsity}
            onChange={(e) => set({ ...step, sparsity: e.target.valueAsNumber }, 'sparsity')}
          />
          <p className="sd-field__line">
            {step.method === 'channels'
              ? 'The share of each layer\u2019s output channels (filters) removed.'
              : 'The share of weights set to zero.'}
          </p>
        </div>
      )}
      {step.method === 'magnitude' && (
        <ChoiceGroup
          legend="Scope"
          choices={(['layer', 'global'] as const).map((value) => ({ value, ...PRUNE_SCOPES[value] }))}
          value={step.scope ?? 'layer'}
          onChange={(scope) => set({ ...step, scope }, 'scope')}
        />
      )}
      {step.method === 'channels' && (
        <div className="sd-field">
          <span className="sd-field__label" id={`${id}-norm`}>
            Channel importance
          </span>
          <div className="sd-segmented" role="group" aria-labelledby={`${id}-norm`}>
            {(['l1', 'l2'] as const).map((norm) => (
              <button
                key={norm}
                type="button"
                aria-pressed={(step.norm ?? 'l1') === norm}
                onClick={() => set({ ...step, norm }, 'norm')}
              >
                {norm.toUpperCase()} norm
              </button>
            ))}
          </div>
        </div>
      )}
      <ExcludeFirstLastCheck step={step} set={set} />
    </>
  );
}
