import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../scripts/make-mobilenetv2';
import { writeOnnx } from '../core/formats/onnx/index';
import { analyzeModel } from '../core/analysis/analyze';
import { corpusPath, hasCorpus, listFiles } from '../test-support/corpus';
import { loadModel } from './load-model';
import { planCommand, type PlanJson } from './plan';
import { runScaledown } from './testing/spawn-cli';

let dir = '';
const mobilenet = (): string => join(dir, 'mobilenetv2.onnx');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-plan-'));
  writeFileSync(mobilenet(), writeOnnx(buildMobileNetV2())[0]!.bytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function planJson(args: readonly string[]): Promise<PlanJson> {
  const r = await runScaledown(['plan', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
}

if (!hasCorpus()) console.warn('[skip] corpus absent: the TFLM arena figure of tflm_test_conv_model is not checked');

describe('scaledown plan', () => {
  it.skipIf(!hasCorpus()).concurrent('reproduces TFLM arena of 7,744 B for tflm_test_conv_model', async () => {
    const json = await planJson([corpusPath('models/tflite/tflm_test_conv_model.tflite'), '--device', 'nano33']);
    expect(json.arenaBytes).toBe(7744);
    expect(json.schedule).toHaveLength(7);
    expect(json.device?.name).toBe('Arduino Nano 33 BLE Sense');
    expect(json.fits).toEqual({ sram: true, flash: true });
  });

  it.concurrent('plans MobileNetV2 as int8: 1,505,280 B fused, 1,404,928 B in place', async () => {
    const fused = await planJson([mobilenet(), '--activation-dtype', 'int8', '--fuse-activations']);
    expect(fused.peakActivationBytes).toBe(1_505_280);
    expect(fused.peakNode).toBe('block2_dw');
    const inPlace = await planJson([mobilenet(), '--activation-dtype', 'int8', '--in-place', '--device', 'STM32H743']);
    expect(inPlace.peakActivationBytes).toBe(1_404_928);
    expect(inPlace.peakNode).toBe('block2_expand');
    expect(inPlace.arenaBytes).toBeGreaterThanOrEqual(1_404_928);
    // 1 MB of SRAM cannot hold a 1.4 MB peak; 14 MB of float weights do not fit 2 MB of flash either.
    expect(inPlace.fits).toEqual({ sram: false, flash: false });
  });

  it.concurrent('prints a readable plan and refuses an unknown board', async () => {
    const text = await runScaledown(['plan', mobilenet(), '--activation-dtype', 'int8', '--in-place']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/peak memory .*1,404,928 B\) at step \d+ \(block2_expand\)/);
    const bad = await runScaledown(['plan', mobilenet(), '--device', 'toaster']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no board named 'toaster'/);
  });
});

// The studio shows analyzeModel's figures; `plan` (run in-process here, no spawn per model) must agree.
describe.skipIf(!hasCorpus())('scaledown plan agrees with the studio on every corpus model', () => {
  const paths = [
    ...listFiles(corpusPath('models/onnx'), ['.onnx']),
    ...listFiles(corpusPath('models/tflite'), ['.tflite']),
  ];
  it.each(paths.map((path) => ({ name: basename(path), path })))('$name', ({ path }) => {
    let out = '';
    const code = planCommand.run(
      { values: { json: true }, positionals: [path] },
      {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        cwd: '/',
      },
    ) as number;
    expect(code).toBe(0);
    const json = JSON.parse(out) as PlanJson;
    const a = analyzeModel(loadModel([path], '/').model);
    expect([json.peakActivationBytes, json.arenaBytes, json.peakStep]).toEqual([
      a.peakActivationBytes,
      a.arenaBytes,
      a.peakStep,
    ]);
    expect(json.schedule).toHaveLength(a.nodeCount);
  });
});
