import { useId, useState } from 'react';
import type { PortView } from '../../../../workers/protocol';
import { runEdit } from '../actions';

/** Bytes as base64, a chunk at a time (a spread of a big array would overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/**
 * Changes a constant's values: every value × a factor, all to zero, or the values of a NumPy .npy file of
 * the same shape (kept inline in the history, so the session and a recipe replay it without the file).
 */
export function InitializerField({ port }: { port: PortView }) {
  const [factor, setFactor] = useState('0.5');
  const id = useId();
  const k = Number(factor);
  const valid = factor.trim() !== '' && Number.isFinite(k);
  const loadNpy = async (file: File) => {
    const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    void runEdit({ kind: 'editInitializer', tensor: port.id, change: { kind: 'npy', npy: { base64 } } });
  };
  return (
    <div className="sd-edit-init" role="group" aria-label={`Change the values of ${port.name}`}>
      <label htmlFor={id}>Scale ×</label>
      <input
        id={id}
        type="number"
        step="any"
        className="sd-edit-init__factor"
        value={factor}
        onChange={(e) => setFactor(e.target.value)}
      />
      <button
        type="button"
        className="sd-button sd-button--small"
        disabled={!valid}
        onClick={() => void runEdit({ kind: 'editInitializer', tensor: port.id, change: { kind: 'scale', factor: k } })}
      >
        Scale
      </button>
      <button
        type="button"
        className="sd-button sd-button--small"
        onClick={() => void runEdit({ kind: 'editInitializer', tensor: port.id, change: { kind: 'zero' } })}
      >
        Set to zero
      </button>
      <label className="sd-button sd-button--small sd-edit-init__file">
        Load .npy…
        <input
          type="file"
          accept=".npy"
          className="sd-visually-hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void loadNpy(file);
          }}
        />
      </label>
    </div>
  );
}
