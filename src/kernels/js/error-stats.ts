// How far a test tensor is from a reference: MSE, SQNR, cosine and the largest error, accumulated in double.
// Pairs where either value is NaN are skipped; two equal infinities count as no error.
import type { ErrorStats } from '../types';
import { checkSameLength } from './checks';

/** The sums every error statistic is made from (the WASM backend returns the same sums). */
export interface ErrorSums {
  count: number;
  refSq: number;
  testSq: number;
  dot: number;
  diffSq: number;
  maxAbs: number;
}

export function statsFromSums(s: ErrorSums): ErrorStats {
  const mse = s.count > 0 ? s.diffSq / s.count : 0;
  const sqnrDb = s.diffSq === 0 ? Infinity : 10 * Math.log10(s.refSq / s.diffSq);
  let cosine: number;
  if (s.refSq === 0 && s.testSq === 0) cosine = 1;
  else if (s.refSq === 0 || s.testSq === 0) cosine = 0;
  else cosine = Math.min(1, Math.max(-1, s.dot / Math.sqrt(s.refSq * s.testSq)));
  return { mse, sqnrDb, cosine, maxAbsError: s.maxAbs };
}

export function errorStats(reference: Float32Array, test: Float32Array): ErrorStats {
  checkSameLength('errorStats', reference, test);
  let count = 0;
  let refSq = 0;
  let testSq = 0;
  let dot = 0;
  let diffSq = 0;
  let maxAbs = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const t = test[i]!;
    if (r !== r || t !== t) continue;
    let d = r - t;
    if (d !== d) d = 0; // the same infinity on both sides
    count++;
    refSq += r * r;
    testSq += t * t;
    dot += r * t;
    diffSq += d * d;
    const a = Math.abs(d);
    if (a > maxAbs) maxAbs = a;
  }
  return statsFromSums({ count, refSq, testSq, dot, diffSq, maxAbs });
}
