import { useId } from 'react';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { DataFileField } from '../../components/DataFileField';
import { PixelRangeField } from '../../components/PixelRangeField';
import { studioStore } from '../../store';
import type { EvaluateDataKind, EvaluateForm } from '../../store/evaluate-slice';
import { chooseCsv } from './csv-actions';
import { CsvLabelField } from './CsvLabelField';
import { DATA, NOT_MNIST, PIXELS } from './explain';
import type { ResolvedEvaluateForm } from './form';
import { ImageFields } from './ImageFields';
import { ImageSetField } from './ImageSetField';
import { NumericFields } from './NumericFields';

const update = (patch: Partial<EvaluateForm>) => studioStore.getState().updateEvaluateForm(patch);

/** The data to evaluate on: which kind, its file(s), and how its values are fed to the model. */
export function DataFields({ form, disabled }: { form: ResolvedEvaluateForm; disabled: boolean }) {
  const id = useId();
  const kinds = Object.keys(DATA) as EvaluateDataKind[];
  return (
    <fieldset className="sd-eval-data" disabled={disabled} data-testid="evaluate-data">
      <ChoiceGroup
        legend="Data"
        choices={kinds.map((k) => ({ value: k, ...DATA[k] }))}
        value={form.data}
        onChange={(data) => update({ data })}
        testId="evaluate-data-kind"
      />
      {form.data === 'mnist' && (
        <>
          {!form.mnistShaped && <p className="sd-field__warn">{NOT_MNIST}</p>}
          <PixelRangeField
            value={form.pixelScale}
            from={form.pixelScaleFrom}
            lines={PIXELS}
            onChange={(pixelScale) => update({ pixelScale })}
            lineTestId="evaluate-pixel-line"
            className="sd-eval-segmented"
          />
        </>
      )}
      {form.data === 'file' && (
        <DataFileField
          file={form.file}
          onChange={(file) => update({ file: file ?? form.file })}
          testId="evaluate-data-file"
          nameTestId="evaluate-file-name"
        />
      )}
      {form.data === 'csv' && (
        <>
          <div className="sd-field">
            <label htmlFor={`${id}-csv`}>CSV file</label>
            <input
              id={`${id}-csv`}
              type="file"
              accept=".csv,.tsv,.txt"
              data-testid="evaluate-csv-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void chooseCsv(file);
              }}
            />
            {form.csvFile && <p className="sd-field__line">{form.csvFile.name}</p>}
          </div>
          {form.csvColumns && <CsvLabelField columns={form.csvColumns} value={form.labelColumn ?? -1} />}
        </>
      )}
      {form.data !== 'images' && <NumericFields form={form} />}
      {form.data === 'images' && (
        <>
          <ImageSetField images={form.images} disabled={disabled} />
          <ImageFields form={form} />
        </>
      )}
    </fieldset>
  );
}
