import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectJson } from './commands/inspect';
import { externalDataModel, rawDataPastEndModel, tinyMatMulModel } from './testing/onnx-bytes';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-cli-'));
  const tiny = tinyMatMulModel();
  writeFileSync(at('tiny.onnx'), tiny);
  writeFileSync(at('empty.onnx'), new Uint8Array(0));
  writeFileSync(at('truncated.onnx'), tiny.subarray(0, Math.floor(tiny.byteLength * 0.6)));
  writeFileSync(at('past-end.onnx'), rawDataPastEndModel());
  // Deterministic "random" bytes (a fixed LCG), so a failure reproduces.
  const noise = new Uint8Array(4096);
  let seed = 7;
  for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
  writeFileSync(at('noise.onnx'), noise);
  // External data: beside the model (picked up automatically), elsewhere (passed explicitly), or absent.
  const { model, data } = externalDataModel('weights.bin');
  for (const sub of ['beside', 'apart', 'apart/store', 'lost']) mkdirSync(at(sub));
  writeFileSync(at('beside/model.onnx'), model);
  writeFileSync(at('beside/weights.bin'), data);
  writeFileSync(at('apart/model.onnx'), model);
  writeFileSync(at('apart/store/weights.bin'), data);
  writeFileSync(at('lost/model.onnx'), model);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown inspect', () => {
  it.concurrent('prints the contract JSON and nothing else on stdout', async () => {
    const r = await runScaledown(['inspect', at('tiny.onnx'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as InspectJson;
    expect(json).toMatchObject({
      format: 'onnx',
      inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [1, 3] }],
      nodeCount: 2,
      ops: { MatMul: 1, Relu: 1 },
      params: 12,
      weightBytes: 48,
      macs: 12,
      // x (16 B) and h (12 B) at step 0; h and y at step 1
      peakActivationBytes: 28,
      arenaBytes: 32,
    });
    expect(json.layers).toEqual([
      { name: 'mm', op: 'MatMul', params: 12, weightBytes: 48, macs: 12, outputBytes: 12 },
      { name: 'relu', op: 'Relu', params: 0, weightBytes: 0, macs: 0, outputBytes: 12 },
    ]);
  });

  it.concurrent('plans activations as int8 on request', async () => {
    const r = await runScaledown(['inspect', '--activation-dtype', 'int8', at('tiny.onnx'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ peakActivationBytes: 7, activationDType: 'int8' });
  });

  it.concurrent('prints a readable summary and a per-layer table without --json', async () => {
    const r = await runScaledown(['inspect', at('tiny.onnx')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/params\s+12 \(48 B of weights\)/);
    expect(r.stdout).toMatch(/^0\s+mm\s+MatMul\s+12\s+48 B\s+12\s+12 B\s+\[1, 3\]$/m);
  });

  it.concurrent('finds external data beside the model, or takes it as an extra file', async () => {
    for (const args of [[at('beside/model.onnx')], [at('apart/model.onnx'), at('apart/store/weights.bin')]]) {
      const r = await runScaledown(['inspect', ...args, '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ params: 12, weightBytes: 48, macs: 12 });
    }
    const lost = await runScaledown(['inspect', at('lost/model.onnx')]);
    expect(lost.code).toBe(1);
    expect(lines(lost.stderr)).toHaveLength(1);
    expect(lost.stderr).toMatch(/lost\/model\.onnx: missing-file: .*weights\.bin/);
  });

  it.concurrent('shows help for the command and for the tool', async () => {
    const own = await runScaledown(['inspect', '--help']);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('Usage: scaledown inspect MODEL');
    const top = await runScaledown(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/inspect\s+format, inputs/);
  });

  const failures: readonly {
    what: string;
    args: (file: string) => string[];
    file: string;
    code: number;
    says: RegExp;
  }[] = [
    { what: 'an empty file', file: 'empty.onnx', args: (f) => ['inspect', f], code: 1, says: /empty/ },
    {
      what: 'a truncated model',
      file: 'truncated.onnx',
      args: (f) => ['inspect', f, '--json'],
      code: 1,
      says: /truncated|ends/,
    },
    { what: 'random bytes', file: 'noise.onnx', args: (f) => ['inspect', f], code: 1, says: /./ },
    {
      what: 'raw_data running past the end',
      file: 'past-end.onnx',
      args: (f) => ['inspect', f, '--json'],
      code: 1,
      says: /truncated|out-of-bounds|ends/,
    },
    { what: 'a missing file', file: 'absent.onnx', args: (f) => ['inspect', f], code: 1, says: /missing|no such/ },
    {
      what: 'an unknown option',
      file: 'tiny.onnx',
      args: (f) => ['inspect', f, '--frobnicate'],
      code: 2,
      says: /unknown option '--frobnicate'.*usage: scaledown inspect/,
    },
    {
      what: 'a bad --activation-dtype',
      file: 'tiny.onnx',
      args: (f) => ['inspect', f, '--activation-dtype', 'int3'],
      code: 2,
      says: /int3/,
    },
    { what: 'a folder', file: '.', args: (f) => ['inspect', f], code: 1, says: /folder/ },
  ];

  it.concurrent.each(failures)(
    'fails on $what with one stderr line naming the file',
    async ({ file, args, code, says }) => {
      const path = file === '.' ? dir : at(file);
      const r = await runScaledown(args(path));
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      const err = lines(r.stderr);
      expect(err).toHaveLength(1);
      expect(err[0]).toContain(path);
      expect(err[0]).toMatch(says);
      expect(r.stderr).not.toContain('    at ');
    },
  );

  it.concurrent('reports usage problems without a file in one line with exit code 2', async () => {
    for (const args of [['inspect'], [], ['frobnicate']]) {
      const r = await runScaledown(args);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^scaledown/);
    }
  });
});
