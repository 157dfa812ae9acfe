import type { QuantView } from '../../../workers/protocol';
import { exact, formatStat } from '../../format';

function list(values: readonly number[], total: number, format: (v: number) => string): string {
  const shown = values.map(format).join(', ');
  return total > values.length ? `${shown}, … (${exact(total)} in all)` : shown;
}

/**
 * A tensor's affine quantization: the formula real = scale × (q − zero_point), then the parameters —
 * one pair per tensor, or one per channel along the quantized axis (with their ranges).
 */
export function QuantParams({ quant, dtype }: { quant: QuantView; dtype: string }) {
  const perChannel = quant.axis !== undefined;
  return (
    <div className="sd-quant" data-testid="quant-params">
      <div className="sd-quant__formula">real = scale × (q − zero_point)</div>
      <dl>
        <dt>scheme</dt>
        <dd>
          {dtype}, {perChannel ? `per channel (axis ${quant.axis}, ${exact(quant.channels)} channels)` : 'per tensor'}
        </dd>
        {perChannel ? (
          <>
            <dt>scale</dt>
            <dd data-testid="quant-scale" title={list(quant.scale, quant.channels, String)}>
              {formatStat(quant.scaleRange[0])} … {formatStat(quant.scaleRange[1])}
            </dd>
            <dt>zero point</dt>
            <dd data-testid="quant-zero-point" title={list(quant.zeroPoint, quant.channels, String)}>
              {quant.zeroPointRange[0] === quant.zeroPointRange[1]
                ? formatStat(quant.zeroPointRange[0])
                : `${formatStat(quant.zeroPointRange[0])} … ${formatStat(quant.zeroPointRange[1])}`}
            </dd>
          </>
        ) : (
          <>
            <dt>scale</dt>
            <dd data-testid="quant-scale" title={String(quant.scale[0])}>
              {formatStat(quant.scale[0] ?? 0)}
            </dd>
            <dt>zero point</dt>
            <dd data-testid="quant-zero-point">{formatStat(quant.zeroPoint[0] ?? 0)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
