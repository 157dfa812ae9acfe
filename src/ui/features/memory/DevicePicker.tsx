import { useId } from 'react';
import { memoryStore, type DeviceChoice } from '../../store/memory-store';
import { binaryBytes, CATALOGUE, resolveDevice } from './devices';

const CUSTOM = '__custom__';

/** Short sizes a custom board's fields start from ("256K", "1M"): the board picked before, in KiB or MiB. */
function sizeText(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `${bytes / mib}M` : bytes % 1024 === 0 ? `${bytes / 1024}K` : String(bytes);
}

/** The board: one of the catalogue (with its SRAM and flash), or a custom one with both sizes typed. */
export function DevicePicker({ choice }: { choice: DeviceChoice }) {
  const id = useId();
  const resolved = resolveDevice(choice);
  const set = (next: DeviceChoice) => memoryStore.getState().setDevice(next);
  const pick = (value: string) => {
    if (value !== CUSTOM) return set({ kind: 'catalogue', name: value });
    const from = resolved.ok ? resolved.device : CATALOGUE[0]!;
    set({ kind: 'custom', sram: sizeText(from.sramBytes), flash: sizeText(from.flashBytes) });
  };
  return (
    <div className="sd-memory__device">
      <div className="sd-field">
        <label htmlFor={`${id}-board`}>Board</label>
        <select
          id={`${id}-board`}
          data-testid="memory-device"
          value={choice.kind === 'custom' ? CUSTOM : choice.name}
          onChange={(e) => pick(e.target.value)}
        >
          {CATALOGUE.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name} — {binaryBytes(d.sramBytes)} SRAM, {binaryBytes(d.flashBytes)} flash
            </option>
          ))}
          <option value={CUSTOM}>Custom…</option>
        </select>
      </div>
      {choice.kind === 'custom' && (
        <div className="sd-memory__custom">
          <SizeField
            label="SRAM"
            testId="memory-custom-sram"
            value={choice.sram}
            problem={resolved.ok ? undefined : resolved.sram}
            onChange={(sram) => set({ ...choice, sram })}
          />
          <SizeField
            label="Flash"
            testId="memory-custom-flash"
            value={choice.flash}
            problem={resolved.ok ? undefined : resolved.flash}
            onChange={(flash) => set({ ...choice, flash })}
          />
        </div>
      )}
    </div>
  );
}

interface SizeFieldProps {
  readonly label: string;
  readonly testId: string;
  readonly value: string;
  readonly problem: string | undefined;
  readonly onChange: (value: string) => void;
}

/** A size typed as bytes or with K / M (1 K = 1024 B), and what is wrong with it. */
function SizeField({ label, testId, value, problem, onChange }: SizeFieldProps) {
  const id = useId();
  return (
    <div className="sd-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="text"
        spellCheck={false}
        className="sd-memory__size"
        data-testid={testId}
        value={value}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem && (
        <p className="sd-field__warn" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
