import type { MemoryPlanView } from '../../../workers/protocol';
import { Figure } from '../../components/Figure';
import { showPeakOnGraph } from './actions';
import { binaryBytes } from './devices';

/** Peak, arena and where the peak is, with "Show peak on graph"; says when figures are lower bounds. */
export function HeadlineFigures({ view, stale }: { view: MemoryPlanView; stale: boolean }) {
  const bound = view.unknownSizeTensors > 0 ? ' ≥' : '';
  return (
    <div className="sd-memory__headline" aria-busy={stale}>
      <dl className="sd-memory__figures">
        <div>
          <dt>Peak activation memory</dt>
          <dd data-testid="memory-peak">
            {bound}
            <Figure value={view.peakActivationBytes} text={binaryBytes(view.peakActivationBytes)} unit="bytes" />
          </dd>
        </div>
        <div>
          <dt>Arena (TFLM greedy plan)</dt>
          <dd data-testid="memory-arena-bytes">
            {bound}
            <Figure value={view.arenaBytes} text={binaryBytes(view.arenaBytes)} unit="bytes" />
          </dd>
        </div>
        <div>
          <dt>Peak at</dt>
          <dd data-testid="memory-peak-step" data-step={view.peakStep}>
            step {view.peakStep} of {view.liveBytes.length}: {view.peakNodeName}
          </dd>
        </div>
        <div>
          <dt>Operator order</dt>
          <dd data-testid="memory-schedule">
            {view.schedule.reordered ? 'memory-optimised' : 'the model’s own'}
            {view.inPlaceNodeIds.length > 0 ? `; ${view.inPlaceNodeIds.length} nodes write in place` : ''}
          </dd>
        </div>
      </dl>
      <button
        type="button"
        className="sd-button sd-button--small"
        data-testid="memory-show-peak"
        onClick={() => showPeakOnGraph(view)}
      >
        Show peak on graph
      </button>
      {view.unknownSizeTensors > 0 && (
        <p className="sd-field__warn" role="note" data-testid="memory-lower-bound">
          {view.unknownSizeTensors} activation{view.unknownSizeTensors === 1 ? ' has' : 's have'} no known size (unknown
          shape or dtype): they are left out, so the peak and the arena are lower bounds.
        </p>
      )}
    </div>
  );
}
