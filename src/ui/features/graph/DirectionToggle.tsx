import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../../store';
import { setDirection } from './actions';

/** Top-to-bottom / left-to-right layout switch. */
export function DirectionToggle() {
  const { direction, pending, hasModel } = useStudio(
    useShallow((s) => ({ direction: s.direction, pending: s.layoutPending, hasModel: s.model !== null })),
  );
  return (
    <div className="sd-segmented" role="group" aria-label="Layout direction">
      <button
        type="button"
        aria-pressed={direction === 'TB'}
        disabled={!hasModel || pending}
        title="Top to bottom (L)"
        onClick={() => void setDirection('TB')}
      >
        ↓ Vertical
      </button>
      <button
        type="button"
        aria-pressed={direction === 'LR'}
        disabled={!hasModel || pending}
        title="Left to right (L)"
        onClick={() => void setDirection('LR')}
      >
        → Horizontal
      </button>
    </div>
  );
}
