import { describe, expect, it } from 'vitest';
import { runOp, t, typeOf } from '../../../test-support/shape/one-node';

describe('recurrent rules', () => {
  it('LSTM layout 0: sequence first', () => {
    const r = runOp(
      'LSTM',
      [t('float32', [7, 'B', 10]), t('float32', [1, 80, 10]), t('float32', [1, 80, 20])],
      { hidden_size: 20 },
      { outputs: 3 },
    );
    expect(r.problems).toEqual([]);
    expect(typeOf(r, 0)).toEqual(['float32', [7, 1, 'B', 20]]);
    expect(typeOf(r, 1)).toEqual(['float32', [1, 'B', 20]]);
    expect(typeOf(r, 2)).toEqual(['float32', [1, 'B', 20]]);
  });

  it('LSTM layout 1 (opset 14): batch first', () => {
    const r = runOp(
      'LSTM',
      [t('float32', ['B', 7, 10]), t('float32', [2, 80, 10]), t('float32', [2, 80, 20])],
      { hidden_size: 20, layout: 1, direction: 'bidirectional' },
      { opset: 14, outputs: 3 },
    );
    expect(typeOf(r, 0)).toEqual(['float32', ['B', 7, 2, 20]]);
    expect(typeOf(r, 1)).toEqual(['float32', ['B', 2, 20]]);
  });

  it('GRU and RNN take hidden_size from the weights when the attribute is missing', () => {
    const gru = runOp(
      'GRU',
      [t('float32', [5, 3, 4]), t('float32', [1, 18, 4]), t('float32', [1, 18, 6])],
      {},
      { outputs: 2 },
    );
    expect(typeOf(gru, 0)).toEqual(['float32', [5, 1, 3, 6]]);
    expect(typeOf(gru, 1)).toEqual(['float32', [1, 3, 6]]);
    const rnn = runOp(
      'RNN',
      [t('float32', [5, 3, 4]), t('float32', [2, 6, 4]), t('float32', [2, 6, 6])],
      { direction: 'bidirectional' },
      { outputs: 2 },
    );
    expect(typeOf(rnn, 0)).toEqual(['float32', [5, 2, 3, 6]]);
  });
});
