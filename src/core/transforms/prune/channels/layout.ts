// How the output channels of the prunable layers lie along one axis of an activation. A layer's own
// output has one segment; depthwise convs, Flatten/Reshape and Concat turn that into repeated blocks,
// strided copies and side-by-side segments. Position p of the axis is
//   p = o · S + offset(segment) + c · inner + j      (o < outer, c < channels, j < inner)
// where S = Σ channels · inner over the segments: NCHW Flatten multiplies `inner` by H·W, NHWC
// Flatten multiplies `outer` by H·W, a depthwise multiplier m multiplies `inner` by m.

/** A segment that belongs to no prunable layer (its channels are all kept). */
export const FIXED = -1;

export interface Segment {
  /** Channel space (a prunable layer, or a group of them after union), or FIXED. */
  readonly space: number;
  readonly channels: number;
  readonly inner: number;
}

export interface AxisLayout {
  readonly outer: number;
  readonly segments: readonly Segment[];
}

/** A tensor whose channels are tracked: which axis holds them and how. */
export interface Flow {
  readonly axis: number;
  readonly layout: AxisLayout;
}

/** Channels kept per space (sorted); spaces not in the map keep all their channels. */
export type KeptOf = (space: number, channels: number) => readonly number[];

/** The layout of one prunable layer's own output channels. */
export function singleLayout(space: number, channels: number): AxisLayout {
  return { outer: 1, segments: [{ space, channels, inner: 1 }] };
}

function stride(layout: AxisLayout): number {
  return layout.segments.reduce((sum, s) => sum + s.channels * s.inner, 0);
}

/** Length of the axis the layout describes. */
export function layoutLength(layout: AxisLayout): number {
  return layout.outer * stride(layout);
}

/** Positions along the axis that survive, ascending. */
export function keptPositions(layout: AxisLayout, keptOf: KeptOf): number[] {
  const s = stride(layout);
  const perSegment: number[][] = [];
  let offset = 0;
  for (const seg of layout.segments) {
    const kept = seg.space === FIXED ? range(seg.channels) : keptOf(seg.space, seg.channels);
    const list: number[] = [];
    for (const c of kept) for (let j = 0; j < seg.inner; j++) list.push(offset + c * seg.inner + j);
    perSegment.push(list);
    offset += seg.channels * seg.inner;
  }
  const positions: number[] = [];
  for (let o = 0; o < layout.outer; o++) for (const list of perSegment) for (const p of list) positions.push(o * s + p);
  return positions;
}

/** Length of the axis after pruning. */
export function keptLength(layout: AxisLayout, keptOf: KeptOf): number {
  let s = 0;
  for (const seg of layout.segments) {
    const kept = seg.space === FIXED ? seg.channels : keptOf(seg.space, seg.channels).length;
    s += kept * seg.inner;
  }
  return layout.outer * s;
}

/** Every position repeated `factor` times in a row (a depthwise multiplier, or merging trailing dims). */
export function widenInner(layout: AxisLayout, factor: number): AxisLayout {
  return { outer: layout.outer, segments: layout.segments.map((s) => ({ ...s, inner: s.inner * factor })) };
}

/** The whole axis repeated `factor` times (merging leading dims into the axis). */
export function repeatOuter(layout: AxisLayout, factor: number): AxisLayout {
  return { outer: layout.outer * factor, segments: layout.segments };
}

/** Layouts side by side along one axis (Concat); undefined when an input repeats (outer > 1). */
export function concatLayouts(layouts: readonly AxisLayout[]): AxisLayout | undefined {
  if (layouts.some((l) => l.outer !== 1)) return undefined;
  return { outer: 1, segments: layouts.flatMap((l) => l.segments) };
}

/** A FIXED layout of `length` positions (an input whose channels no prunable layer owns). */
export function fixedLayout(length: number): AxisLayout {
  return { outer: 1, segments: [{ space: FIXED, channels: length, inner: 1 }] };
}

/** True when the layout holds no prunable segment. */
export function isAllFixed(layout: AxisLayout): boolean {
  return layout.segments.every((s) => s.space === FIXED);
}

/** Spaces named by a layout (FIXED excluded). */
export function spacesOf(layout: AxisLayout): number[] {
  return [...new Set(layout.segments.map((s) => s.space).filter((s) => s !== FIXED))];
}

/**
 * Pairs of segments that must be pruned alike when two layouts meet element by element (Add, Mul, …);
 * undefined when their structures differ, so no channel-wise pairing exists.
 */
export function pairSegments(a: AxisLayout, b: AxisLayout): [Segment, Segment][] | undefined {
  if (a.outer !== b.outer || a.segments.length !== b.segments.length) return undefined;
  const pairs: [Segment, Segment][] = [];
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i]!;
    const y = b.segments[i]!;
    if (x.channels !== y.channels || x.inner !== y.inner) return undefined;
    pairs.push([x, y]);
  }
  return pairs;
}

/**
 * Where a tracked axis lands when a tensor of dims `input` is reshaped to `output` (row-major, as ONNX
 * Reshape/Flatten/Squeeze/Unsqueeze and TFLite RESHAPE do). It stays one axis only when the output
 * axis holding it is (some leading dims) × (the axis) × (some trailing dims); anything else interleaves
 * channels with other dims and gives undefined.
 */
export function reshapeFlow(flow: Flow, input: readonly number[], output: readonly number[]): Flow | undefined {
  const a = flow.axis;
  const length = input[a];
  if (length === undefined || length !== layoutLength(flow.layout)) return undefined;
  const before = product(input.slice(0, a));
  const after = product(input.slice(a + 1));
  let prefix = 1;
  for (let b = 0; b < output.length; b++) {
    const dim = output[b]!;
    const suffix = product(output.slice(b + 1));
    if (dim > 1 && before % prefix === 0 && after % suffix === 0) {
      const lead = before / prefix;
      const trail = after / suffix;
      if (dim === lead * length * trail) return { axis: b, layout: repeatOuter(widenInner(flow.layout, trail), lead) };
    }
    prefix *= dim;
    if (prefix > before) break;
  }
  return undefined;
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** 0 … n − 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
