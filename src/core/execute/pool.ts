// Recycled output buffers. A tensor's buffer returns here when its last reader has run (and no other live
// tensor shares it: reshapes are views), so a run needs about the model's peak activation memory, not the
// sum of all its activations. A request is served by the smallest free buffer that holds it without
// wasting more than half (as a view of its first elements): sizes drift from layer to layer.

/** Most elements the free lists keep; beyond this, freed buffers are left to the garbage collector. */
const MAX_FREE_ELEMENTS = 8 << 20;

export class BufferPool {
  /** Free buffers by capacity. */
  private readonly free = new Map<number, Float32Array[]>();
  private freeElements = 0;
  /** Buffers handed out (views) and how many live tensors use each. */
  private readonly refs = new Map<Float32Array, number>();
  /** The whole buffer behind each view handed out. */
  private readonly base = new Map<Float32Array, Float32Array>();
  /** Buffers handed out while the current node runs (scratch ones go back when it ends). */
  private fresh: Float32Array[] = [];

  /** A zero-filled buffer of `length` elements. */
  alloc(length: number): Float32Array {
    const whole = this.take(length) ?? new Float32Array(length);
    const view = whole.length === length ? whole : whole.subarray(0, length);
    view.fill(0);
    this.refs.set(view, 0);
    this.base.set(view, whole);
    this.fresh.push(view);
    return view;
  }

  /** True when the pool handed out this buffer and may recycle it. */
  owns(buffer: Float32Array): boolean {
    return this.refs.has(buffer);
  }

  /** One more live tensor uses `buffer` (no-op for buffers the pool does not own: feeds, constants). */
  retain(buffer: Float32Array): void {
    const count = this.refs.get(buffer);
    if (count !== undefined) this.refs.set(buffer, count + 1);
  }

  /** A live tensor using `buffer` died; the buffer is recycled when none is left. */
  release(buffer: Float32Array): void {
    const count = this.refs.get(buffer);
    if (count === undefined) return;
    if (count > 1) this.refs.set(buffer, count - 1);
    else this.recycle(buffer);
  }

  /** Ends a node: its scratch buffers (allocated but not kept by any output) are recycled. */
  endNode(): void {
    for (const buffer of this.fresh) if (this.refs.get(buffer) === 0) this.recycle(buffer);
    this.fresh = [];
  }

  /** Stops tracking `buffer`: it now belongs to the caller (a returned output). */
  detach(buffer: Float32Array): void {
    this.refs.delete(buffer);
    this.base.delete(buffer);
  }

  /** The smallest free buffer of capacity in [length, 2·length], removed from the free lists. */
  private take(length: number): Float32Array | undefined {
    let best: number | undefined;
    for (const [capacity, list] of this.free)
      if (list.length && capacity >= length && capacity <= 2 * length && (best === undefined || capacity < best))
        best = capacity;
    if (best === undefined) return undefined;
    this.freeElements -= best;
    return this.free.get(best)!.pop();
  }

  private recycle(view: Float32Array): void {
    const whole = this.base.get(view) ?? view;
    this.refs.delete(view);
    this.base.delete(view);
    if (this.freeElements + whole.length > MAX_FREE_ELEMENTS) return;
    const list = this.free.get(whole.length);
    if (list) list.push(whole);
    else this.free.set(whole.length, [whole]);
    this.freeElements += whole.length;
  }
}
