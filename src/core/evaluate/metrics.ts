// Streaming metrics over a model's outputs, fed one batch at a time so that no evaluation ever holds
// every output: classification accuracy against labels, agreement and error against a reference model's
// outputs, and summary statistics. Every result is a plain JSON-able object (Infinity aside: an SQNR of
// identical outputs is Infinity, which JSON writers print as null).
import { DatasetError } from '../errors';

/** Scores of `rows` samples, `per` values each, row after row. */
export interface ScoreRows {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly per: number;
}

/** The index of the first largest score of row `r` (NaN scores never win). */
export function argmax(scores: ScoreRows, r: number): number {
  const base = r * scores.per;
  let best = 0;
  let value = -Infinity;
  for (let c = 0; c < scores.per; c++) {
    const v = scores.data[base + c]!;
    if (v > value) {
      value = v;
      best = c;
    }
  }
  return best;
}

/**
 * Where class `label` ranks in row `r` (0 = top), with ties broken as argmax breaks them (the lower index
 * first), so rank 0 is exactly "argmax equals the label".
 */
export function rankOf(scores: ScoreRows, r: number, label: number): number {
  const base = r * scores.per;
  const own = scores.data[base + label]!;
  if (Number.isNaN(own)) return scores.per;
  let rank = 0;
  for (let c = 0; c < scores.per; c++) {
    const v = scores.data[base + c]!;
    if (v > own || (v === own && c < label)) rank++;
  }
  return rank;
}

/** Accuracy of one class: the samples labelled with it and how many of them were predicted right. */
export interface ClassAccuracy {
  readonly label: number;
  readonly samples: number;
  readonly correct: number;
  /** correct / samples; null when no sample has this label. */
  readonly top1: number | null;
}

export interface ClassificationMetrics {
  readonly samples: number;
  readonly classes: number;
  /** Share of samples whose first largest score is their label (0..1). */
  readonly top1: number;
  /** Share whose label is among the five largest scores; only with more than five classes. */
  readonly top5?: number;
  readonly perClass: readonly ClassAccuracy[];
  /** confusion[label][predicted] = samples. */
  readonly confusion: readonly (readonly number[])[];
}

/** Top-1 / top-5, per-class accuracy and the confusion matrix, batch by batch. */
export class ClassificationAccumulator {
  private classes = 0;
  private samples = 0;
  private top1 = 0;
  private top5 = 0;
  private confusion: number[][] = [];

  /** Adds a batch: `scores` rows and their `labels` (integer class indices). `source` names the data. */
  add(scores: ScoreRows, labels: ArrayLike<number>, source = 'the data'): void {
    if (this.classes === 0) {
      this.classes = scores.per;
      this.confusion = Array.from({ length: scores.per }, () => new Array<number>(scores.per).fill(0));
    } else if (scores.per !== this.classes)
      throw new DatasetError(
        'shape-mismatch',
        `${source}: the model gave ${scores.per} scores per sample after giving ${this.classes}`,
        source,
      );
    for (let r = 0; r < scores.rows; r++) {
      const label = labels[r]!;
      if (!Number.isInteger(label) || label < 0 || label >= this.classes)
        throw new DatasetError(
          'shape-mismatch',
          `${source}: y holds the label ${label}, but the model gives ${this.classes} class scores (labels 0..${this.classes - 1})`,
          source,
        );
      const rank = rankOf(scores, r, label);
      if (rank === 0) this.top1++;
      if (rank < 5) this.top5++;
      this.confusion[label]![argmax(scores, r)]!++;
      this.samples++;
    }
  }

  result(): ClassificationMetrics {
    const perClass = this.confusion.map((row, label) => {
      const samples = row.reduce((a, b) => a + b, 0);
      const correct = row[label]!;
      return { label, samples, correct, top1: samples ? correct / samples : null };
    });
    const n = Math.max(1, this.samples);
    return {
      samples: this.samples,
      classes: this.classes,
      top1: this.top1 / n,
      ...(this.classes > 5 ? { top5: this.top5 / n } : {}),
      perClass,
      confusion: this.confusion.map((row) => [...row]),
    };
  }
}

export interface ReferenceMetrics {
  readonly samples: number;
  /** Share of samples whose top-1 class is the reference's (0..1). */
  readonly agreement: number;
  /** Mean squared difference over every output element. */
  readonly mse: number;
  /** 10·log10(Σ reference² / Σ difference²) in dB; Infinity when the outputs are identical. */
  readonly sqnr: number;
  /** Mean over samples of the cosine similarity of the output and reference rows. */
  readonly cosine: number;
  readonly maxAbsError: number;
}

/** Agreement, MSE, SQNR and cosine of a model's outputs against a reference model's, batch by batch. */
export class ReferenceAccumulator {
  private samples = 0;
  private agree = 0;
  private elements = 0;
  private signal = 0;
  private noise = 0;
  private cosineSum = 0;
  private maxAbs = 0;

  add(output: ScoreRows, reference: ScoreRows): void {
    if (output.per !== reference.per || output.rows !== reference.rows)
      throw new DatasetError(
        'shape-mismatch',
        `the reference model gives ${reference.per} values per sample, the model ${output.per}`,
      );
    const per = output.per;
    for (let r = 0; r < output.rows; r++) {
      let dot = 0;
      let oo = 0;
      let rr = 0;
      for (let c = r * per; c < (r + 1) * per; c++) {
        const o = output.data[c]!;
        const ref = reference.data[c]!;
        const d = o - ref;
        this.noise += d * d;
        this.signal += ref * ref;
        this.maxAbs = Math.max(this.maxAbs, Math.abs(d));
        dot += o * ref;
        oo += o * o;
        rr += ref * ref;
      }
      // Two all-zero rows are the same output; one all-zero row shares no direction with the other.
      this.cosineSum += oo === 0 && rr === 0 ? 1 : oo === 0 || rr === 0 ? 0 : dot / Math.sqrt(oo * rr);
      if (argmax(output, r) === argmax(reference, r)) this.agree++;
    }
    this.samples += output.rows;
    this.elements += output.rows * per;
  }

  result(): ReferenceMetrics {
    return {
      samples: this.samples,
      agreement: this.samples ? this.agree / this.samples : 0,
      mse: this.elements ? this.noise / this.elements : 0,
      sqnr: this.noise === 0 ? Infinity : 10 * Math.log10(this.signal / this.noise),
      cosine: this.samples ? this.cosineSum / this.samples : 0,
      maxAbsError: this.maxAbs,
    };
  }
}

export interface OutputStatistics {
  /** Finite elements seen. */
  readonly count: number;
  /** NaN and ±Infinity elements (left out of the other figures). */
  readonly nonFinite: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
}

/** Min, max, mean and standard deviation of every output element, streaming (Welford's update). */
export class StatisticsAccumulator {
  private count = 0;
  private nonFinite = 0;
  private min = Infinity;
  private max = -Infinity;
  private mean = 0;
  private m2 = 0;

  add(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) {
        this.nonFinite++;
        continue;
      }
      this.count++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      const delta = v - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (v - this.mean);
    }
  }

  result(): OutputStatistics {
    if (this.count === 0) return { count: 0, nonFinite: this.nonFinite, min: 0, max: 0, mean: 0, std: 0 };
    return {
      count: this.count,
      nonFinite: this.nonFinite,
      min: this.min,
      max: this.max,
      mean: this.mean,
      std: Math.sqrt(this.m2 / this.count),
    };
  }
}
