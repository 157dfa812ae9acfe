import { useId, type ReactNode } from 'react';
import type { ExportOrderInfo } from '../../../workers/protocol';
import { Checkbox } from '../../components/Checkbox';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { formatBytes } from '../../format';
import { exportStore } from './export-store';
import type { CheckedExportForm, ExportField, ExportForm } from './form';

const update = (patch: Partial<ExportForm>): void => exportStore.getState().updateForm(patch);

const LAYOUTS = [
  {
    value: 'single',
    name: 'One header',
    line: 'A .h with the array in it: include it in exactly one source file.',
  },
  {
    value: 'split',
    name: '.h + .cc',
    line: 'Declarations in the .h, the data in a .cc: include the header anywhere, compile the .cc once.',
  },
] as const;

/** A text field with its line under it: the problem (an alert), else a note, else what it does. */
function TextField(props: {
  field: ExportField;
  label: string;
  value: string;
  placeholder?: string;
  inputMode?: 'numeric';
  checked: CheckedExportForm;
  line: ReactNode;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const error = props.checked.errors[props.field];
  const note = props.checked.notes[props.field];
  return (
    <div className="sd-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className="sd-input sd-export__input"
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={props.value}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-line`}
        data-testid={`export-${props.field}`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {error ? (
        <p className="sd-export__error" id={`${id}-line`} role="alert" data-testid={`export-${props.field}-error`}>
          {error}
        </p>
      ) : (
        <p className="sd-field__line" id={`${id}-line`} data-testid={note ? `export-${props.field}-note` : undefined}>
          {note ?? props.line}
        </p>
      )}
    </div>
  );
}

/**
 * The operator order of the model file: as stored, or the one with the lowest activation peak (TFLite and
 * ONNX runtimes run operators in stored order, so the smaller arena travels with the file). `order` comes
 * from the preview: the peak of each order, or why the format cannot keep one.
 */
function OrderSelect({ value, order }: { value: ExportForm['operatorOrder']; order: ExportOrderInfo | undefined }) {
  const id = useId();
  const gain = order !== undefined && order.optimisedPeak < order.modelOrderPeak;
  const peaks =
    order &&
    (gain ? ` (peak ${formatBytes(order.modelOrderPeak)} → ${formatBytes(order.optimisedPeak)})` : ' (no lower peak)');
  const line = order?.unsupported
    ? `${order.unsupported}.`
    : order && !gain
      ? 'No other order lowers this model’s activation peak: the file stays as it is.'
      : 'TFLite and ONNX runtimes run operators in the stored order: the optimised one needs a smaller arena.';
  return (
    <div className="sd-field">
      <label htmlFor={id}>Operator order</label>
      <select
        id={id}
        value={order?.unsupported ? 'model' : value}
        disabled={order?.unsupported !== undefined}
        aria-describedby={`${id}-line`}
        data-testid="export-operator-order"
        onChange={(e) => update({ operatorOrder: e.target.value === 'memory' ? 'memory' : 'model' })}
      >
        <option value="model">As in the model</option>
        <option value="memory">Memory-optimised{peaks ?? ''}</option>
      </select>
      <p className="sd-field__line" id={`${id}-line`}>
        {line}
      </p>
    </div>
  );
}

/** The C array's options, each checked as it is typed, and the model file's operator order. */
export function ExportOptions({
  form,
  checked,
  order,
}: {
  form: ExportForm;
  checked: CheckedExportForm;
  order?: ExportOrderInfo;
}) {
  return (
    <div className="sd-export__options">
      <TextField
        field="name"
        label="Array name"
        value={form.name}
        placeholder={checked.defaultName}
        checked={checked}
        line={
          <>
            The C identifier of the array; <code>{checked.arrayName}_len</code> holds its length.
          </>
        }
        onChange={(name) => update({ name })}
      />
      <div className="sd-export__pair">
        <TextField
          field="alignment"
          label="Alignment (bytes)"
          value={form.alignment}
          inputMode="numeric"
          checked={checked}
          line="alignas(N) on the array; TFLM wants 16."
          onChange={(alignment) => update({ alignment })}
        />
        <TextField
          field="margin"
          label="Arena margin (%)"
          value={form.margin}
          inputMode="numeric"
          checked={checked}
          line="Added to the planned arena in NAME_ARENA_SIZE: TFLM needs some room of its own."
          onChange={(margin) => update({ margin })}
        />
      </div>
      <ChoiceGroup
        legend="Files"
        choices={LAYOUTS}
        value={form.layout}
        onChange={(layout) => update({ layout })}
        testId="export-layout"
      />
      <Checkbox checked={form.progmem} onChange={(progmem) => update({ progmem })}>
        <span>
          AVR <code>PROGMEM</code>: keeps the array in flash on AVR boards (Arduino Uno); ignored elsewhere.
        </span>
      </Checkbox>
      <TextField
        field="section"
        label="Linker section"
        value={form.section}
        placeholder="none"
        checked={checked}
        line={
          <>
            Optional: puts the array in a section of your linker script, e.g. <code>.rodata.model</code>.
          </>
        }
        onChange={(section) => update({ section })}
      />
      <OrderSelect value={form.operatorOrder} order={order} />
    </div>
  );
}
