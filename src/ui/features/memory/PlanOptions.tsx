import type { MemoryPlanChoices, MemoryScheduleView } from '../../../workers/protocol';
import { Checkbox } from '../../components/Checkbox';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { memoryStore } from '../../store/memory-store';
import { binaryBytes } from './devices';

const update = (patch: Partial<MemoryPlanChoices>) => memoryStore.getState().updateOptions(patch);

/** What the memory-optimised order gives, once a plan has measured both orders. */
function orderLine(schedule: MemoryScheduleView | undefined): string {
  if (!schedule) return 'The order that minimises the peak, found by search.';
  const { modelOrderPeak, optimisedPeak, exact } = schedule;
  if (optimisedPeak < modelOrderPeak) {
    const saving = Math.round((100 * (modelOrderPeak - optimisedPeak)) / modelOrderPeak);
    return `Peak ${binaryBytes(optimisedPeak)} instead of ${binaryBytes(modelOrderPeak)} (−${saving} %); export can keep this order.`;
  }
  return exact
    ? 'No order has a lower peak: the model’s own is optimal.'
    : 'The search found no order with a lower peak.';
}

interface Props {
  readonly options: MemoryPlanChoices;
  readonly patch: boolean;
  /** The schedule of the plan shown, for the saving of the optimised order. */
  readonly schedule: MemoryScheduleView | undefined;
}

/** How the runtime is assumed to run the model: activation dtype, fusion, in place, operator order. */
export function PlanOptions({ options, patch, schedule }: Props) {
  return (
    <div className="sd-memory__options" data-testid="memory-options">
      <ChoiceGroup
        legend="Activations"
        testId="memory-dtype"
        value={options.activationDType}
        onChange={(activationDType) => update({ activationDType })}
        choices={[
          { value: 'stored', name: 'As stored', line: 'Each activation takes the bytes of its dtype (float32: 4).' },
          { value: 'int8', name: 'int8', line: 'Float activations take 1 byte each, as in an int8-quantized model.' },
        ]}
      />
      <Checkbox checked={options.fuseActivations} onChange={(fuseActivations) => update({ fuseActivations })}>
        Fused activations: Relu/Clip run inside the operator before them (as TFLite does)
      </Checkbox>
      <Checkbox checked={options.inPlace} onChange={(inPlace) => update({ inPlace })}>
        In place: element-wise ops and depthwise convolutions write over an input that dies there
      </Checkbox>
      <ChoiceGroup
        legend="Operator order"
        testId="memory-order"
        value={options.schedule}
        onChange={(schedule) => update({ schedule })}
        choices={[
          { value: 'model', name: 'The model’s own', line: 'The order the file lists its operators in.' },
          { value: 'optimised', name: 'Memory-optimised', line: orderLine(schedule) },
        ]}
      />
      <Checkbox checked={patch} onChange={(next) => memoryStore.getState().setPatch(next)}>
        Estimate patch-based inference (MCUNetV2)
      </Checkbox>
    </div>
  );
}
