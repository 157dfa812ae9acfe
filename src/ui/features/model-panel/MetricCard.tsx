import type { ReactNode } from 'react';
import { Figure } from '../../components/Figure';

/** One headline figure of the model panel: human units, exact number on hover. */
export function MetricCard(props: {
  label: string;
  value: number;
  text: string;
  unit: string;
  testId: string;
  caption?: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={props.wide ? 'sd-metric sd-metric--wide' : 'sd-metric'} data-testid={props.testId}>
      <div className="sd-metric__label">{props.label}</div>
      <div className="sd-metric__value">
        <Figure value={props.value} text={props.text} unit={props.unit} />
      </div>
      {props.caption && <div className="sd-metric__caption">{props.caption}</div>}
    </div>
  );
}
