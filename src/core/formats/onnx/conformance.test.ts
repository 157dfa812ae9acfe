// ONNX conformance over Debian's libonnx-testdata (node, pytorch-converted, pytorch-operator, simple):
// every model reads and round-trips to an equal IR, every rewritten file passes onnx.checker, and
// every rewritten model computes in onnxruntime-node what the original computes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffIR } from '../../ir/equal';
import type { Model } from '../../ir/types';
import { hasOnnxTestdata, ONNX_TESTDATA_DIR, readBytes } from '../../../test-support/corpus';
import {
  checkModels,
  compareInOrt,
  listCases,
  pythonOnnxUnavailable,
  type ConformanceCase,
} from '../../../test-support/onnx/conformance';
import { readOnnx, writeOnnx } from './index';

/**
 * Cases that cannot pass for reasons outside this code, with the reason. Empty: every case passes or is
 * skipped by onnxruntime itself (see the summary printed at the end).
 */
const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

const testdata = hasOnnxTestdata();
const pythonProblem = testdata ? pythonOnnxUnavailable() : undefined;
if (pythonProblem) console.warn(`[skip] onnx.checker checks: ${pythonProblem}`);

interface Loaded {
  readonly testCase: ConformanceCase;
  readonly original: Uint8Array;
  readonly model?: Model;
  readonly rewritten?: Uint8Array;
  readonly rewrittenPath?: string;
  readonly problem?: string;
}

describe.skipIf(!testdata)('ONNX conformance (libonnx-testdata)', () => {
  const work = testdata ? mkdtempSync(join(tmpdir(), 'scaledown-onnx-conformance-')) : '';
  const loaded: Loaded[] = [];
  const summary = { read: 0, roundTripped: 0, checked: 0, ortCompared: 0, ortIdentical: 0, originalOff: 0 };
  const skipped = new Map<string, string[]>();

  beforeAll(() => {
    for (const [i, testCase] of listCases(ONNX_TESTDATA_DIR).entries()) {
      const original = readBytes(testCase.modelPath);
      try {
        const model = readOnnx([{ name: testCase.modelPath, bytes: original }]);
        summary.read++;
        const rewritten = writeOnnx(model)[0]!.bytes;
        const back = readOnnx([{ name: `${testCase.id} (rewritten)`, bytes: rewritten }]);
        const diff = diffIR(model, back);
        if (diff === undefined) summary.roundTripped++;
        const rewrittenPath = join(work, `${i}.onnx`);
        writeFileSync(rewrittenPath, rewritten);
        loaded.push({
          testCase,
          original,
          model,
          rewritten,
          rewrittenPath,
          ...(diff === undefined ? {} : { problem: `round trip differs at ${diff}` }),
        });
      } catch (error) {
        loaded.push({ testCase, original, problem: String(error) });
      }
    }
  });

  afterAll(() => {
    const skips = [...skipped.entries()].map(
      ([reason, ids]) =>
        `  ${ids.length} × ${reason}, e.g.\n${ids
          .slice(0, 4)
          .map((id) => `    ${id}`)
          .join('\n')}`,
    );
    console.log(
      `[onnx conformance] ${loaded.length} models: ${summary.read} read, ${summary.roundTripped} round-tripped, ` +
        `${summary.checked} passed onnx.checker, ${summary.ortCompared} compared in onnxruntime-node ` +
        `(${summary.ortIdentical} bit-identical to the original, ${summary.originalOff} where onnxruntime's own ` +
        `output is off the expected one), ${[...skipped.values()].reduce((n, ids) => n + ids.length, 0)} skipped:\n` +
        skips.join('\n'),
    );
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const failures = (ids: string[]) => ids.filter((id) => !(id.split(':')[0]! in KNOWN_FAILURES));

  it('reads every model and round-trips it to an equal IR', () => {
    expect(loaded.length).toBeGreaterThan(1000);
    expect(failures(loaded.filter((l) => l.problem).map((l) => `${l.testCase.id}: ${l.problem}`))).toEqual([]);
  });

  it.skipIf(pythonProblem !== undefined)('writes files that pass onnx.checker.check_model', () => {
    const written = loaded.filter((l) => l.rewrittenPath);
    const result = checkModels(
      written.map((l) => l.rewrittenPath!),
      work,
    );
    if (!result.available) throw new Error(`the onnx checker could not run: ${result.reason}`);
    const bad: string[] = [];
    for (const l of written) {
      const error = result.results[l.rewrittenPath!];
      if (error === null) summary.checked++;
      else bad.push(`${l.testCase.id}: ${error ?? 'not checked'}`);
    }
    expect(failures(bad)).toEqual([]);
  });

  it('rewritten models compute in onnxruntime-node what the originals compute', async () => {
    const bad: string[] = [];
    for (const l of loaded) {
      if (!l.model || !l.rewritten) continue;
      if (l.testCase.dataSets.length === 0) {
        note(skipped, 'no test data sets', l.testCase.id);
        continue;
      }
      const outcome = await compareInOrt(l.original, l.rewritten, l.model, l.testCase.dataSets);
      if (outcome.status === 'skip') {
        const [category, detail] = outcome.reason.split(/: (.*)/s);
        note(skipped, category ?? outcome.reason, detail ? `${l.testCase.id} (${detail})` : l.testCase.id);
      } else if (outcome.status === 'mismatch') bad.push(`${l.testCase.id}: ${outcome.reason}`);
      else {
        summary.ortCompared++;
        if (outcome.identical) summary.ortIdentical++;
        if (outcome.originalOffExpected) summary.originalOff++;
      }
    }
    expect(failures(bad)).toEqual([]);
    expect(summary.ortCompared).toBeGreaterThan(900);
  });
});

function note(map: Map<string, string[]>, reason: string, id: string): void {
  const ids = map.get(reason);
  if (ids) ids.push(id);
  else map.set(reason, [id]);
}
