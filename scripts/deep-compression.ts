// The Deep Compression acceptance (issue 5): on the LeNet-300-100 sample and its 2,000 held-out digits,
// evaluated in onnxruntime-node —
//   1. top-1 of the float model;
//   2. top-1 against magnitude sparsity 0 … 0.95, one sparsity per layer and one global threshold;
//   3. the "Deep Compression" recipe (prune → cluster → Huffman, no retraining): its top-1 and the
//      compression ratio of the weight storage (float32 bytes / Huffman-coded indices + positions +
//      codebooks, from the cluster report), which must reach ≥ 10× for ≤ 1 point of top-1.
// The CNN sample goes through the same steps for information.
//
//   npx tsx scripts/deep-compression.ts [--json]
//
// Exits 1 when the LeNet sample misses the target.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readOnnx } from '../src/core/formats/onnx/index';
import { DEEP_COMPRESSION } from '../src/core/recipes/presets';
import { LENET_CARD_FILE, MNIST_CARD_FILE, SAMPLES_DIR, type SampleCard } from './sample/card';
import {
  deepCompression,
  sparsityCurve,
  type CurvePoint,
  type DeepCompressionResult,
} from './sample/deep-compression-run';
import { loadSplit } from './sample/mnist-data';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const SPARSITIES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
/** The acceptance target. */
export const TARGET = { ratio: 10, lossPoints: 1 } as const;

interface SampleResult {
  readonly sample: string;
  readonly file: string;
  readonly floatTop1: number;
  readonly curve: readonly CurvePoint[];
  readonly deepCompression: DeepCompressionResult;
  readonly meetsTarget: boolean;
}

const pct = (v: number): string => `${(100 * v).toFixed(2)} %`;

function curveTable(curve: readonly CurvePoint[]): string[] {
  const layers = Object.keys(curve[0]?.layers ?? {});
  const bySparsity = new Map<number, Partial<Record<'layer' | 'global', CurvePoint>>>();
  for (const p of curve) bySparsity.set(p.sparsity, { ...bySparsity.get(p.sparsity), [p.scope]: p });
  const rows = [['sparsity', 'top-1 (layer)', 'top-1 (global)', ...layers.map((l) => `${l} (global)`), 'global curve']];
  for (const [s, points] of bySparsity) {
    const g = points.global;
    const bar = g ? '█'.repeat(Math.max(0, Math.round((g.top1 - 0.5) * 80))) : '';
    rows.push([
      `${(100 * s).toFixed(0)} %`,
      points.layer ? pct(points.layer.top1) : '-',
      g ? pct(g.top1) : '-',
      ...layers.map((l) => (g ? `${(100 * (g.layers[l] ?? 0)).toFixed(1)} %` : '-')),
      bar,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padStart(widths[i]!))).join('  '));
}

function resultLines(r: SampleResult): string[] {
  const d = r.deepCompression;
  const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
  return [
    `${r.sample} (${r.file}): float top-1 ${pct(r.floatTop1)} on 2,000 held-out digits (onnxruntime-node)`,
    '',
    'top-1 against magnitude sparsity (no retraining):',
    ...curveTable(r.curve).map((l) => `  ${l}`),
    '',
    `recipe "${d.recipe}": top-1 ${pct(d.top1)} (${d.lossPoints >= 0 ? '−' : '+'}${Math.abs(d.lossPoints).toFixed(2)} points), ` +
      `${pct(d.sparsity)} of the weights zero`,
    `  weight storage ${kib(d.float32Bytes)} float32 → ${kib(d.totalBytes)}: Huffman-coded indices ${kib(d.huffmanIndexBytes)}, ` +
      `positions ${kib(d.huffmanPositionBytes)}, codebooks ${kib(d.codebookBytes)} → ${d.compressionRatio.toFixed(1)}×`,
    ...d.layers.map(
      (l) =>
        `  ${l.name.padEnd(6)} ${String(l.elements).padStart(7)} weights  ${(100 * l.sparsity).toFixed(1).padStart(5)} % zero  ` +
        `k ${String(l.clusters).padStart(3)}  SQNR ${l.sqnrDb.toFixed(1)} dB  ${kib(l.float32Bytes)} → ${kib(l.totalBytes)}`,
    ),
  ];
}

async function runSample(cardFile: string, log: (line: string) => void): Promise<SampleResult> {
  const card = JSON.parse(readFileSync(join(ROOT, SAMPLES_DIR, cardFile), 'utf8')) as SampleCard;
  const bytes = new Uint8Array(readFileSync(join(ROOT, SAMPLES_DIR, card.file)));
  const model = readOnnx([{ name: card.file, bytes }]);
  const { heldOut } = loadSplit();
  const curve = await sparsityCurve(model, heldOut, SPARSITIES, ['layer', 'global'], (p) =>
    log(`${card.id}: ${p.scope} ${(100 * p.sparsity).toFixed(0)} % → ${pct(p.top1)}`),
  );
  const floatTop1 = curve.find((p) => p.sparsity === 0)?.top1 ?? NaN;
  const dc = await deepCompression(model, heldOut, floatTop1, DEEP_COMPRESSION);
  return {
    sample: card.name,
    file: `${SAMPLES_DIR}/${card.file}`,
    floatTop1,
    curve,
    deepCompression: dc,
    meetsTarget: dc.compressionRatio >= TARGET.ratio && dc.lossPoints <= TARGET.lossPoints,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' } } });
  const log = (line: string): void => void (values.json ? undefined : process.stderr.write(`${line}\n`));
  const lenet = await runSample(LENET_CARD_FILE, log);
  const cnn = await runSample(MNIST_CARD_FILE, log);
  if (values.json) process.stdout.write(`${JSON.stringify({ target: TARGET, lenet, cnn }, null, 2)}\n`);
  else {
    const verdict = lenet.meetsTarget ? 'meets' : 'MISSES';
    const lines = [
      ...resultLines(lenet),
      '',
      `LeNet-300-100 ${verdict} the target (≥ ${TARGET.ratio}× for ≤ ${TARGET.lossPoints} point of top-1)`,
      '',
      '--- for information: the CNN sample through the same recipe ---',
      ...resultLines(cnn),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!lenet.meetsTarget) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `deep-compression: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
