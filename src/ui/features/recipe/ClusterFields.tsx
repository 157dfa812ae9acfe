import { useId } from 'react';
import type { ClusterInit, RecipeStep } from '../../../core';
import { Checkbox } from '../../components/Checkbox';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ExcludeFirstLastCheck } from './ExcludeFirstLastCheck';
import type { SetStep } from './StepFields';
import { CLUSTER_INITS, LIMITS } from './steps';

type ClusterStep = Extract<RecipeStep, { kind: 'cluster' }>;

/** Clusters per layer, how they start, and whether pruned zeros stay zero. */
export function ClusterFields({ step, set }: { step: ClusterStep; set: SetStep }) {
  const id = useId();
  const k = step.clusters ?? 16;
  const bits = Math.ceil(Math.log2(Math.max(2, k)));
  return (
    <>
      <div className="sd-field sd-field--inline">
        <label htmlFor={`${id}-k`}>Clusters per layer (k)</label>
        <input
          id={`${id}-k`}
          type="number"
          min={LIMITS.clusters.min}
          max={LIMITS.clusters.max}
          step={1}
          value={Number.isFinite(k) ? k : ''}
          aria-describedby={`${id}-k-line`}
          onChange={(e) => {
            const value = e.target.valueAsNumber;
            if (!Number.isFinite(value)) return;
            const clusters = Math.round(Math.min(LIMITS.clusters.max, Math.max(LIMITS.clusters.min, value)));
            set({ ...step, clusters }, 'clusters');
          }}
        />
      </div>
      <p className="sd-field__line" id={`${id}-k-line`}>
        Each weight becomes one of {k} shared values: a {bits}-bit index into a codebook of {k} floats.
      </p>
      <ChoiceGroup
        legend="Initial centroids"
        choices={(Object.keys(CLUSTER_INITS) as ClusterInit[]).map((value) => ({ value, ...CLUSTER_INITS[value] }))}
        value={step.init ?? 'linear'}
        onChange={(init) => set({ ...step, init }, 'init')}
      />
      <Checkbox checked={step.keepZeros ?? true} onChange={(keepZeros) => set({ ...step, keepZeros }, 'keepZeros')}>
        Keep pruned zeros exactly zero
      </Checkbox>
      <ExcludeFirstLastCheck step={step} set={set} />
    </>
  );
}
