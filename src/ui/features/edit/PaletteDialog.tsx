import { useEffect, useId, useMemo, useState } from 'react';
import { arity } from '../../../core/transforms/edit/catalogue-types';
import type { OperatorSpec } from '../../../workers/protocol';
import { useStudio } from '../../store';
import { runEdit } from './actions';
import { DialogFrame } from './DialogFrame';
import { loadPalette, useEditUi } from './edit-ui-store';

/**
 * Operators whose name, category or summary contains the query (case-insensitive): the exact name first,
 * then names starting with it, then names containing it, then the rest.
 */
export function searchOperators(operators: readonly OperatorSpec[], query: string): OperatorSpec[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...operators];
  const rank = (o: OperatorSpec): number => {
    const name = o.op.toLowerCase();
    if (name === q) return 0;
    if (name.startsWith(q)) return 1;
    if (name.includes(q)) return 2;
    return o.category.includes(q) || o.summary.toLowerCase().includes(q) ? 3 : 4;
  };
  return operators
    .map((o) => [rank(o), o] as const)
    .filter(([r]) => r < 4)
    .sort((a, b) => a[0] - b[0])
    .map(([, o]) => o);
}

/** Why an operator cannot be added here (it needs more inputs than the one it would read), if it cannot. */
export function insertBlocked(spec: OperatorSpec, reads: number): string | undefined {
  const { min, max } = arity(spec.inputs);
  if (min > reads) return `${spec.op} needs ${min} inputs; add it by reading one tensor, then rewire the others.`;
  if (max < reads) return `${spec.op} reads no input.`;
  return undefined;
}

interface Props {
  /** The tensor the new node reads (its readers then read the new node), or null for a node reading nothing. */
  readonly tensor: string | null;
  /** The node it goes after, named in the title. */
  readonly after: string | null;
}

/** The add-node palette: the format's operators, searchable; the one picked is inserted after the node. */
export function PaletteDialog({ tensor, after }: Props) {
  const modelId = useStudio((s) => s.model?.summary.modelId);
  const afterName = useStudio((s) => s.model?.graph.nodes.find((n) => n.id === after)?.name ?? after);
  const palette = useEditUi((s) => (modelId === undefined ? undefined : s.palettes[modelId]));
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<OperatorSpec | null>(null);
  const searchId = useId();
  useEffect(() => {
    if (modelId !== undefined) loadPalette(modelId);
  }, [modelId]);
  const operators = palette?.status === 'ready' ? palette.operators : undefined;
  const hits = useMemo(() => (operators ? searchOperators(operators, query) : []), [operators, query]);
  const reads = tensor === null ? 0 : 1;
  const blocked = picked ? insertBlocked(picked, reads) : undefined;
  return (
    <DialogFrame
      title={afterName ? `Add a node after ${afterName}` : 'Add a node'}
      testId="palette-dialog"
      submitLabel={picked ? `Add ${picked.op}` : 'Add'}
      ready={picked !== null && blocked === undefined}
      onSubmit={() => {
        if (!picked) return;
        void runEdit({
          kind: 'addNode',
          op: picked.op,
          ...(picked.domain ? { domain: picked.domain } : {}),
          inputs: tensor === null ? [] : [tensor],
          rewireConsumers: tensor !== null,
        });
      }}
    >
      <div className="sd-field">
        <label htmlFor={searchId}>Operator</label>
        <input
          id={searchId}
          type="search"
          placeholder="Search: relu, conv, pool…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {palette?.status === 'loading' && <p className="sd-muted">Loading the operators…</p>}
      {palette?.status === 'failed' && <p className="sd-run__error">{palette.message}</p>}
      {operators?.length === 0 && <p className="sd-muted">Nodes cannot be added to models of this format.</p>}
      {operators && operators.length > 0 && (
        <ul className="sd-palette" aria-label="Operators">
          {hits.map((spec) => (
            <li key={`${spec.domain}:${spec.op}`}>
              <button
                type="button"
                className="sd-palette__item"
                aria-pressed={picked === spec}
                data-op={spec.op}
                onClick={() => setPicked(spec)}
              >
                <span className="sd-palette__op">{spec.op}</span>
                <span className="sd-palette__category">{spec.category}</span>
                <span className="sd-palette__summary">{spec.summary}</span>
              </button>
            </li>
          ))}
          {hits.length === 0 && <li className="sd-muted">No operator matches “{query}”.</li>}
        </ul>
      )}
      {blocked && <p className="sd-edit-dialog__note">{blocked}</p>}
    </DialogFrame>
  );
}
