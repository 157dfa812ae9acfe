// Issue 8's acceptance "`scaledown plan` agrees with the studio's numbers for every corpus model": the
// engine's memory view (what the studio's Memory panel draws) against `plan --json` run in-process on the
// same file, for the default options and for int8 + in place + the optimised order on a custom board.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCommand } from '../cli/plan';
import type { PlanJson } from '../cli/plan-text';
import { CORPUS_DIR, corpusPath, hasCorpus, listFiles, readBytes, REPO_ROOT } from '../test-support/corpus';
import { createInProcessClient, type EngineClient } from './client';
import { copy } from './test-models';
import type { InputFile, MemoryPlanRequest } from './protocol';

// Every corpus model is far below this; a bigger one added later is skipped rather than slowing the suite.
const MAX_BYTES = 30 * 1024 * 1024;
// A big graph (DenseNet-121, 1,746 nodes) plans in tens of seconds: the schedule search per activation dtype
// and the fit advice's re-plans, done once by the CLI and once by the engine.
const CASE_TIMEOUT_MS = 300_000;

interface Case {
  readonly name: string;
  /** The model's main file. */
  readonly path: string;
  /** The files the studio hands the engine: the main file, then the companions beside it (TF.js shards). */
  readonly files: readonly string[];
}

function cases(): Case[] {
  if (!hasCorpus()) return [];
  const models = [
    ...listFiles(corpusPath('models/onnx'), ['.onnx']),
    ...listFiles(corpusPath('models/tflite'), ['.tflite']),
    ...listFiles(join(REPO_ROOT, 'public/samples'), ['.onnx']),
  ].map((path) => ({ path, files: [path] }));
  const tfjs = listFiles(corpusPath('models/tfjs'), ['model.json']).map((path) => {
    const folder = dirname(path);
    const shards = readdirSync(folder)
      .filter((f) => f.endsWith('.bin'))
      .map((f) => join(folder, f));
    return { path, files: [path, ...shards] };
  });
  return [...models, ...tfjs].flatMap((c) => {
    const name = c.path.startsWith(CORPUS_DIR) ? relative(CORPUS_DIR, c.path) : basename(c.path);
    const size = c.files.reduce((sum, f) => sum + statSync(f).size, 0);
    if (size <= MAX_BYTES) return [{ ...c, name }];
    console.warn(`[skip] ${name}: ${size} bytes, above the ${MAX_BYTES} this test plans`);
    return [];
  });
}

/** `scaledown plan` in-process, as src/cli/plan.test.ts runs it. */
function planJson(path: string, values: Record<string, string | boolean>): PlanJson {
  let out = '';
  let err = '';
  const code = planCommand.run(
    { values: { ...values, json: true }, positionals: [path] },
    { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: '/' },
  );
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as PlanJson;
}

const KB = 1024;
const CONFIGS: readonly {
  readonly label: string;
  readonly cli: Record<string, string | boolean>;
  readonly request: MemoryPlanRequest;
}[] = [
  {
    label: 'default options on the Nano 33',
    cli: { device: 'Arduino Nano 33 BLE Sense' },
    request: {
      options: { activationDType: 'stored', inPlace: false, fuseActivations: false, schedule: 'model' },
      device: { name: 'Arduino Nano 33 BLE Sense', sramBytes: 256 * KB, flashBytes: 1024 * KB },
      patch: true,
    },
  },
  {
    label: 'int8, in place, optimised order on a custom board',
    cli: { 'activation-dtype': 'int8', 'in-place': true, schedule: 'optimised', sram: '96K', flash: '512K' },
    request: {
      options: { activationDType: 'int8', inPlace: true, fuseActivations: true, schedule: 'optimised' },
      device: { name: 'Custom board', sramBytes: 96 * KB, flashBytes: 512 * KB },
      patch: true,
    },
  },
];

const inputFile = (path: string): InputFile => ({ name: basename(path), bytes: copy(readBytes(path)) });

describe.skipIf(!hasCorpus())('the memory view agrees with `scaledown plan` on every corpus model', () => {
  let engine: EngineClient | undefined;
  const client = async (): Promise<EngineClient> => (engine ??= await createInProcessClient());

  it.each(cases())(
    '$name',
    async ({ path, files }) => {
      const studio = await client();
      const { summary } = await studio.openModel(files.map(inputFile));
      for (const { label, cli, request } of CONFIGS) {
        const json = planJson(path, cli);
        const view = await studio.memoryPlan(summary.modelId, request);
        const figures = (v: {
          peakActivationBytes: number;
          arenaBytes: number;
          peakStep: number;
          unknownSizeTensors: number;
        }) => [v.peakActivationBytes, v.arenaBytes, v.peakStep, v.unknownSizeTensors];
        expect(figures(view), label).toEqual(figures(json));
        expect(view.peakNodeName, label).toBe(json.peakNode);
        expect(view.stepNames, label).toEqual(json.schedule);
        expect(view.schedule.choice, label).toBe(json.scheduleChoice);
        expect([view.schedule.modelOrderPeak, view.schedule.optimisedPeak], label).toEqual([
          json.modelOrderPeak,
          json.optimisedPeak,
        ]);
        expect(view.request.device, label).toEqual(json.device);
        expect({ sram: view.needs.sram, flash: view.needs.flash }, label).toEqual(json.fits);
        expect(view.needs, label).toEqual(json.needs);
        expect(view.suggestions, label).toEqual(json.suggestions);
        expect(view.inPlaceNodeIds, label).toEqual(json.inPlaceNodes);
      }
      await studio.closeModel(summary.modelId);
    },
    CASE_TIMEOUT_MS,
  );
});
