import type { MemoryPatchView } from '../../../workers/protocol';
import { exact, formatMacs } from '../../format';
import { binaryBytes } from './devices';

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)} %`;
const ratio = (before: number, after: number): string => (after > 0 ? `${(before / after).toFixed(1)}×` : '—');

type PatchOk = Extract<MemoryPatchView, { ok: true }>;

/** The candidates tried, best first: where the patch stage ends, the grid, the peak, the extra MACs. */
function CandidatesTable({ patch }: { patch: PatchOk }) {
  return (
    <table className="sd-memory__table" data-testid="memory-patch-candidates">
      <thead>
        <tr>
          <th scope="col">Stage through</th>
          <th scope="col">Grid</th>
          <th scope="col">Peak</th>
          <th scope="col">Extra MACs</th>
        </tr>
      </thead>
      <tbody>
        {patch.candidates.map((c) => (
          <tr key={`${c.stageEndNodeId}/${c.grid}`} data-best={c === patch.candidates[0]}>
            <td title={c.stageEndNodeId}>{c.stageEndName || c.stageEndNodeId}</td>
            <td>
              {c.grid}×{c.grid}
            </td>
            <td title={`${exact(c.peak)} bytes`}>{binaryBytes(c.peak)}</td>
            <td title={`${exact(c.extraMacs)} MACs`}>{percent(c.macOverhead)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Patch-based inference (MCUNetV2): the first layers run patch by patch on a grid, so only a patch of their
 * big early activations is alive at once; overlapping receptive fields cost extra MACs. An estimate.
 */
export function PatchEstimate({ patch }: { patch: MemoryPatchView | undefined }) {
  if (!patch) return <p className="sd-field__line">Turn on “Estimate patch-based inference” above to see it.</p>;
  if (!patch.ok)
    return (
      <p className="sd-field__line" data-testid="memory-patch-none">
        No patch-based estimate: {patch.reason}
      </p>
    );
  const { best, baselinePeak } = patch;
  return (
    <div data-testid="memory-patch">
      <dl className="sd-memory__figures">
        <div>
          <dt>Patch stage</dt>
          <dd>
            {best.stageNodeIds.length} nodes through {best.stageEndName || best.stageEndNodeId}, {best.grid}×{best.grid}{' '}
            patches
          </dd>
        </div>
        <div>
          <dt>Peak</dt>
          <dd data-testid="memory-patch-peak" data-exact={best.peak} title={`${exact(best.peak)} bytes`}>
            {binaryBytes(best.peak)} instead of {binaryBytes(baselinePeak)} ({ratio(baselinePeak, best.peak)} less)
          </dd>
        </div>
        <div>
          <dt>Stage / after it</dt>
          <dd>
            {binaryBytes(best.patchStagePeak)} / {binaryBytes(best.remainingPeak)}
          </dd>
        </div>
        <div>
          <dt>MAC overhead</dt>
          <dd title={`${exact(best.extraMacs)} extra of ${exact(patch.baselineMacs)}`}>
            +{percent(best.macOverhead)} ({formatMacs(best.extraMacs)})
          </dd>
        </div>
      </dl>
      {patch.candidates.length > 1 && <CandidatesTable patch={patch} />}
    </div>
  );
}
