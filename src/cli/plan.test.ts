import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../scripts/make-mobilenetv2';
import { writeOnnx } from '../core/formats/onnx/index';
import { analyzeModel } from '../core/analysis/analyze';
import { planMemory } from '../core/analysis/memory/plan-report';
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

  it.skipIf(!hasCorpus()).concurrent(
    'mnist-8 in the optimised order: 50,176 B instead of 60,416 B, with what would fit an Uno',
    async () => {
      const model = corpusPath('models/onnx/onnxzoo_mnist-8.onnx');
      const json = await planJson([model, '--schedule', 'optimised', '--device', 'uno']);
      expect(json).toMatchObject({
        scheduleChoice: 'optimised',
        peakActivationBytes: 50_176,
        modelOrderPeak: 60_416,
        optimisedPeak: 50_176,
        fits: { sram: false, flash: false },
      });
      const ids = json.suggestions!.map((s) => s.id);
      expect(ids).toEqual(expect.arrayContaining(['all-memory', 'int8-activations', 'in-place', 'int8-weights']));
      // The order is in use already: it is no suggestion.
      expect(ids).not.toContain('optimised-schedule');
      const text = await runScaledown(['plan', model, '--device', 'uno']);
      expect(text.stdout).toMatch(
        /schedule +12 steps, the model's own order; the memory-optimised order peaks at .*\(50,176 B\) \(−16\.9 %/,
      );
      expect(text.stdout).toContain('\nwhat would make it fit:\n');
      expect(text.stdout).toMatch(/\n +SRAM +memory-optimised operator order: −16 % +→ 52\.6 KiB: still too big\n/);
      const optimised = await runScaledown(['plan', model, '--schedule', 'optimised']);
      expect(optimised.stdout).toMatch(/memory-optimised order \(the model's own order peaks at .*\(60,416 B\)/);
    },
  );

  it.concurrent('checks the fit on a custom board given by its SRAM and flash', async () => {
    const json = await planJson([
      mobilenet(),
      '--activation-dtype',
      'int8',
      '--in-place',
      '--sram',
      '1.5M',
      '--flash',
      '16M',
    ]);
    expect(json.device).toEqual({ name: 'Custom board', sramBytes: 1_572_864, flashBytes: 16_777_216 });
    expect(json.fits).toEqual({ sram: true, flash: true });
    expect(json.needs).toMatchObject({ arenaBytes: json.arenaBytes });
    expect(json.needs?.runtimeOverheadBytes).toBeGreaterThan(0);
    expect(json.needs?.sramNeeded).toBe(json.arenaBytes + (json.needs?.runtimeOverheadBytes ?? 0));
    expect(json.suggestions?.every((s) => s.savingBytes > 0)).toBe(true);
  });

  it.concurrent('prints the patch-based estimate with --patch', async () => {
    const json = await planJson([mobilenet(), '--activation-dtype', 'int8', '--in-place', '--patch']);
    expect(json.patch?.ok).toBe(true);
    if (!json.patch?.ok) return;
    expect(json.patch.best.peak).toBeLessThan(json.patch.baselinePeak);
    const text = await runScaledown(['plan', mobilenet(), '--activation-dtype', 'int8', '--in-place', '--patch']);
    expect(text.stdout).toMatch(/patch stage +first \d+ layers \(\d+ nodes\), through .*, \d+×\d+ patches/);
    expect(text.stdout).toMatch(/MAC overhead +\+\d+\.\d %/);
  });

  it.concurrent(
    "--patch-grid and --patch-stage fix the setting: the MCUNetV2 paper's 4×4 through block 4",
    async () => {
      const flags = [
        '--activation-dtype',
        'int8',
        '--in-place',
        '--patch-grid',
        '4',
        '--patch-stage',
        'block4_project',
      ];
      const json = await planJson([mobilenet(), ...flags]);
      expect(json.patch?.ok).toBe(true);
      if (!json.patch?.ok) return;
      expect(json.patch.best).toMatchObject({ grid: 4, stageEndName: 'block4_project', remainingPeak: 175_616 });
      // The paper's "172 kB" for the layers after the patch stage, within 10 %.
      expect(Math.abs(json.patch.best.remainingPeak - 172 * 1024) / (172 * 1024)).toBeLessThan(0.1);
      const bad = await runScaledown(['plan', mobilenet(), '--patch-grid', '2.5']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--patch-grid must be a whole number of at least 1, not '2\.5'/);
    },
  );

  it.concurrent.each([
    [['--device', 'uno', '--sram', '64K', '--flash', '1M'], /give either --device NAME or --sram SIZE --flash SIZE/],
    [['--sram', '64K'], /a custom board needs both --sram SIZE and --flash SIZE/],
    [
      ['--sram', 'lots', '--flash', '1M'],
      /--sram must be a size such as 256K, 1M or 262144 \(1 K = 1024 B\), not 'lots'/,
    ],
    [['--schedule', 'best'], /--schedule must be model or optimised, not 'best'/],
  ])('refuses %j with a usage line', async (args, message) => {
    const r = await runScaledown(['plan', mobilenet(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
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

// The studio shows planMemory's figures (and analyzeModel's for the model's own order); `plan` (run
// in-process here, no spawn per model) must agree.
describe.skipIf(!hasCorpus())('scaledown plan agrees with the studio on every corpus model', () => {
  const paths = [
    ...listFiles(corpusPath('models/onnx'), ['.onnx']),
    ...listFiles(corpusPath('models/tflite'), ['.tflite']),
  ];
  it.each(paths.map((path) => ({ name: basename(path), path })))('$name', { timeout: 60_000 }, ({ path }) => {
    let out = '';
    const code = planCommand.run(
      { values: { json: true, schedule: 'optimised' }, positionals: [path] },
      {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        cwd: '/',
      },
    ) as number;
    expect(code).toBe(0);
    const json = JSON.parse(out) as PlanJson;
    const model = loadModel([path], '/').model;
    const r = planMemory(model, { schedule: 'optimised' });
    const a = r.analysis;
    expect([json.peakActivationBytes, json.arenaBytes, json.peakStep, json.modelOrderPeak, json.optimisedPeak]).toEqual(
      [a.peakActivationBytes, a.arenaBytes, a.peakStep, r.schedule.modelOrderPeak, r.schedule.optimisedPeak],
    );
    expect(json.schedule).toEqual(a.schedule.map((i) => model.graph.nodes[i]!.name || model.graph.nodes[i]!.id));
    expect(json.modelOrderPeak).toBe(analyzeModel(model).peakActivationBytes);
  });
});
