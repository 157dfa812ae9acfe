import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { useMemory } from '../../store/memory-store';
import { setMemoryOpen } from './actions';
import { useMemoryKeys } from './useMemoryKeys';

export const MEMORY_PANEL_ID = 'memory-panel';
export const MEMORY_BUTTON_ID = 'memory-button';

/** Opens and closes the memory view: the plan of activation memory, the fit on a board, how to make it fit. */
export function MemoryButton() {
  useMemoryKeys();
  const open = useMemory((s) => s.open);
  return (
    <HeaderPanelButton
      id={MEMORY_BUTTON_ID}
      label="Memory"
      title="Activation memory over time, the arena as TFLM lays it out, and whether it fits a board (M)"
      panelId={MEMORY_PANEL_ID}
      select={() => ({ open })}
      setOpen={setMemoryOpen}
    />
  );
}
