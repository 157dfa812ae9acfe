// The memory view's own state: whether its drawer is open, the board picked (remembered across reloads),
// the planner options, and the engine's plan of the model shown. A store of its own, like the export
// drawer's: the studio's store knows nothing of it; features/memory keeps the drawers one at a time.
import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { MemoryPlanChoices, MemoryPlanView } from '../../workers/protocol';
import type { UserError } from './types';

/** The board picked: a catalogue entry by name, or a custom one as typed (sizes like "256K", "1M"). */
export type DeviceChoice =
  | { readonly kind: 'catalogue'; readonly name: string }
  | { readonly kind: 'custom'; readonly sram: string; readonly flash: string };

/** The plan for a key (model shown, board, options); `last` is drawn meanwhile while the next one comes. */
export type MemoryPlanState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly key: string; readonly last?: ReadyPlan }
  | ReadyPlan
  | { readonly status: 'cancelled'; readonly key: string }
  | { readonly status: 'failed'; readonly key: string; readonly error: UserError };

export interface ReadyPlan {
  readonly status: 'ready';
  readonly key: string;
  readonly view: MemoryPlanView;
}

export interface MemoryState {
  open: boolean;
  device: DeviceChoice;
  options: MemoryPlanChoices;
  /** Estimate patch-based inference too. */
  patch: boolean;
  plan: MemoryPlanState;
  setOpen(open: boolean): void;
  setDevice(device: DeviceChoice): void;
  updateOptions(patch: Partial<MemoryPlanChoices>): void;
  setPatch(patch: boolean): void;
  setPlan(plan: MemoryPlanState): void;
}

/** The options a model is first planned with: as the CLI's defaults. */
export const DEFAULT_MEMORY_OPTIONS: MemoryPlanChoices = {
  activationDType: 'stored',
  inPlace: false,
  fuseActivations: false,
  schedule: 'model',
};

export const DEFAULT_DEVICE: DeviceChoice = { kind: 'catalogue', name: 'Arduino Nano 33 BLE Sense' };

const DEVICE_KEY = 'scaledown.memory.device';

/** The board remembered from an earlier visit, or the default. */
export function rememberedDevice(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): DeviceChoice {
  try {
    const raw = storage?.getItem(DEVICE_KEY);
    const value: unknown = raw ? JSON.parse(raw) : undefined;
    if (typeof value !== 'object' || value === null) return DEFAULT_DEVICE;
    const v = value as Record<string, unknown>;
    if (v['kind'] === 'catalogue' && typeof v['name'] === 'string') return { kind: 'catalogue', name: v['name'] };
    if (v['kind'] === 'custom' && typeof v['sram'] === 'string' && typeof v['flash'] === 'string')
      return { kind: 'custom', sram: v['sram'], flash: v['flash'] };
  } catch {
    // A value written by something else, or storage that refuses to be read: start from the default.
  }
  return DEFAULT_DEVICE;
}

function remember(device: DeviceChoice, storage: Pick<Storage, 'setItem'> | undefined = safeStorage()): void {
  try {
    storage?.setItem(DEVICE_KEY, JSON.stringify(device));
  } catch {
    // Private modes may refuse to store: the choice then lasts for this visit only.
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** A fresh memory state (tests make their own); `device` defaults to the one remembered. */
export function createMemoryStore(device: DeviceChoice = rememberedDevice()) {
  return createStore<MemoryState>()(
    subscribeWithSelector((set) => ({
      open: false,
      device,
      options: DEFAULT_MEMORY_OPTIONS,
      patch: true,
      plan: { status: 'idle' },
      setOpen: (open) => set({ open }),
      setDevice: (next) => {
        remember(next);
        set({ device: next });
      },
      // In place implies fused activations, as in the planner; turning fusion off turns in place off too.
      updateOptions: (patch) =>
        set((state) => {
          const merged = { ...state.options, ...patch };
          const fuseActivations = patch.inPlace === true || merged.fuseActivations;
          const inPlace = patch.fuseActivations !== false && merged.inPlace;
          return { options: { ...merged, fuseActivations, inPlace } };
        }),
      setPatch: (patch) => set({ patch }),
      setPlan: (plan) => set({ plan }),
    })),
  );
}

/** The app's memory view state. */
export const memoryStore = createMemoryStore();

/** Reads the memory view state with a selector (wrap object results in `useShallow`). */
export function useMemory<T>(selector: (state: MemoryState) => T): T {
  return useStore(memoryStore, selector);
}
