import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Drawer } from '../../components/Drawer';
import { Section } from '../../components/Section';
import { useStudio } from '../../store';
import { useMemory, type MemoryPlanState } from '../../store/memory-store';
import { memoryKey, refreshMemoryPlan, setMemoryOpen } from './actions';
import { ArenaLayoutChart } from './ArenaLayoutChart';
import { DevicePicker } from './DevicePicker';
import { FitBars } from './FitBars';
import { FitSuggestions } from './FitSuggestions';
import { HeadlineFigures } from './HeadlineFigures';
import { LiveBytesTimeline } from './LiveBytesTimeline';
import { MEMORY_BUTTON_ID, MEMORY_PANEL_ID } from './MemoryButton';
import { MemoryFooter } from './MemoryFooter';
import { PatchEstimate } from './PatchEstimate';
import { PlanOptions } from './PlanOptions';
import './memory.css';

// Typing a custom board's size settles before the engine plans again.
const PLAN_DELAY_MS = 150;

const close = (): void => setMemoryOpen(false);

/** The plan to draw: the one for the current key, or the one before while the engine makes the next. */
function shownPlan(plan: MemoryPlanState, key: string) {
  if (plan.status === 'ready') return { view: plan.view, stale: plan.key !== key };
  if (plan.status === 'loading' && plan.last) return { view: plan.last.view, stale: true };
  return undefined;
}

/**
 * The memory view: for the model shown, the board picked and the planner options, whether it fits (flash
 * and SRAM bars), what would make it fit, the headline figures, live bytes per step, the arena as TFLM lays
 * it out, and the patch-based estimate. It follows the member shown and re-plans on every change.
 */
export function MemoryPanel() {
  const model = useStudio((s) => s.model);
  const editVersions = useStudio((s) => s.editVersions);
  const state = useMemory(
    useShallow((s) => ({ open: s.open, device: s.device, options: s.options, patch: s.patch, plan: s.plan })),
  );
  const key = state.open ? memoryKey({ model, editVersions }, state) : '';
  useEffect(() => {
    if (!key) return;
    const timer = setTimeout(() => void refreshMemoryPlan(), PLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);
  if (!state.open || !model) return null;
  const shown = shownPlan(state.plan, key);
  const view = shown?.view;
  return (
    <Drawer
      id={MEMORY_PANEL_ID}
      title="Memory"
      toggleId={MEMORY_BUTTON_ID}
      className="sd-memory"
      onClose={close}
      intro={
        <>
          Will <strong data-testid="memory-file-name">{model.summary.fileName}</strong> fit on a microcontroller? The
          activations it keeps alive while it runs must fit in SRAM, its weights in flash. Same figures as{' '}
          <code>scaledown plan</code>.
        </>
      }
      footer={<MemoryFooter plan={state.plan} planKey={key} />}
    >
      <div
        data-testid="memory-plan"
        data-model={view?.modelId ?? ''}
        data-stale={!view || shown.stale || view.modelId !== model.summary.modelId}
      >
        <Section title="Will it fit?">
          <DevicePicker choice={state.device} />
          {view && <FitBars view={view} />}
        </Section>
        {view && (
          <>
            <Section title="What would make it fit">
              <FitSuggestions suggestions={view.suggestions} fits={view.needs.sram && view.needs.flash} />
            </Section>
            <Section title="Activation memory">
              <HeadlineFigures view={view} stale={shown.stale} />
            </Section>
          </>
        )}
        <Section title="How it runs">
          <PlanOptions options={state.options} patch={state.patch} schedule={view?.schedule} />
        </Section>
        {view && (
          <>
            <Section title="Over time">
              <LiveBytesTimeline view={view} />
              <ArenaLayoutChart view={view} />
            </Section>
            <Section title="Patch-based inference">
              <PatchEstimate patch={view.patch} />
            </Section>
          </>
        )}
      </div>
    </Drawer>
  );
}
