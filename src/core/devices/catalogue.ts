// The boards of DESIGN.md "Devices", with on-chip SRAM and flash as their datasheets give them (KB = 1024 B).
// Minimal on purpose: name lookup and the fit rule; the studio's device picker can grow from here.

export interface Device {
  readonly name: string;
  /** Also accepted by `findDevice` (the chip, a short name). */
  readonly aliases: readonly string[];
  readonly sramBytes: number;
  readonly flashBytes: number;
}

const KB = 1024;
const MB = 1024 * KB;

export const DEVICES: readonly Device[] = [
  { name: 'Arduino Uno', aliases: ['ATmega328P', 'uno'], sramBytes: 2 * KB, flashBytes: 32 * KB },
  {
    name: 'Arduino Nano 33 BLE Sense',
    aliases: ['nRF52840', 'nano33', 'nano 33 ble'],
    sramBytes: 256 * KB,
    flashBytes: 1 * MB,
  },
  { name: 'Raspberry Pi Pico', aliases: ['RP2040', 'pico'], sramBytes: 264 * KB, flashBytes: 2 * MB },
  { name: 'Raspberry Pi Pico 2', aliases: ['RP2350', 'pico2', 'pico 2'], sramBytes: 520 * KB, flashBytes: 4 * MB },
  { name: 'ESP32', aliases: [], sramBytes: 520 * KB, flashBytes: 4 * MB },
  { name: 'ESP32-S3', aliases: ['esp32s3'], sramBytes: 512 * KB, flashBytes: 8 * MB },
  { name: 'STM32F746', aliases: ['f746'], sramBytes: 320 * KB, flashBytes: 1 * MB },
  { name: 'STM32H743', aliases: ['h743'], sramBytes: 1 * MB, flashBytes: 2 * MB },
  { name: 'STM32L4R5', aliases: ['l4r5'], sramBytes: 640 * KB, flashBytes: 2 * MB },
  { name: 'Apollo3', aliases: ['apollo 3'], sramBytes: 384 * KB, flashBytes: 1 * MB },
];

/**
 * Flash taken by the runtime itself, an estimate: TFLM's interpreter with a handful of reference kernels
 * builds to roughly this on Cortex-M (it varies with the kernels linked and the compiler flags).
 */
export const RUNTIME_CODE_BYTES_ESTIMATE = 100 * KB;

/** A board by name or alias, case-insensitively; undefined when none matches. */
export function findDevice(name: string, devices: readonly Device[] = DEVICES): Device | undefined {
  const key = name.trim().toLowerCase();
  return devices.find((d) => d.name.toLowerCase() === key || d.aliases.some((a) => a.toLowerCase() === key));
}

export interface DeviceFit {
  /** Arena + runtime overhead in SRAM. */
  readonly sramNeeded: number;
  /** Model bytes + runtime code in flash. */
  readonly flashNeeded: number;
  readonly sram: boolean;
  readonly flash: boolean;
}

/** DESIGN.md: fits when arena + runtime overhead ≤ SRAM and model bytes + code ≤ flash. */
export function deviceFit(
  device: Device,
  need: { arenaBytes: number; runtimeOverheadBytes: number; modelBytes: number; codeBytes?: number },
): DeviceFit {
  const sramNeeded = need.arenaBytes + need.runtimeOverheadBytes;
  const flashNeeded = need.modelBytes + (need.codeBytes ?? RUNTIME_CODE_BYTES_ESTIMATE);
  return { sramNeeded, flashNeeded, sram: sramNeeded <= device.sramBytes, flash: flashNeeded <= device.flashBytes };
}
