import { memo } from 'react';
import type { LayerOverride, QuantizeMode } from '../../../core';
import type { LayerRow } from '../../../workers/protocol';
import { ColumnHeads } from '../../components/ColumnHeads';
import { formatCount } from '../../format';
import { studioStore } from '../../store';
import { OVERRIDES } from './explain';
import { choiceOf, defaultBits, overrideOf, type FormatCaps, type OverrideChoice } from './form';

interface Props {
  readonly layers: readonly LayerRow[];
  readonly overrides: Readonly<Record<string, LayerOverride>>;
  readonly mode: QuantizeMode;
  readonly caps: FormatCaps;
  readonly disabled: boolean;
}

function choices(mode: QuantizeMode, caps: FormatCaps): { value: OverrideChoice; text: string }[] {
  const standard = defaultBits(mode);
  const out: { value: OverrideChoice; text: string }[] = [
    { value: 'default', text: standard ? `${standard}-bit (mode)` : 'float16 (mode)' },
    { value: 'float', text: 'keep float' },
  ];
  for (const bits of caps.bits(mode))
    if (bits !== standard) out.push({ value: String(bits) as OverrideChoice, text: `${bits}-bit` });
  return out;
}

/** The layers with weights, each with a choice: as the mode says, kept in float, or other bits. */
export const OverridesTable = memo(function OverridesTable({ layers, overrides, mode, caps, disabled }: Props) {
  const options = choices(mode, caps);
  const count = Object.keys(overrides).length;
  return (
    <details className="sd-overrides" data-testid="quantize-overrides">
      <summary>
        Per-layer overrides <span className="sd-muted">({count ? `${count} set` : `${layers.length} layers`})</span>
      </summary>
      <p className="sd-field__line">{OVERRIDES}</p>
      <table className="sd-overrides__table">
        <ColumnHeads columns={['Layer', 'Params', 'Weights']} />
        <tbody>
          {layers.map((layer) => {
            const choice = choiceOf(overrides[layer.nodeId]);
            const shown = options.some((o) => o.value === choice) ? choice : 'default';
            const name = layer.name || layer.op;
            return (
              <tr key={layer.nodeId}>
                <th scope="row" title={`${name} (${layer.op})`}>
                  <span className="sd-overrides__name">{name}</span> <span className="sd-muted">{layer.op}</span>
                </th>
                <td className="sd-num">{formatCount(layer.params)}</td>
                <td>
                  <select
                    aria-label={`Weights of ${name}`}
                    value={shown}
                    disabled={disabled}
                    onChange={(e) =>
                      studioStore
                        .getState()
                        .setLayerOverride(layer.nodeId, overrideOf(e.target.value as OverrideChoice))
                    }
                  >
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.text}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
});
