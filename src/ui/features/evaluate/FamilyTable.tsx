import { ColumnHeads } from '../../components/ColumnHeads';
import { Section } from '../../components/Section';
import { formatDuration } from '../../format';
import type { EvaluationRecord } from '../../store/evaluate-slice';
import type { VariantEntry } from '../../store/types';
import { formatDb } from '../quantize/report-view';
import { showVariant } from '../quantize/actions';
import { formatAccuracy } from './explain';

const COLUMNS = [
  'Model',
  { label: 'Top-1', title: 'Share of samples whose top class is their label' },
  { label: 'Δ', title: 'Top-1 change from the original, in percentage points' },
  { label: 'Agree', title: 'Share of samples whose top class is the original’s' },
  { label: 'SQNR', title: 'Output signal to error against the original, in dB' },
  { label: 'Time', title: 'Time the evaluation took' },
];

/** The change of a top-1 from the original's, in percentage points: `−0.12 pp`. */
export function formatDelta(top1: number, original: number): string {
  const pp = (top1 - original) * 100;
  const text = Math.abs(pp).toFixed(2);
  return text === '0.00' ? '±0.00 pp' : `${pp < 0 ? '−' : '+'}${text} pp`;
}

/**
 * The family's evaluations side by side, one row per evaluated member in family order; a row's name shows
 * that member. Rows measured on other data than the original's are marked.
 */
export function FamilyTable({
  family,
  evaluations,
  shownId,
}: {
  family: readonly VariantEntry[];
  evaluations: Readonly<Record<string, EvaluationRecord>>;
  shownId: string | undefined;
}) {
  const rows = family.filter((v) => evaluations[v.id]);
  if (rows.length === 0) return null;
  const original = family[0] ? evaluations[family[0].id] : undefined;
  const base = original?.result.result.classification?.top1;
  const mixed = rows.some((v) => evaluations[v.id]!.dataLabel !== evaluations[rows[0]!.id]!.dataLabel);
  return (
    <Section title="Family">
      <table className="sd-report-table sd-eval-family" data-testid="evaluate-family">
        <ColumnHeads columns={COLUMNS} />
        <tbody>
          {rows.map((v) => {
            const record = evaluations[v.id]!;
            const m = record.result.result;
            const top1 = m.classification?.top1;
            const ref = m.reference;
            return (
              <tr
                key={v.id}
                data-testid="evaluate-family-row"
                data-model-id={v.id}
                aria-current={v.id === shownId ? 'true' : undefined}
              >
                <th scope="row" title={`${v.label}: ${record.dataLabel}`}>
                  <button type="button" className="sd-link" onClick={() => showVariant(v.id)}>
                    {v.label}
                  </button>
                </th>
                <td className="sd-num" data-testid="evaluate-family-top1">
                  {top1 !== undefined ? formatAccuracy(top1) : '—'}
                </td>
                <td className="sd-num">
                  {top1 !== undefined && base !== undefined && v.id !== family[0]?.id ? formatDelta(top1, base) : '—'}
                </td>
                <td className="sd-num" data-testid="evaluate-family-agreement">
                  {ref ? formatAccuracy(ref.agreement) : '—'}
                </td>
                <td className="sd-num">{ref ? formatDb(ref.sqnr) : '—'}</td>
                <td className="sd-num">{formatDuration(record.result.timings.total)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mixed && (
        <p className="sd-field__warn">These rows were measured on different data: run “Evaluate all” to compare.</p>
      )}
    </Section>
  );
}
