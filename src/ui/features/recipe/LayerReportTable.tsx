import type { ReactNode } from 'react';
import { ColumnHeads, type ColumnHead } from '../../components/ColumnHeads';
import { studioStore } from '../../store';

/** What every per-layer report row has: the layer's node, its weight tensor, and why it was left alone. */
export interface ReportLayer {
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  readonly tensor: string;
  readonly skipped?: string;
}

interface Props<L extends ReportLayer> {
  readonly testId: string;
  /** Headings: the layer column's first, then one per cell. */
  readonly columns: readonly (string | ColumnHead)[];
  readonly layers: readonly L[];
  /** The row's cells after the layer's name (`<td>`s). */
  readonly cells: (layer: L) => ReactNode;
}

const select = (nodeId: string) => studioStore.getState().select(nodeId, { focus: true });

/** A step report's table: one row per layer, its name a link that selects the layer in the graph. */
export function LayerReportTable<L extends ReportLayer>({ testId, columns, layers, cells }: Props<L>) {
  return (
    <table className="sd-report-table" data-testid={testId}>
      <ColumnHeads columns={columns} />
      <tbody>
        {layers.map((l) => (
          <tr key={`${l.nodeId}/${l.tensor}`} data-skipped={l.skipped !== undefined}>
            <th scope="row" title={l.skipped ?? `${l.name} (${l.op})`}>
              <button type="button" className="sd-link" onClick={() => select(l.nodeId)}>
                {l.name || l.nodeId}
              </button>
            </th>
            {cells(l)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
