// Linear memory of the kernels' instance. Nothing in the module allocates: each call lays out the regions
// it needs (parameters, one input chunk, one output chunk, counts) from the heap base up, grows the memory
// if they do not fit yet, and reuses the same bytes on the next call. Big tensors stream through
// fixed-size chunks, so the memory stays a few hundred KB whatever the tensor size, never shrinks (Wasm
// memory cannot) and never leaks between calls.
import type { WasmMemory } from './runtime';

const PAGE = 65536;

/** A region's byte offset in linear memory. */
export type Ptr = number;

export class Heap {
  private buffer: ArrayBuffer | undefined;
  private views: Views | undefined;
  private next: number;

  constructor(
    private readonly memory: WasmMemory,
    private readonly base: number,
  ) {
    this.next = base;
  }

  /** Starts a new layout: every region of the previous call is free again. */
  reset(): this {
    this.next = this.base;
    return this;
  }

  /** Reserves `bytes` (16-byte aligned, so vector loads are aligned) and returns the offset. */
  alloc(bytes: number): Ptr {
    const at = (this.next + 15) & ~15;
    this.next = at + bytes;
    return at;
  }

  /**
   * Grows the memory to hold every region reserved since reset, and returns views over it. Throws
   * HeapFullError when the engine refuses to grow (the caller then uses the TypeScript twin).
   */
  commit(): Views {
    const have = this.memory.buffer.byteLength;
    if (this.next > have) {
      try {
        this.memory.grow(Math.ceil((this.next - have) / PAGE));
      } catch {
        throw new HeapFullError(this.next);
      }
    }
    // Growing detaches the old ArrayBuffer, so the views follow the current one.
    if (this.buffer !== this.memory.buffer || !this.views) {
      this.buffer = this.memory.buffer;
      this.views = new Views(this.buffer);
    }
    return this.views;
  }
}

export class HeapFullError extends Error {
  override readonly name = 'HeapFullError';
  constructor(bytes: number) {
    super(`The WebAssembly kernels could not grow their memory to ${bytes} bytes.`);
  }
}

export class Views {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;

  constructor(buffer: ArrayBuffer) {
    this.u8 = new Uint8Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}

/** The bytes of a typed array (a view, not a copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Runs `work` on the module, or `fallback` (the TypeScript twin) when its memory cannot grow enough. */
export function orFallback<T>(work: () => T, fallback: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof HeapFullError) return fallback();
    throw error;
  }
}
