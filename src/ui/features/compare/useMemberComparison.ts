import { useEffect, useState } from 'react';
import { isCancelled } from '../../../workers/client';
import type { MemberComparison, ModelId } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import type { UserError } from '../../store/types';
import { toUserError } from '../open/actions';

export type ComparisonState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly comparison: MemberComparison }
  | { readonly status: 'failed'; readonly error: UserError };

/**
 * The engine's layer-by-layer comparison of B against A, asked for again whenever the pair changes (an older
 * request still running is cancelled). `label` names the pair in an error.
 */
export function useMemberComparison(a: ModelId | undefined, b: ModelId | undefined, label: string): ComparisonState {
  const [state, setState] = useState<{ key: string; value: ComparisonState } | null>(null);
  const key = a !== undefined && b !== undefined ? `${a}|${b}` : '';
  useEffect(() => {
    if (a === undefined || b === undefined) return;
    const controller = new AbortController();
    getEngine()
      .compareMembers(a, b, { signal: controller.signal })
      .then(
        (comparison) => setState({ key: `${a}|${b}`, value: { status: 'ready', comparison } }),
        (error: unknown) => {
          if (controller.signal.aborted || isCancelled(error)) return;
          setState({ key: `${a}|${b}`, value: { status: 'failed', error: toUserError(error, label) } });
        },
      );
    return () => controller.abort();
    // The label only words an error: a new one does not need a new comparison.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a, b]);
  return state && state.key === key ? state.value : { status: 'loading' };
}
