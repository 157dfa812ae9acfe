// Lane helpers shared by the kernels. Every vector helper has a scalar twin doing the same float32
// operations in the same order, so the scalar tail of a loop gives the bits its vector body would.

/** Round half to even (f32x4.nearest is IEEE roundTiesToEven). */
@inline
export function roundEvenV(v: v128): v128 {
  return f32x4.nearest(v);
}

/**
 * Round half away from zero. floor(|v| + 0.5) is wrong in float32 (0.49999997 + 0.5 rounds up to 1), so
 * take the truncation and step one away from zero when the exact fraction v − trunc(v) is at least ½.
 */
@inline
export function roundAwayV(v: v128): v128 {
  const t = f32x4.trunc(v);
  const half = f32x4.ge(f32x4.abs(f32x4.sub(v, t)), f32x4.splat(0.5));
  const one = v128.or(v128.and(v, i32x4.splat(0x80000000)), f32x4.splat(1));
  return f32x4.add(t, v128.and(half, one));
}

@inline
export function roundS(v: f32, halfEven: bool): f32 {
  if (halfEven) return nearest<f32>(v);
  const t = trunc<f32>(v);
  return abs<f32>(v - t) >= 0.5 ? t + copysign<f32>(1, v) : t;
}

/** x / scale with NaN (NaN input, 0/0, ∞/∞) replaced by 0, so it quantizes to the zero point. */
@inline
export function quotientV(x: v128, scale: v128): v128 {
  const v = f32x4.div(x, scale);
  return v128.and(v, f32x4.eq(v, v));
}

@inline
export function quotientS(x: f32, scale: f32): f32 {
  const v = x / scale;
  return v == v ? v : 0;
}

@inline
export function sumLanes(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

@inline
export function minLanes(v: v128): f32 {
  return min<f32>(min<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), min<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

@inline
export function maxLanes(v: v128): f32 {
  return max<f32>(max<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}
