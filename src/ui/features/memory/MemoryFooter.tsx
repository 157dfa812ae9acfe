import { errorTitle } from '../../messages';
import type { MemoryPlanState } from '../../store/memory-store';
import { cancelMemoryPlan, refreshMemoryPlan } from './actions';

/** The drawer's footer: planning under way (with Cancel), or how the last plan ended when it did not come. */
export function MemoryFooter({ plan, planKey }: { plan: MemoryPlanState; planKey: string }) {
  const current = plan.status !== 'idle' && plan.key === planKey;
  if (!planKey)
    return (
      <footer className="sd-drawer__footer">
        <p className="sd-field__line" data-testid="memory-status" data-status="blocked">
          Fix the board’s sizes above to plan.
        </p>
      </footer>
    );
  return (
    <footer className="sd-drawer__footer">
      {plan.status === 'loading' && (
        <div className="sd-memory__status" role="status" data-testid="memory-status" data-status="loading">
          <span className="sd-memory__spinner" aria-hidden="true" />
          <span>Planning (searching the operator order can take a while on big graphs)…</span>
          <button type="button" className="sd-button sd-button--small" onClick={cancelMemoryPlan}>
            Cancel
          </button>
        </div>
      )}
      {plan.status === 'ready' && current && (
        <p className="sd-field__line" data-testid="memory-status" data-status="ready">
          Planned in {Math.round(plan.view.timings.plan + plan.view.timings.advice)} ms in the engine.
        </p>
      )}
      {plan.status === 'cancelled' && (
        <div className="sd-memory__status" role="status" data-testid="memory-status" data-status="cancelled">
          <span>Planning was cancelled.</span>
          <button type="button" className="sd-button sd-button--small" onClick={() => void refreshMemoryPlan()}>
            Plan again
          </button>
        </div>
      )}
      {plan.status === 'failed' && (
        <div className="sd-run__error" role="alert" data-testid="memory-status" data-status="failed">
          <strong>{errorTitle(plan.error.code, plan.error.fileName ?? 'the model')}</strong>
          <span>{plan.error.message}</span>
        </div>
      )}
    </footer>
  );
}
