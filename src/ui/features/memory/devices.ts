// The boards the picker offers (the core's catalogue) and how a choice becomes the board the engine checks.
import { DEVICES } from '../../../core/devices/catalogue';
import { parseByteSize } from '../../../core/devices/byte-size';
import type { MemoryDevice } from '../../../workers/protocol';
import type { DeviceChoice } from '../../store/memory-store';

/** The catalogue's boards, as the picker lists them. */
export const CATALOGUE: readonly MemoryDevice[] = DEVICES.map(({ name, sramBytes, flashBytes }) => ({
  name,
  sramBytes,
  flashBytes,
}));

/** The name a custom board goes by (as `scaledown plan --sram --flash` calls it). */
export const CUSTOM_BOARD = 'Custom board';

/** The board a choice stands for, or what is wrong with a custom board's sizes. */
export type ResolvedDevice =
  | { readonly ok: true; readonly device: MemoryDevice }
  | { readonly ok: false; readonly sram?: string; readonly flash?: string };

const sizeProblem = (what: string, text: string): string | undefined =>
  parseByteSize(text) === undefined
    ? `${what} “${text.trim() || '(empty)'}” is not a size: type bytes, or a number with K or M (1 K = 1024 B).`
    : undefined;

/** The board of a choice; an unknown catalogue name falls back to the first board. */
export function resolveDevice(choice: DeviceChoice): ResolvedDevice {
  if (choice.kind === 'catalogue')
    return { ok: true, device: CATALOGUE.find((d) => d.name === choice.name) ?? CATALOGUE[0]! };
  const sram = sizeProblem('SRAM', choice.sram);
  const flash = sizeProblem('Flash', choice.flash);
  if (sram || flash) return { ok: false, ...(sram ? { sram } : {}), ...(flash ? { flash } : {}) };
  return {
    ok: true,
    device: { name: CUSTOM_BOARD, sramBytes: parseByteSize(choice.sram)!, flashBytes: parseByteSize(choice.flash)! },
  };
}

/** Bytes in the binary units boards are sold in (the whole memory view uses them): "256 KiB", "1 MiB". */
export function binaryBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} B`;
}
