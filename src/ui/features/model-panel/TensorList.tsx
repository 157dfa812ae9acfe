import type { TensorInfo } from '../../../workers/protocol';

/** Graph inputs or outputs: name, dtype and shape. */
export function TensorList({ tensors, label }: { tensors: readonly TensorInfo[]; label: string }) {
  if (tensors.length === 0) return <p className="sd-muted">None</p>;
  return (
    <ul className="sd-ports" aria-label={label}>
      {tensors.map((t) => (
        <li key={t.id} className="sd-ports__row">
          <div className="sd-ports__name" title={t.name}>
            {t.name}
          </div>
          <div className="sd-ports__type">
            <span className="sd-ports__dtype">{t.dtype}</span>
            <span className="sd-ports__shape">{t.shapeText}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
