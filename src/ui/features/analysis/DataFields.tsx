import { ChoiceGroup } from '../../components/ChoiceGroup';
import { DataFileField } from '../../components/DataFileField';
import { PixelRangeField } from '../../components/PixelRangeField';
import { studioStore } from '../../store';
import type { AnalysisForm } from '../../store/analysis-slice';
import { PIXELS } from '../quantize/explain';
import type { ResolvedAnalysis } from './form';

const update = (patch: Partial<AnalysisForm>): void => studioStore.getState().updateAnalysisForm(patch);

/** The samples every analysis runs on: the built-in digits (with their pixel range) or a .npz / .npy file. */
export function DataFields({ form, disabled }: { form: ResolvedAnalysis; disabled: boolean }) {
  return (
    <fieldset className="sd-choices" disabled={disabled} data-testid="analysis-data">
      <legend className="sd-choices__legend">Data</legend>
      <ChoiceGroup
        legend="Samples from"
        choices={[
          {
            value: 'mnist',
            name: 'Built-in MNIST digits',
            line: 'The 10,000 handwritten digits that come with the studio.',
          },
          {
            value: 'file',
            name: 'A file of my own',
            line: 'A .npz or .npy holding x (and optional labels y), one sample per row.',
          },
        ]}
        value={form.data}
        onChange={(data) => update({ data })}
        testId="analysis-data-kind"
      />
      {!form.mnistShaped && form.data === 'mnist' && (
        <p className="sd-field__warn">This model&apos;s input is not a 28×28 digit: use samples of your own data.</p>
      )}
      {form.data === 'file' && (
        <DataFileField
          file={form.file}
          onChange={(file) => update({ file: file ?? null })}
          testId="analysis-data-file"
        />
      )}
      {form.data === 'mnist' && (
        <PixelRangeField
          value={form.pixelScale}
          from={form.pixelScaleFrom}
          lines={PIXELS}
          onChange={(pixelScale) => update({ pixelScale })}
        />
      )}
    </fieldset>
  );
}
