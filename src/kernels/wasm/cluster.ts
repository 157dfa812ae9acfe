// The passes of kmeans1d over x on the WebAssembly kernels; the driver (src/kernels/js/cluster.ts) is
// shared with the twin. Counts and sums stay in linear memory across chunks, so they add in the twin's order.
import { KMEANS_BINS, type AssignTables, type KmeansPasses } from '../js/cluster';
import { CHUNK, type WasmContext } from './context';

export function wasmKmeansPasses(ctx: WasmContext, minMax: KmeansPasses['minMax']): KmeansPasses {
  const e = ctx.exports;
  return {
    minMax,

    histogram(x, lo, factor, counts, sums) {
      const heap = ctx.heap.reset();
      const cp = heap.alloc(KMEANS_BINS * 4);
      const sp = heap.alloc(KMEANS_BINS * 8);
      const xp = heap.alloc(CHUNK * 4);
      const v = heap.commit();
      v.u32.fill(0, cp >> 2, (cp >> 2) + KMEANS_BINS);
      v.f64.fill(0, sp >> 3, (sp >> 3) + KMEANS_BINS);
      for (let g = 0; g < x.length; g += CHUNK) {
        const len = Math.min(CHUNK, x.length - g);
        v.f32.set(x.subarray(g, g + len), xp >> 2);
        e.kmeansHistogram(xp, len, lo, factor, cp, sp);
      }
      for (let b = 0; b < KMEANS_BINS; b++) {
        counts[b]! += v.u32[(cp >> 2) + b]!;
        sums[b]! += v.f64[(sp >> 3) + b]!;
      }
    },

    gather(x, lo, factor, active, out) {
      const heap = ctx.heap.reset();
      const ap = heap.alloc(KMEANS_BINS);
      const xp = heap.alloc(CHUNK * 4);
      const op = heap.alloc(CHUNK * 4);
      const v = heap.commit();
      v.u8.set(active, ap);
      let got = 0;
      for (let g = 0; g < x.length; g += CHUNK) {
        const len = Math.min(CHUNK, x.length - g);
        v.f32.set(x.subarray(g, g + len), xp >> 2);
        const n = e.kmeansGather(xp, len, lo, factor, ap, op);
        out.set(v.f32.subarray(op >> 2, (op >> 2) + n), got);
        got += n;
      }
      return got;
    },

    assign(x, t: AssignTables, indices, counts4, sums4, inertia4) {
      const k = t.centroids.length;
      const heap = ctx.heap.reset();
      const tp = heap.alloc(KMEANS_BINS);
      const mp = heap.alloc(Math.max(t.mids.length, 1) * 8);
      const np = heap.alloc(k);
      const cp = heap.alloc(k * 8);
      const kp = heap.alloc(4 * k * 8);
      const sp = heap.alloc(4 * k * 8);
      const ep = heap.alloc(4 * 8);
      const xp = heap.alloc(CHUNK * 4);
      const ip = heap.alloc(CHUNK);
      const v = heap.commit();
      v.u8.set(t.table, tp);
      v.f64.set(t.mids, mp >> 3);
      v.u8.set(t.canon, np);
      v.f64.set(t.centroids, cp >> 3);
      v.f64.set(counts4, kp >> 3);
      v.f64.set(sums4, sp >> 3);
      v.f64.set(inertia4, ep >> 3);
      const top = t.mids.length;
      const infinityIndex = t.canon[top]!;
      // CHUNK is a multiple of 4, so a value's lane in the chunk is its lane in x.
      for (let g = 0; g < x.length; g += CHUNK) {
        const len = Math.min(CHUNK, x.length - g);
        v.f32.set(x.subarray(g, g + len), xp >> 2);
        e.kmeansAssign(xp, len, t.lo, t.factor, tp, mp, top, np, cp, k, infinityIndex, ip, kp, sp, ep);
        indices.set(v.u8.subarray(ip, ip + len), g);
      }
      counts4.set(v.f64.subarray(kp >> 3, (kp >> 3) + 4 * k));
      sums4.set(v.f64.subarray(sp >> 3, (sp >> 3) + 4 * k));
      inertia4.set(v.f64.subarray(ep >> 3, (ep >> 3) + 4));
    },
  };
}
