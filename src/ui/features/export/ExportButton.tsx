import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { exportStore, useExport } from './export-store';
import { useExportKeys } from './useExportKeys';

export const EXPORT_PANEL_ID = 'export-panel';
export const EXPORT_BUTTON_ID = 'export-button';

/** Opens and closes the export drawer. */
export function ExportButton() {
  useExportKeys();
  const open = useExport((s) => s.open);
  return (
    <HeaderPanelButton
      id={EXPORT_BUTTON_ID}
      label="Export"
      title="Download the model, a C header for firmware, a TFLM example and a report (X)"
      panelId={EXPORT_PANEL_ID}
      select={() => ({ open })}
      setOpen={(next) => exportStore.getState().setOpen(next)}
    />
  );
}
