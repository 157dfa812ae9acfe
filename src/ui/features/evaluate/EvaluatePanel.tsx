import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { Drawer } from '../../components/Drawer';
import { studioStore, useStudio } from '../../store';
import { refreshPreview } from './actions';
import { DataFields } from './DataFields';
import { EVALUATE_BUTTON_ID, EVALUATE_PANEL_ID } from './EvaluateButton';
import { EvaluateRunBar } from './EvaluateRunBar';
import { SCOPE } from './explain';
import { FamilyTable } from './FamilyTable';
import { dataInputOf, dataKey, evaluateBlocker, resolveEvaluateForm } from './form';
import { PreviewView } from './PreviewView';
import { ResultsView } from './ResultsView';
import { SamplesField } from './SamplesField';
import './evaluate.css';

const close = (): void => studioStore.getState().setEvaluateOpen(false);

// The preview waits for typing to settle before it reads the data again.
const PREVIEW_DELAY_MS = 250;

/**
 * The evaluate drawer: the data (built-in digits, a .npz / .npy or CSV file, a folder of images) with a
 * preview of what the model will see, the model shown or the whole family, Run with progress and Cancel,
 * then accuracy, per-class figures, the confusion matrix, agreement with the original, and the family's
 * results side by side.
 */
export function EvaluatePanel() {
  const { open, model, family, form, preview, running, evaluations } = useStudio(
    useShallow((s) => ({
      open: s.evaluateOpen,
      model: s.model,
      family: s.variants,
      form: s.evaluateForm,
      preview: s.evaluatePreview,
      running: s.evaluateJob.status === 'running',
      evaluations: s.evaluations,
    })),
  );
  const resolved = model ? resolveEvaluateForm(form, model) : undefined;
  const key = resolved ? dataKey(resolved) : '';
  const modelId = model?.summary.modelId;
  useEffect(() => {
    if (!open || !modelId) return;
    const timer = setTimeout(() => void refreshPreview(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [open, modelId, key]);
  if (!open || !model || !resolved || family.length === 0) return null;
  const blocked = evaluateBlocker(resolved, preview, key, dataInputOf(model) !== undefined);
  const shown = family.find((v) => v.id === modelId);
  const record = modelId ? evaluations[modelId] : undefined;
  const reference = record?.result.referenceId ? family.find((v) => v.id === record.result.referenceId) : undefined;
  const all = resolved.scope === 'family' && family.length > 1;
  return (
    <Drawer
      id={EVALUATE_PANEL_ID}
      title="Evaluate"
      toggleId={EVALUATE_BUTTON_ID}
      className="sd-evaluate"
      onClose={close}
      intro={
        <>
          Runs <strong>{model.summary.fileName}</strong> on real data in your browser and scores it, so you can see what
          each variant costs in accuracy.
        </>
      }
      footer={
        <EvaluateRunBar
          blocked={blocked}
          runLabel={all ? `Evaluate all ${family.length}` : `Evaluate ${shown?.label.toLowerCase() ?? 'model'}`}
          family={family}
        />
      }
    >
      <DataFields form={resolved} disabled={running} />
      <PreviewView preview={preview} current={key} />
      <SamplesField form={resolved} disabled={running} />
      <ChoiceGroup
        legend="Models"
        choices={[
          { value: 'shown', ...SCOPE.shown },
          { value: 'family', ...SCOPE.family, disabled: family.length < 2 },
        ]}
        value={all ? 'family' : 'shown'}
        onChange={(scope) => studioStore.getState().updateEvaluateForm({ scope })}
        disabled={running}
        testId="evaluate-scope"
      />
      {record && shown && (
        <ResultsView
          record={record}
          label={shown.label}
          {...(reference ? { referenceLabel: reference.label.toLowerCase() } : {})}
        />
      )}
      <FamilyTable family={family} evaluations={evaluations} shownId={modelId} />
    </Drawer>
  );
}
