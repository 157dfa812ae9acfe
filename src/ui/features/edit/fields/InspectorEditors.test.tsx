import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { studioStore } from '../../../store';
import { Inspector } from '../../inspector/Inspector';
import { editTestEngine, showFreshTinyModel } from '../edit-test-model';

const engine = editTestEngine();

/** The last edit applied to model `id`. */
const lastOp = (id: string) => studioStore.getState().editHistories[id]?.done.at(-1)?.op;
const row = (name: string) => screen.getAllByTestId('attribute-row').find((r) => r.getAttribute('data-name') === name)!;

async function inspect(nodeId: string) {
  const id = await showFreshTinyModel(engine());
  studioStore.getState().select(nodeId);
  render(<Inspector />);
  return id;
}

describe('the inspector’s editors', () => {
  it('edit an ints attribute on Enter, refuse text that is not one, and list unset attributes with typed editors', async () => {
    const id = await inspect('conv');
    const pads = within(row('pads')).getByLabelText('pads') as HTMLInputElement;
    expect(pads.value).toBe('1, 1, 1, 1');
    fireEvent.change(pads, { target: { value: '1, x' } });
    fireEvent.keyDown(pads, { key: 'Enter' });
    expect(within(row('pads')).getByRole('alert').textContent).toBe('“x” is not a whole number.');
    expect(lastOp(id)).toBeUndefined();
    fireEvent.change(pads, { target: { value: '0, 0, 0, 0' } });
    fireEvent.keyDown(pads, { key: 'Enter' });
    await waitFor(() =>
      expect(lastOp(id)).toEqual({
        kind: 'setAttribute',
        node: 'conv',
        name: 'pads',
        value: { type: 'ints', value: [0, 0, 0, 0] },
      }),
    );
    // The output shape follows (8 − 3 + 1 = 6).
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Outputs' })).getByTestId('port-shape').textContent).toBe(
        '1×2×6×6',
      ),
    );
    // The catalogue's other Conv attributes, not set, wait in "Not set" (loaded from the engine()'s palette).
    await waitFor(() => expect(screen.getByText('Not set (4)')).toBeTruthy());
    const autoPad = within(row('auto_pad')).getByLabelText('auto_pad') as HTMLSelectElement;
    expect([...autoPad.options].map((o) => o.value)).toEqual(['', 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID']);
    fireEvent.change(autoPad, { target: { value: 'VALID' } });
    await waitFor(() =>
      expect(lastOp(id)).toEqual({
        kind: 'setAttribute',
        node: 'conv',
        name: 'auto_pad',
        value: { type: 'string', value: 'VALID' },
      }),
    );
    fireEvent.click(within(row('auto_pad')).getByRole('button', { name: 'Remove auto_pad' }));
    await waitFor(() =>
      expect(lastOp(id)).toEqual({ kind: 'setAttribute', node: 'conv', name: 'auto_pad', value: null }),
    );
  });

  it('renames the node from its name, and exposes an output as a graph output', async () => {
    const id = await inspect('conv');
    fireEvent.click(screen.getByRole('button', { name: 'Rename the node' }));
    const input = screen.getByLabelText('Node name');
    fireEvent.change(input, { target: { value: 'first_conv' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('inspector-name').textContent).toBe('first_conv'));
    expect(studioStore.getState().editHistories[id]!.done).toHaveLength(1);
    const expose = screen.getByRole('checkbox', { name: 'conv_out is a graph output' });
    fireEvent.click(expose);
    await waitFor(() => expect(lastOp(id)).toEqual({ kind: 'addGraphOutput', tensor: 'conv_out' }));
    await waitFor(() =>
      expect((screen.getByRole('checkbox', { name: 'conv_out is a graph output' }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
  });

  it('changes a weight: scale, then zero; the statistics follow', async () => {
    const id = await inspect('conv');
    const weight = screen.getByRole('group', { name: 'Change the values of w' });
    fireEvent.change(within(weight).getByLabelText('Scale ×'), { target: { value: '2' } });
    fireEvent.click(within(weight).getByRole('button', { name: 'Scale' }));
    await waitFor(() =>
      expect(lastOp(id)).toEqual({ kind: 'editInitializer', tensor: 'w', change: { kind: 'scale', factor: 2 } }),
    );
    const stats = screen.getByTestId('weight-stats');
    await waitFor(() => expect(within(stats).getByText('max').nextSibling?.textContent).toBe('16'));
    fireEvent.click(within(weight).getByRole('button', { name: 'Set to zero' }));
    await waitFor(() => expect(within(stats).getByText('sparsity').nextSibling?.textContent).toBe('100.0%'));
  });

  it('sets a graph input’s shape with a symbolic batch, then fixes the batch to 1', async () => {
    const id = await inspect('input:x');
    const shape = screen.getByTestId('input-shape') as HTMLInputElement;
    expect(shape.value).toBe('1, 1, 8, 8');
    expect(screen.queryByTestId('fix-batch')).toBeNull();
    fireEvent.change(shape, { target: { value: 'N, 1, 8, 8' } });
    fireEvent.keyDown(shape, { key: 'Enter' });
    await waitFor(() => expect(lastOp(id)).toEqual({ kind: 'setInputShape', input: 'x', shape: ['N', 1, 8, 8] }));
    await act(async () => {
      fireEvent.click(await screen.findByTestId('fix-batch'));
    });
    await waitFor(() => expect(lastOp(id)).toEqual({ kind: 'fixSymbolicDims', dims: { N: 1 } }));
    await waitFor(() => expect((screen.getByTestId('input-shape') as HTMLInputElement).value).toBe('1, 1, 8, 8'));
  });
});
