import { useState, type MouseEvent } from 'react';
import { Figure } from '../../components/Figure';
import { formatBytes, formatMacs } from '../../format';
import { studioStore } from '../../store';
import { downloadModel, showVariant } from '../quantize/actions';
import { formatPoints, formatRelative, sortRows, type Sort, type SortKey, type VariantRow } from './table-rows';

interface Column {
  readonly key: SortKey | null;
  readonly label: string;
  readonly title?: string;
}

const COLUMNS: readonly Column[] = [
  { key: 'label', label: 'Variant' },
  { key: null, label: 'Made by', title: 'The steps that made it from the original' },
  { key: 'fileBytes', label: 'File', title: 'Bytes of the model file(s) as the studio saves them' },
  { key: 'weightBytes', label: 'Weights', title: 'Stored bytes of every constant tensor' },
  { key: 'macs', label: 'MACs', title: 'Multiply-accumulates for one sample' },
  { key: 'peakBytes', label: 'Peak memory', title: 'The largest sum of activation bytes alive at one step' },
  { key: 'top1', label: 'Top-1', title: 'Accuracy of the latest evaluation' },
  {
    key: 'agreement',
    label: 'Agreement',
    title: "Share of samples where the variant's top-1 class is the original's",
  },
  { key: null, label: 'Download' },
];

/** Shows a member, then opens the evaluate panel on it (the view closes: the panel takes its place). */
export function evaluateMember(id: string | null): void {
  if (id !== null) showVariant(id);
  const state = studioStore.getState();
  state.updateEvaluateForm({ scope: id === null ? 'family' : 'shown' });
  state.setEvaluateOpen(true);
}

/** A change from the original, coloured by whether it is a gain (smaller cost, higher accuracy). */
function Delta({ value, text, better }: { value: number | undefined; text: string; better: 'lower' | 'higher' }) {
  if (value === undefined) return null;
  const good = better === 'lower' ? value < 0 : value > 0;
  const tone = Math.abs(value) < 1e-9 ? 'same' : good ? 'better' : 'worse';
  return (
    <span className="sd-vtable__delta" data-tone={tone} data-testid="variants-delta">
      {text}
    </span>
  );
}

function SizeCell(props: { row: VariantRow; value: number; delta?: number; text: string; unit: string; id: string }) {
  return (
    <td data-testid={`variants-${props.id}`} data-value={props.value}>
      <Figure value={props.value} text={props.text} unit={props.unit} />
      <Delta value={props.delta} text={props.delta === undefined ? '' : formatRelative(props.delta)} better="lower" />
    </td>
  );
}

const percent = (fraction: number): string => `${(100 * fraction).toFixed(2)} %`;

function NotEvaluated({ row }: { row: VariantRow }) {
  const onClick = (event: MouseEvent) => {
    // The row's own click would show the member too; this one also opens the evaluate panel.
    event.stopPropagation();
    evaluateMember(row.id);
  };
  return (
    <span className="sd-vtable__missing">
      <span title="Not evaluated yet">—</span>
      <button
        type="button"
        className="sd-link"
        aria-label={`Evaluate ${row.label}`}
        title="Opens the evaluate panel on this member"
        data-testid="variants-evaluate"
        onClick={onClick}
      >
        Evaluate…
      </button>
    </span>
  );
}

/**
 * The family in a table: how each member was made, its sizes, compute, peak memory and accuracy, each with
 * its change from the original. Columns sort; a row shows its member; each row downloads its file.
 */
export function VariantsTable({ rows, shownId }: { rows: readonly VariantRow[]; shownId: string | undefined }) {
  const [sort, setSort] = useState<Sort>({ key: 'order', descending: false });
  const sorted = sortRows(rows, sort);
  const toggle = (key: SortKey) =>
    setSort((s) =>
      s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'top1' || key === 'agreement' },
    );
  return (
    <div className="sd-vtable__scroll">
      <table className="sd-vtable" data-testid="variants-table" aria-label="Variants of the open model">
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = c.key !== null && sort.key === c.key;
              return (
                <th
                  key={c.label}
                  scope="col"
                  title={c.title}
                  className={c.key === null && c.label !== 'Download' ? 'sd-vtable__made' : undefined}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  {c.key === null ? (
                    c.label === 'Download' ? (
                      <span className="sd-visually-hidden">{c.label}</span>
                    ) : (
                      c.label
                    )
                  ) : (
                    <button type="button" className="sd-vtable__sort" onClick={() => toggle(c.key!)}>
                      {c.label}
                      <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr
              key={r.id}
              data-testid="variants-row"
              data-model-id={r.id}
              data-shown={r.id === shownId}
              onClick={() => showVariant(r.id)}
            >
              <th scope="row">
                <button
                  type="button"
                  className="sd-link sd-vtable__name"
                  aria-current={r.id === shownId ? 'true' : undefined}
                  title={`Show ${r.label} (${r.fileName})`}
                  onClick={(e) => {
                    e.stopPropagation();
                    showVariant(r.id);
                  }}
                >
                  {r.label}
                </button>
                <span className="sd-vtable__file">{r.fileName}</span>
              </th>
              <td className="sd-vtable__made" title={r.steps.join('\n') || r.madeBy} data-testid="variants-made-by">
                {r.madeBy}
              </td>
              <SizeCell
                row={r}
                id="file"
                value={r.fileBytes}
                delta={r.delta.fileBytes}
                text={formatBytes(r.fileBytes)}
                unit="bytes"
              />
              <SizeCell
                row={r}
                id="weights"
                value={r.weightBytes}
                delta={r.delta.weightBytes}
                text={formatBytes(r.weightBytes)}
                unit="bytes"
              />
              <SizeCell row={r} id="macs" value={r.macs} delta={r.delta.macs} text={formatMacs(r.macs)} unit="MACs" />
              <SizeCell
                row={r}
                id="peak"
                value={r.peakBytes}
                delta={r.delta.peakBytes}
                text={formatBytes(r.peakBytes)}
                unit="bytes"
              />
              <td data-testid="variants-top1" data-value={r.top1 ?? ''} title={r.evaluatedOn}>
                {r.top1 === undefined ? (
                  <NotEvaluated row={r} />
                ) : (
                  <>
                    {percent(r.top1)}
                    <Delta
                      value={r.delta.top1Points}
                      text={r.delta.top1Points === undefined ? '' : formatPoints(r.delta.top1Points)}
                      better="higher"
                    />
                  </>
                )}
              </td>
              <td data-testid="variants-agreement" data-value={r.agreement ?? ''}>
                {r.isOriginal ? (
                  <span className="sd-muted" title="Variants are compared with the original">
                    reference
                  </span>
                ) : r.agreement === undefined ? (
                  <span title="Evaluate it with the original as the reference to see how often they agree">—</span>
                ) : (
                  percent(r.agreement)
                )}
              </td>
              <td>
                <button
                  type="button"
                  className="sd-button sd-button--small sd-button--ghost"
                  aria-label={`Download ${r.fileName}`}
                  title={`Download ${r.fileName}`}
                  data-testid="variants-download"
                  onClick={(e) => {
                    e.stopPropagation();
                    void downloadModel(r.id);
                  }}
                >
                  ↓
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
