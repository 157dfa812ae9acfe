import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvaluateResult } from '../../../workers/protocol';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { openTinyVariant, type VariantFixture } from '../../test-fixtures';
import { formatRelative } from './table-rows';
import { VariantsPanel } from './VariantsPanel';

// recharts measures its container with a ResizeObserver and getBoundingClientRect, which jsdom lacks (it
// measures everything as 0 × 0): here every element measures as the chart's usual size.
class NoResize {
  observe() {}
  unobserve() {}
  disconnect() {}
}
vi.stubGlobal('ResizeObserver', NoResize);
vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
  width: 520,
  height: 260,
  top: 0,
  left: 0,
  right: 520,
  bottom: 260,
  x: 0,
  y: 0,
  toJSON: () => ({}),
});

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});
afterEach(() => {
  cleanup();
  setEngine(null);
  studioStore.setState(studioStore.getInitialState(), true);
});

function openView() {
  setEngine(fx.engine);
  const s = studioStore.getState();
  s.setModel(fx.model, fx.layout);
  s.addVariant(fx.variant, fx.variantLayout);
  s.setVariantsOpen(true);
  render(<VariantsPanel />);
  return screen.getByRole('dialog', { name: 'Variants' });
}

const fileBytes = (summary: { files: readonly { bytes: number }[] }) => summary.files.reduce((n, f) => n + f.bytes, 0);
const rowIds = () => screen.getAllByTestId('variants-row').map((r) => r.getAttribute('data-model-id'));

function evaluated(modelId: string, top1: number, agreement?: number): EvaluateResult {
  return {
    modelId,
    ...(agreement !== undefined ? { referenceId: fx.model.summary.modelId } : {}),
    data: 'mnist',
    runtime: 'test',
    result: {
      samples: 100,
      batches: 1,
      output: 'y',
      valuesPerSample: 10,
      notes: [],
      classification: { samples: 100, classes: 10, top1, perClass: [], confusion: [] },
      ...(agreement !== undefined
        ? { reference: { samples: 100, agreement, mse: 0, sqnr: 40, cosine: 1, maxAbsError: 0 } }
        : {}),
      statistics: {} as EvaluateResult['result']['statistics'],
    },
    timings: { load: 0, run: 0, total: 0 },
  };
}

describe('VariantsPanel', () => {
  it('lists the family with file sizes as saved, the change from the original, and how each was made', () => {
    const panel = openView();
    const rows = within(panel).getAllByTestId('variants-row');
    expect(rows).toHaveLength(2);
    const [original, variant] = [fx.model.summary, fx.variant.summary];
    const files = within(panel)
      .getAllByTestId('variants-file')
      .map((c) => Number(c.getAttribute('data-value')));
    expect(files).toEqual([fileBytes(original), fileBytes(variant)]);
    // The variant's file size is the one its own summary gives.
    expect(files[1]).toBe(fx.variant.variant.fileBytes);
    // (The tiny model's one small weight gains scales and zero points: its int8 file is a little larger.)
    const deltas = within(rows[1]!)
      .getAllByTestId('variants-delta')
      .map((d) => d.textContent);
    expect(deltas[0]).toBe(formatRelative(files[1]! / files[0]! - 1));
    expect(deltas[0]).toMatch(/^[−+]\d+(\.\d)? %$/);
    expect(within(rows[1]!).getByTestId('variants-made-by').textContent).toBe('Quantize: int8 weights · per channel');
    expect(within(rows[0]!).getByTestId('variants-made-by').textContent).toBe('The model as it was opened');
    // Nothing is evaluated: the accuracy says so, and the chart lists who is missing.
    expect(within(panel).getAllByTestId('variants-evaluate')).toHaveLength(2);
    expect(screen.getByTestId('pareto-empty')).toBeTruthy();
    expect(screen.getByTestId('pareto-missing').textContent).toBe('Not evaluated yet: Original, int8 weights.');
  });

  it('sorts by a column and shows the member whose row is clicked', () => {
    openView();
    const original = fx.model.summary.modelId;
    const variant = fx.variant.summary.modelId;
    // The variant was just made, so it is shown.
    expect(screen.getAllByTestId('variants-row')[1]!.getAttribute('data-shown')).toBe('true');
    const bySize =
      fileBytes(fx.variant.summary) < fileBytes(fx.model.summary) ? [variant, original] : [original, variant];
    fireEvent.click(screen.getByRole('button', { name: 'File' }));
    expect(rowIds()).toEqual(bySize);
    expect(screen.getByRole('columnheader', { name: 'File' }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: 'File' }));
    expect(rowIds()).toEqual([...bySize].reverse());
    // Accuracy sorts best first; nothing is evaluated, so the family order stays.
    fireEvent.click(screen.getByRole('button', { name: 'Top-1' }));
    expect(screen.getByRole('columnheader', { name: 'Top-1' }).getAttribute('aria-sort')).toBe('descending');
    expect(rowIds()).toEqual([original, variant]);
    fireEvent.click(screen.getAllByTestId('variants-row')[0]!);
    expect(studioStore.getState().model?.summary.modelId).toBe(original);
  });

  it('fills accuracy, agreement and the Pareto chart from the evaluations; a point shows its member', async () => {
    openView();
    const original = fx.model.summary.modelId;
    const variant = fx.variant.summary.modelId;
    act(() => {
      const s = studioStore.getState();
      s.setEvaluation({ modelId: original, result: evaluated(original, 0.9), dataLabel: 'd', finishedAt: 1 });
      s.setEvaluation({ modelId: variant, result: evaluated(variant, 0.87, 0.95), dataLabel: 'd', finishedAt: 2 });
    });
    const top1 = screen.getAllByTestId('variants-top1');
    expect(top1.map((c) => c.getAttribute('data-value'))).toEqual(['0.9', '0.87']);
    expect(within(top1[1]!).getByTestId('variants-delta').textContent).toBe('−3.0 pt');
    expect(screen.getAllByTestId('variants-agreement')[1]!.textContent).toBe('95.00 %');
    expect(screen.queryByTestId('pareto-missing')).toBeNull();
    const points = await waitFor(() => {
      const found = screen.getAllByTestId('pareto-point');
      expect(found).toHaveLength(2);
      return found;
    });
    // The original is more accurate; the variant is on the front only if it is the smaller one.
    const smaller = fileBytes(fx.variant.summary) < fileBytes(fx.model.summary);
    const front = Object.fromEntries(
      points.map((p) => [p.getAttribute('data-model-id'), p.getAttribute('data-front')]),
    );
    expect(front).toEqual({ [original]: 'true', [variant]: String(smaller) });
    fireEvent.click(points.find((p) => p.getAttribute('data-model-id') === original)!);
    expect(studioStore.getState().model?.summary.modelId).toBe(original);
    // Peak memory is the same for both (int8 weights keep float activations): the original dominates.
    expect(fx.variant.summary.metrics.peakActivationBytes).toBe(fx.model.summary.metrics.peakActivationBytes);
    fireEvent.click(screen.getByTestId('pareto-axis-peak'));
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('pareto-point')
          .find((p) => p.getAttribute('data-model-id') === variant)
          ?.getAttribute('data-front'),
      ).toBe('false'),
    );
  });

  it('compares the shown variant with its parent layer by layer, and colours the graph by the change', async () => {
    openView();
    const view = screen.getByTestId('compare-view');
    expect(view.getAttribute('data-a')).toBe(fx.model.summary.modelId);
    expect(view.getAttribute('data-b')).toBe(fx.variant.summary.modelId);
    const summary = await screen.findByTestId('compare-summary');
    expect(summary.textContent).toMatch(/moved \d.* over 1 layer\(s\)/);
    fireEvent.click(screen.getByTestId('compare-tint'));
    const tint = studioStore.getState().graphTint;
    expect(tint?.modelId).toBe(fx.variant.summary.modelId);
    expect(tint?.title).toMatch(/^Weight change, int8 weights vs Original/);
    expect(Object.values(tint!.values)).toHaveLength(1);
    expect(tint!.low).toBeGreaterThan(tint!.high);
    // The view closed so that the coloured graph shows.
    expect(studioStore.getState().variantsOpen).toBe(false);
  });
});
