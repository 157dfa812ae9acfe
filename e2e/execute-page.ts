// Test page for e2e/execute-tflite.spec.ts (bundled by the spec, never part of the product): runs a .tflite
// model in the TFLite interpreter of @tensorflow/tfjs-tflite and in the studio's reference executor
// (src/core/execute) on the same inputs, and reports how far apart their outputs are.
import { loadTflite, type TfliteArray } from '../src/workers/runtimes/tflite-runtime';
import { runModel } from '../src/core/execute';
import { readModel } from '../src/core/formats/registry';
import { seededRandom } from '../src/core/util/random';

export interface ExecuteJob {
  /** URL of the model file. */
  readonly url: string;
  /** Number of seeded random input sets (values in [lo, hi)). */
  readonly sets: number;
  readonly lo: number;
  readonly hi: number;
  /** Extra inputs: raw little-endian float32 samples, one after another (e.g. the AD clip's windows). */
  readonly samplesUrl?: string;
}

export interface ExecuteReport {
  readonly runs: number;
  /** Largest |ours − interpreter| over all outputs, relative to the largest |interpreter| value of that run. */
  readonly worstRelative: number;
  readonly worstAbsolute: number;
  /** Mean squared error between output and input over the extra samples (autoencoders), both ways. */
  readonly reconstruction?: { readonly interpreter: number; readonly executor: number };
}

declare global {
  interface Window {
    executeHarness?: { compare(job: ExecuteJob): Promise<ExecuteReport> };
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function compare(job: ExecuteJob): Promise<ExecuteReport> {
  const bytes = await fetchBytes(job.url);
  const session = await loadTflite(bytes);
  const model = readModel([{ name: job.url.split('/').pop() ?? 'model.tflite', bytes }]);
  try {
    const input = session.inputs[0]!;
    if (session.inputs.length !== 1 || input.dtype !== 'float32') throw new Error('one float32 input expected');
    const inputId = model.graph.inputs[0]!;
    const samples: Float32Array[] = [];
    for (let k = 0; k < job.sets; k++) {
      const random = seededRandom(100 + k);
      samples.push(Float32Array.from({ length: input.size }, () => job.lo + random() * (job.hi - job.lo)));
    }
    const extra = job.samplesUrl ? new Float32Array((await fetchBytes(job.samplesUrl)).slice().buffer) : undefined;
    const extraCount = extra ? extra.length / input.size : 0;
    for (let s = 0; s < extraCount; s++) samples.push(extra!.subarray(s * input.size, (s + 1) * input.size));
    let worstRelative = 0;
    let worstAbsolute = 0;
    const mse = { interpreter: 0, executor: 0 };
    for (const [s, sample] of samples.entries()) {
      const theirs: TfliteArray[] = session.run([sample]);
      const ours = await runModel(model, { [inputId]: sample });
      model.graph.outputs.forEach((id, o) => {
        const a = ours[id]!;
        const b = theirs[o]!;
        let scale = 0;
        let diff = 0;
        for (let i = 0; i < b.length; i++) {
          scale = Math.max(scale, Math.abs(b[i]!));
          diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
        }
        worstAbsolute = Math.max(worstAbsolute, diff);
        worstRelative = Math.max(worstRelative, diff / (scale || 1));
        if (s >= job.sets && o === 0) {
          let x = 0;
          let y = 0;
          for (let i = 0; i < sample.length; i++) {
            x += (b[i]! - sample[i]!) ** 2;
            y += (a[i]! - sample[i]!) ** 2;
          }
          mse.interpreter += x / sample.length / extraCount;
          mse.executor += y / sample.length / extraCount;
        }
      });
    }
    return { runs: samples.length, worstRelative, worstAbsolute, ...(extraCount ? { reconstruction: mse } : {}) };
  } finally {
    session.dispose();
  }
}

window.executeHarness = { compare };
