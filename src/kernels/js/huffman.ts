// Symbol counts and Huffman code lengths (the entropy-coded size of cluster indices, as Deep Compression
// reports it).
//
// The tree is the textbook one, built with two queues: the leaves sorted by (count, symbol) and the merged
// nodes in creation order (their weights never decrease). Each step takes the lighter front, a leaf when
// both weigh the same — a fixed tie rule, so both backends build the same tree. The lengths are not
// limited: n symbols give lengths up to n − 1 (255 for 256 symbols, which a Uint8Array holds), and more
// than 32 bits only for counts growing like the Fibonacci numbers (a total above ~10^7). They measure
// the coded size; an encoder with a length limit would need package-merge on top.

export const MAX_SYMBOLS = 256;

export function checkCountSymbols(counts: Float64Array): void {
  if (counts.length !== 256) throw new RangeError(`countSymbols: counts has ${counts.length} entries, not 256.`);
}

export function countSymbols(symbols: Uint8Array, counts: Float64Array): void {
  checkCountSymbols(counts);
  const c = new Uint32Array(256);
  for (let i = 0; i < symbols.length; i++) c[symbols[i]!]!++;
  for (let s = 0; s < 256; s++) counts[s]! += c[s]!;
}

export function checkHuffman(counts: Float64Array, out: Uint8Array): void {
  if (counts.length > MAX_SYMBOLS) {
    throw new RangeError(`huffmanLengths: ${counts.length} symbols; at most ${MAX_SYMBOLS} are supported.`);
  }
  if (out.length !== counts.length) {
    throw new RangeError(`huffmanLengths: ${counts.length} counts but an output of ${out.length}.`);
  }
  for (let s = 0; s < counts.length; s++) {
    const c = counts[s]!;
    if (!(c >= 0 && c < Infinity)) throw new RangeError(`huffmanLengths: the count of symbol ${s} is ${c}.`);
  }
}

/** The symbols that occur, sorted by (count, symbol): the leaf queue. */
export function leafOrder(counts: Float64Array): Int32Array {
  const order: number[] = [];
  for (let s = 0; s < counts.length; s++) if (counts[s]! > 0) order.push(s);
  order.sort((a, b) => counts[a]! - counts[b]! || a - b);
  return Int32Array.from(order);
}

/** Σ counts[s] · lengths[s], in symbol order. */
export function codedBits(counts: Float64Array, lengths: Uint8Array): number {
  let bits = 0;
  for (let s = 0; s < counts.length; s++) bits += counts[s]! * lengths[s]!;
  return bits;
}

export function huffmanLengths(counts: Float64Array, out: Uint8Array): number {
  checkHuffman(counts, out);
  out.fill(0);
  const leaves = leafOrder(counts);
  const n = leaves.length;
  if (n === 0) return 0;
  if (n === 1) {
    out[leaves[0]!] = 1;
    return codedBits(counts, out);
  }
  // Nodes 0..n−1 are the leaves in queue order, n..2n−2 the merged nodes in creation order.
  const weight = new Float64Array(2 * n - 1);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) weight[i] = counts[leaves[i]!]!;
  let leaf = 0;
  let merged = n;
  const take = (next: number): number => {
    if (leaf < n && (merged >= next || weight[leaf]! <= weight[merged]!)) return leaf++;
    return merged++;
  };
  for (let next = n; next < 2 * n - 1; next++) {
    const a = take(next);
    const b = take(next);
    weight[next] = weight[a]! + weight[b]!;
    parent[a] = next;
    parent[b] = next;
  }
  // Depths from the root (the last node) down: a parent always comes after its children.
  const depth = new Int32Array(2 * n - 1);
  for (let i = 2 * n - 3; i >= 0; i--) depth[i] = depth[parent[i]!]! + 1;
  for (let i = 0; i < n; i++) out[leaves[i]!] = depth[i]!;
  return codedBits(counts, out);
}
