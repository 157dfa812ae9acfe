// Model-level bookkeeping after a TFLite graph was rewritten: the operator-code table read from the float
// file is stale (versions changed, ops added), and min_runtime_version should name a runtime that has
// the kernels now used.
import { tfliteExtras, type TfliteModelExtras } from '../../../formats/tflite/extras';
import type { Graph, Model } from '../../../ir/types';

const RUNTIME_KEY = 'min_runtime_version';

function versionParts(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** True when version a is older than b ("1.5.0" < "1.14.0"). */
export function olderThan(a: string, b: string): boolean {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/**
 * The model with a new main graph: the operator codes are rebuilt by the writer (in order of first use),
 * and min_runtime_version is raised to `runtime` when it names an older one (the int8 and hybrid kernels
 * the converter emits first shipped in TensorFlow Lite 1.14).
 */
export function withGraph(model: Model, graph: Graph, runtime?: string): Model {
  const extras = tfliteExtras<TfliteModelExtras>(model.extras);
  const { operatorCodes: _stale, ...rest } = extras;
  const others = Object.fromEntries(Object.entries(model.extras ?? {}).filter(([k]) => k !== 'tflite'));
  const nextExtras = Object.keys(rest).length ? { ...others, tflite: rest } : others;
  const metadata = model.metadata.map((kv) =>
    runtime && kv.key === RUNTIME_KEY && olderThan(kv.value.replace(/\0+$/, ''), runtime)
      ? { ...kv, value: runtime }
      : kv,
  );
  const { extras: _old, ...base } = model;
  return { ...base, graph, metadata, ...(Object.keys(nextExtras).length ? { extras: nextExtras } : {}) };
}
