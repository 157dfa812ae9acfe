// Matrix products in plain loops: row-times-matrix (axpy) when B is [K, N], dot products when B is stored
// transposed [N, K] (fully connected layers). Both read memory in order in the inner loop.

/** out[M×N]! += a[M×K] · b[K×N], reading from the given offsets. */
export function matmulAdd(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  oOff: number,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const oRow = oOff + i * n;
    const aRow = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const av = a[aRow + p]!;
      if (av === 0) continue;
      const bRow = bOff + p * n;
      for (let j = 0; j < n; j++) out[oRow + j]! += av * b[bRow + j]!;
    }
  }
}

/** out[M×N] = a[M×K] · bᵀ where b is stored [N×K] (+ bias[N] when given); four columns at a time. */
export function matmulTransposedB(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  bias?: Float32Array,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = j * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const v = a[aRow + p]!;
        s0 += v * b[b0 + p]!;
        s1 += v * b[b0 + k + p]!;
        s2 += v * b[b0 + 2 * k + p]!;
        s3 += v * b[b0 + 3 * k + p]!;
      }
      const o = i * n + j;
      out[o] = bias ? s0 + bias[j]! : s0;
      out[o + 1] = bias ? s1 + bias[j + 1]! : s1;
      out[o + 2] = bias ? s2 + bias[j + 2]! : s2;
      out[o + 3] = bias ? s3 + bias[j + 3]! : s3;
    }
    for (; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[bRow + p]!;
      out[i * n + j] = bias ? sum + bias[j]! : sum;
    }
  }
}

/** The transpose of a rows×cols matrix. */
export function transpose2d(x: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
  return out;
}
