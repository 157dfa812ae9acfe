import type { RecipeStep } from '../../../core';
import { Checkbox } from '../../components/Checkbox';
import type { SetStep } from './StepFields';

type LayerStep = Extract<RecipeStep, { kind: 'prune' | 'cluster' }>;

/** The option prune and cluster steps share: leave the first and the last layer as they are. */
export function ExcludeFirstLastCheck({ step, set }: { step: LayerStep; set: SetStep }) {
  return (
    <Checkbox
      checked={step.excludeFirstLast ?? false}
      onChange={(excludeFirstLast) => set({ ...step, excludeFirstLast }, 'excludeFirstLast')}
    >
      Keep the first and last layer as they are
    </Checkbox>
  );
}
