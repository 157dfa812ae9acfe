// The storage of a clustered weight as Deep Compression counts it (Han, Mao & Dally, ICLR 2016, sections 2–4):
//
//   codebook   k shared values at 32 bits:                               codebookBytes = 4k
//   indices    one cluster index per stored weight at ⌈log2 k⌉ bits:      indexBytes
//   positions  only for a sparse weight (pruned zeros kept out): the stored weights' positions as relative
//              gaps of `b` bits, b = 4 or 5 (whichever codes smaller). A gap symbol s < 2^b − 1 means
//              "s zeros, then the next stored weight"; the symbol 2^b − 1 is a filler: "2^b − 1 zeros, no
//              weight", repeated while a run of zeros is longer than the width holds (the paper's filler
//              zero, here carrying no cluster index). Zeros after the last stored weight need no symbol.
//                                                                        positionBytes = ⌈symbols · b / 8⌉
//   Huffman    both streams are entropy-coded (section 4): the bits of a Huffman code built on each
//              stream's own symbol counts, Σ count(s) · length(s). Code tables are not counted, as the
//              paper does not count them.
//   total      huffmanIndexBytes + huffmanPositionBytes + codebookBytes
//
// The model's compression ratio is the float32 bytes of all its weights over the compressed bytes, where
// weights that were not clustered count at their stored size (clusterModel sums it up).
import { getKernels } from '../../../kernels/index';
import type { CompressedSize } from './types';

/** Widths the position gaps are tried at (bits). */
export const POSITION_BITS: readonly number[] = [4, 5];

export interface CompressedSizeInput {
  /** Elements of the weight. */
  readonly elements: number;
  /** Entries of the codebook. */
  readonly codebookSize: number;
  /** Codebook index of each stored weight, in element order (all elements when the weight is dense). */
  readonly indices: Uint8Array;
  /** For a sparse weight: 1 where a weight is stored (length `elements`); absent: every element is stored. */
  readonly stored?: Uint8Array;
}

/** Huffman-coded bytes of a byte stream. */
export function huffmanBytes(symbols: Uint8Array): number {
  if (symbols.length === 0) return 0;
  const kernels = getKernels();
  const counts = new Float64Array(256);
  kernels.countSymbols(symbols, counts);
  return Math.ceil(kernels.huffmanLengths(counts, new Uint8Array(256)) / 8);
}

/** The gap symbols of the stored positions at `bits` bits (see the header). */
export function gapSymbols(stored: Uint8Array, bits: number): Uint8Array {
  const filler = 2 ** bits - 1;
  let count = 0;
  let run = 0;
  for (let i = 0; i < stored.length; i++) {
    if (!stored[i]) {
      run++;
      continue;
    }
    count += Math.floor(run / filler) + 1;
    run = 0;
  }
  const symbols = new Uint8Array(count);
  let at = 0;
  run = 0;
  for (let i = 0; i < stored.length; i++) {
    if (!stored[i]) {
      run++;
      continue;
    }
    for (; run >= filler; run -= filler) symbols[at++] = filler;
    symbols[at++] = run;
    run = 0;
  }
  return symbols;
}

/** Bits of a fixed-width cluster index for a codebook of `k` entries (at least 1). */
export function indexBits(k: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(1, k))));
}

/** Deep Compression storage of one clustered weight (formula in the header). */
export function compressedSize(input: CompressedSizeInput): CompressedSize {
  const { elements, codebookSize, indices, stored } = input;
  const indexBytes = Math.ceil((indices.length * indexBits(codebookSize)) / 8);
  const huffmanIndexBytes = huffmanBytes(indices);
  let positionBytes = 0;
  let huffmanPositionBytes = 0;
  if (stored) {
    let best: { fixed: number; coded: number } | undefined;
    for (const bits of POSITION_BITS) {
      const symbols = gapSymbols(stored, bits);
      const option = { fixed: Math.ceil((symbols.length * bits) / 8), coded: huffmanBytes(symbols) };
      if (!best || option.coded < best.coded || (option.coded === best.coded && option.fixed < best.fixed))
        best = option;
    }
    positionBytes = best!.fixed;
    huffmanPositionBytes = best!.coded;
  }
  const codebookBytes = 4 * codebookSize;
  return {
    float32Bytes: 4 * elements,
    indexBytes,
    huffmanIndexBytes,
    positionBytes,
    huffmanPositionBytes,
    codebookBytes,
    totalBytes: huffmanIndexBytes + huffmanPositionBytes + codebookBytes,
  };
}
