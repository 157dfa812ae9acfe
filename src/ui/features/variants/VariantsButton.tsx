import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { studioStore } from '../../store';
import { useVariantsKeys } from './useVariantsKeys';

export const VARIANTS_PANEL_ID = 'variants-panel';
export const VARIANTS_BUTTON_ID = 'variants-button';

/** Opens and closes the variants view: the family side by side, its Pareto chart and a layer comparison. */
export function VariantsButton() {
  useVariantsKeys();
  return (
    <HeaderPanelButton
      id={VARIANTS_BUTTON_ID}
      label="Variants"
      title="The original and its variants side by side: sizes, accuracy, Pareto chart, layer-by-layer comparison (V)"
      panelId={VARIANTS_PANEL_ID}
      select={(s) => ({ open: s.variantsOpen })}
      setOpen={(open) => studioStore.getState().setVariantsOpen(open)}
    />
  );
}
