import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Drawer } from '../../components/Drawer';
import { errorTitle } from '../../messages';
import { useStudio } from '../../store';
import type { VariantEntry } from '../../store/types';
import { exportKey, exportMember, refreshExportPreview } from './actions';
import { bundleOf } from './downloads';
import { EXPORT_BUTTON_ID, EXPORT_PANEL_ID } from './ExportButton';
import { ExportDownloads } from './ExportDownloads';
import { ExportFooter } from './ExportFooter';
import { ExportOptions } from './ExportOptions';
import { exportStore, useExport, type ExportPreviewState } from './export-store';
import { checkExportForm } from './form';
import { ExportCost, HeaderPreview } from './HeaderPreview';
import './export.css';

const close = (): void => exportStore.getState().setOpen(false);

// The preview waits for typing to settle before the engine builds the export again.
const PREVIEW_DELAY_MS = 200;

/** The member picker: the original or any variant, named by its label and file. */
function MemberPicker({ family, value }: { family: readonly VariantEntry[]; value: string }) {
  const id = useId();
  return (
    <div className="sd-field">
      <label htmlFor={id}>Model</label>
      <select
        id={id}
        value={value}
        data-testid="export-member"
        onChange={(e) => exportStore.getState().setMember(e.target.value)}
      >
        {family.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label} — {v.model.summary.fileName}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The preview to draw: the current one, or the one before while the engine builds the next. */
function shownPreview(state: ExportPreviewState) {
  if (state.status === 'ready') return { ready: state, stale: false };
  if (state.status === 'loading' && state.last) return { ready: state.last, stale: true };
  return undefined;
}

/**
 * The export drawer: for the model shown or any member of its family, the C array's options (checked as
 * they are typed), what it takes in flash and the arena to reserve, the header's top, and downloads of
 * the model file, the C array, the TFLM examples, the reports, and everything as one .zip bundle.
 */
export function ExportPanel() {
  const studio = useStudio(
    useShallow((s) => ({
      variants: s.variants,
      model: s.model,
      evaluations: s.evaluations,
      editVersions: s.editVersions,
      chartsOpen: s.chartsOpen,
    })),
  );
  const state = useExport(
    useShallow((s) => ({ open: s.open, memberId: s.memberId, form: s.form, preview: s.preview, save: s.save })),
  );
  const found = state.open ? exportMember(studio, state.memberId) : undefined;
  const key = found ? exportKey(studio, state) : '';
  // The charts dock redraws when it opens or the model shown changes: the bundle's charts follow it.
  const chartsKey = `${studio.chartsOpen}:${studio.model?.summary.modelId ?? ''}`;
  useEffect(() => {
    if (!state.open || !key) return;
    const timer = setTimeout(() => void refreshExportPreview(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state.open, key, chartsKey]);
  if (!state.open || !found) return null;
  const { member } = found;
  const fileName = member.model.summary.fileName;
  const checked = checkExportForm(state.form, fileName);
  const shown = shownPreview(state.preview);
  const current = shown?.ready.key === key ? shown : undefined;
  const failed = state.preview.status === 'failed' && state.preview.key === key ? state.preview.error : undefined;
  const blocked = !checked.options
    ? 'Fix the options marked above to download.'
    : failed
      ? // An edited model with errors is refused whatever the options: its problems are what to fix.
        failed.code === 'invalid-result'
        ? 'Fix the problems listed above (or undo the edit that made them) to export this model.'
        : 'The export could not be made with these options.'
      : !current
        ? 'Preparing the export…'
        : undefined;
  const disabled = blocked !== undefined || state.save.status === 'saving';
  return (
    <Drawer
      id={EXPORT_PANEL_ID}
      title="Export"
      toggleId={EXPORT_BUTTON_ID}
      className="sd-export"
      onClose={close}
      intro={
        <>
          Everything a firmware project needs for <strong data-testid="export-file-name">{fileName}</strong>: the model
          file, a C array to compile in, a TensorFlow Lite Micro example and a report. Nothing leaves your browser.
        </>
      }
      footer={<ExportFooter bundle={current && bundleOf(current.ready.preview)} blocked={blocked} />}
    >
      <MemberPicker family={studio.variants} value={member.id} />
      {shown && checked.options && !failed && (
        <ExportCost preview={shown.ready.preview} stale={shown.stale || !current} />
      )}
      <ExportOptions form={state.form} checked={checked} order={shown?.ready.preview.operatorOrder} />
      {failed && checked.options && (
        <div className="sd-run__error" role="alert" data-testid="export-error">
          <strong>{errorTitle(failed.code, failed.fileName ?? fileName)}</strong>
          <span>{failed.message}</span>
        </div>
      )}
      {shown && checked.options && !failed && (
        <>
          <HeaderPreview preview={shown.ready.preview} stale={shown.stale || !current} />
          <ExportDownloads preview={shown.ready.preview} charts={shown.ready.charts} disabled={disabled || !current} />
        </>
      )}
    </Drawer>
  );
}
