import type { PortView } from '../../../workers/protocol';
import { exact, formatBytes } from '../../format';
import { QuantParams } from './QuantParams';

/** A node's inputs or outputs: name, dtype and shape of each tensor; weights are marked. */
export function PortList({ ports, label }: { ports: readonly PortView[]; label: string }) {
  if (ports.length === 0) return <p className="sd-muted">None</p>;
  return (
    <ul className="sd-ports" aria-label={label}>
      {ports.map((port) => (
        <li key={`${port.index}:${port.id}`} className="sd-ports__row" data-testid="port-row">
          <div className="sd-ports__name" title={port.name}>
            {port.name}
            {port.isConstant && <span className="sd-badge">weight</span>}
          </div>
          <div className="sd-ports__type">
            <span className="sd-ports__dtype">{port.dtype}</span>
            <span className="sd-ports__shape" data-testid="port-shape">
              {port.shapeText}
            </span>
            {port.bytes !== undefined && (
              <span className="sd-ports__bytes" title={`${exact(port.bytes)} bytes`}>
                {formatBytes(port.bytes)}
              </span>
            )}
          </div>
          {port.quant && <QuantParams quant={port.quant} dtype={port.dtype} />}
        </li>
      ))}
    </ul>
  );
}
