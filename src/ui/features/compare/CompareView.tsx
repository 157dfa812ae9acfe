import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MemberComparison } from '../../../workers/protocol';
import { formatBytes, formatCount, formatMacs } from '../../format';
import { errorTitle } from '../../messages';
import { studioStore, useStudio } from '../../store';
import type { VariantEntry } from '../../store/types';
import { showVariant } from '../quantize/actions';
import { ChangeChart, formatChange } from './ChangeChart';
import { changeTint, comparePair, comparePoints, pointsWith, TINT_SOURCE } from './compare-data';
import { PairBarChart } from './PairBarChart';
import { useMemberComparison } from './useMemberComparison';
import './compare.css';

/** Colours B's graph by each layer's weight change, shows B, and closes the view so the graph is seen. */
function colourGraph(comparison: MemberComparison, labelA: string, labelB: string): void {
  const tint = changeTint(comparison, labelA, labelB);
  if (!tint) return;
  const state = studioStore.getState();
  state.setGraphTint(tint);
  showVariant(comparison.bId);
  state.setVariantsOpen(false);
}

function MemberPicker(props: {
  label: string;
  value: string;
  family: readonly VariantEntry[];
  testId: string;
  onChange: (id: string) => void;
}) {
  const id = useId();
  return (
    <label className="sd-compare__pick" htmlFor={id}>
      <span>{props.label}</span>
      <select id={id} value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        {props.family.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Two members of the family layer by layer: weights, MACs and sparsity of A beside B, how far each layer's
 * weight moved, and the graph of B coloured by that change.
 */
export function CompareView() {
  const { family, shownId, chosenA, chosenB, tinted } = useStudio(
    useShallow((s) => ({
      family: s.variants,
      shownId: s.model?.summary.modelId,
      chosenA: s.compareA,
      chosenB: s.compareB,
      tinted: s.graphTint?.source === TINT_SOURCE,
    })),
  );
  const pair = comparePair(family, shownId, { a: chosenA, b: chosenB });
  const a = family.find((v) => v.id === pair?.a);
  const b = family.find((v) => v.id === pair?.b);
  const labels = useMemo(() => ({ a: a?.label ?? 'A', b: b?.label ?? 'B' }), [a?.label, b?.label]);
  const state = useMemberComparison(pair?.a, pair?.b, `${labels.b} against ${labels.a}`);
  const points = useMemo(
    () => (state.status === 'ready' ? comparePoints(state.comparison, a?.model.summary, b?.model.summary) : []),
    [state, a, b],
  );
  if (!pair || !a || !b)
    return <p className="sd-panel__hint">Make a variant (Quantize or Recipe) to compare it with the original.</p>;
  const set = (patch: { a?: string; b?: string }) => studioStore.getState().setCompare(patch);
  return (
    <div className="sd-compare" data-testid="compare-view" data-a={pair.a} data-b={pair.b}>
      <div className="sd-compare__pickers">
        <MemberPicker
          label="A (reference)"
          value={pair.a}
          family={family}
          testId="compare-a"
          onChange={(id) => set({ a: id })}
        />
        <button
          type="button"
          className="sd-button sd-button--small sd-button--ghost"
          aria-label="Swap A and B"
          title="Swap A and B"
          onClick={() => set({ a: pair.b, b: pair.a })}
        >
          ⇄
        </button>
        <MemberPicker label="B" value={pair.b} family={family} testId="compare-b" onChange={(id) => set({ b: id })} />
      </div>
      {pair.a === pair.b && <p className="sd-panel__hint">A and B are the same model: pick two different members.</p>}
      {state.status === 'loading' && (
        <p className="sd-panel__hint" aria-busy="true" data-testid="compare-loading">
          Comparing {labels.b} with {labels.a}…
        </p>
      )}
      {state.status === 'failed' && (
        <div className="sd-run__error" role="alert" data-testid="compare-error">
          <strong>{errorTitle(state.error.code, state.error.fileName ?? labels.b)}</strong>
          <span>{state.error.message}</span>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          <p className="sd-compare__summary" data-testid="compare-summary">
            {state.comparison.change !== undefined
              ? `${labels.b}'s weights moved ${formatChange(100 * state.comparison.change)} from ${labels.a}'s over ${state.comparison.compared} layer(s) lined up.`
              : `No layer's weights could be lined up between ${labels.a} and ${labels.b}.`}{' '}
            Weights {formatBytes(a.model.summary.metrics.weightBytes)} →{' '}
            {formatBytes(b.model.summary.metrics.weightBytes)}, {formatMacs(a.model.summary.metrics.macs)} →{' '}
            {formatMacs(b.model.summary.metrics.macs)}.
          </p>
          <div className="sd-compare__actions">
            <button
              type="button"
              className="sd-button sd-button--small"
              data-testid="compare-tint"
              disabled={state.comparison.compared === 0}
              title={`Shows ${labels.b} with each layer coloured by how far its weight moved (closes this view)`}
              onClick={() => colourGraph(state.comparison, labels.a, labels.b)}
            >
              Colour {labels.b}'s graph by the change
            </button>
            {tinted && (
              <button
                type="button"
                className="sd-button sd-button--small sd-button--ghost"
                data-testid="compare-tint-clear"
                onClick={() => studioStore.getState().setGraphTint(null)}
              >
                Clear the colouring
              </button>
            )}
          </div>
          <div className="sd-compare__charts">
            <PairBarChart
              title="Weights per layer"
              testId="compare-weights"
              points={pointsWith(points, 'weights')}
              value={(p, side) => (side === 'A' ? p.weightBytesA : p.weightBytesB)}
              format={formatBytes}
              unit="bytes"
              labels={labels}
              empty="Neither model has weights."
            />
            <PairBarChart
              title="MACs per layer"
              testId="compare-macs"
              points={pointsWith(points, 'macs')}
              value={(p, side) => (side === 'A' ? p.macsA : p.macsB)}
              format={formatMacs}
              tickFormat={formatCount}
              unit="MACs"
              labels={labels}
              empty="Neither model does multiply-accumulates."
            />
            <PairBarChart
              title="Zero weights per layer"
              testId="compare-zeros"
              points={pointsWith(points, 'zeros')}
              value={(p, side) => (side === 'A' ? p.zerosA : p.zerosB)}
              format={(v) => `${v.toFixed(1)} %`}
              tickFormat={(v) => `${v} %`}
              unit="% of the layer's weights"
              labels={labels}
              domain={[0, 100]}
              empty="No layer has a weight whose zeros could be counted."
            />
            <ChangeChart
              points={pointsWith(points, 'change')}
              total={state.comparison.change === undefined ? undefined : 100 * state.comparison.change}
            />
          </div>
        </>
      )}
    </div>
  );
}
