import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTflite } from '../core/formats/tflite/index';
import { tinyConvModel } from '../core/formats/tflite/test-models';
import { analyzeModel, readModel } from '../core/index';
import { corpusPath, hasCorpus, readBytes } from '../test-support/corpus';
import { onnxRunner } from './runtimes/onnx';
import type { ExportJson } from './export';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);

const HAS_GCC = (() => {
  try {
    execFileSync('gcc', ['--version']);
    return true;
  } catch {
    console.warn('[skip] gcc not found: the CLI header is not compiled here (compile.test.ts covers the core)');
    return false;
  }
})();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-export-'));
  writeFileSync(at('my-model v2.tflite'), writeTflite(tinyConvModel())[0]!.bytes);
  writeFileSync(at('junk.tflite'), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown export', () => {
  it.concurrent('writes a header and a .cc, a bundle, and says so as JSON', async () => {
    const r = await runScaledown([
      'export',
      at('my-model v2.tflite'),
      '--c-header',
      at('out/model_data.h'),
      '--split',
      '--section',
      '.rodata.model',
      '--align',
      '32',
      '--bundle',
      at('out/bundle.zip'),
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ExportJson;
    expect(json.name).toBe('my_model_v2_tflite');
    expect(json.files.map((f) => f.path)).toEqual([
      at('out/model_data.h'),
      at('out/model_data.cc'),
      at('out/bundle.zip'),
    ]);
    expect(json.flashBytes % 32).toBe(0);
    expect(json.resolver?.count).toBe(5);
    expect(json.arena.totalBytes).toBeGreaterThan(json.arena.plannedBytes);
    const cc = readFileSync(at('out/model_data.cc'), 'utf8');
    expect(cc).toContain('#include "model_data.h"');
    expect(cc).toContain('alignas(32) const unsigned char my_model_v2_tflite[] my_model_v2_tflite_SECTION = {');
    const zip = unzipSync(new Uint8Array(readFileSync(at('out/bundle.zip'))));
    expect(Object.keys(zip).sort()).toEqual([...(json.bundle ?? [])].sort());
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['my-model v2.tflite', 'report.md', 'report.json']));
    expect(strFromU8(zip['model_data.cc']!)).toBe(cc);
    if (HAS_GCC) {
      const main = at('out/main.c');
      writeFileSync(main, '#include "model_data.h"\nint main(void) { return my_model_v2_tflite_len == 0; }\n');
      execFileSync('gcc', [
        '-std=c11',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-x',
        'c',
        main,
        at('out/model_data.cc'),
        '-o',
        at('out/prog'),
      ]);
      execFileSync(at('out/prog'));
    }
  });

  it.concurrent('prints what it wrote', async () => {
    const r = await runScaledown([
      'export',
      at('my-model v2.tflite'),
      '--c-header',
      at('plain.h'),
      '--name',
      'g_model',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/plain\.h: [\d.]+ KiB$/);
    expect(out[1]).toMatch(/^array g_model: \d+ bytes of .*my-model v2\.tflite \(.* in flash, 16-byte aligned\)$/);
    expect(out[2]).toMatch(/^arena to reserve: .* \(plan .* \+ 20% margin \+ .* TFLM bookkeeping\)$/);
    expect(out[3]).toBe('TFLM resolver: 5 operators (see the header)');
    expect(readFileSync(at('plain.h'), 'utf8')).toContain('const unsigned char g_model[] = {');
  });

  it.skipIf(!hasCorpus()).concurrent('exports an ONNX corpus model with PROGMEM', async () => {
    const model = corpusPath('models/onnx/onnxzoo_mnist-8.onnx');
    const r = await runScaledown(['export', model, '--c-header', at('mnist.h'), '--progmem', '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as ExportJson;
    expect(json).toMatchObject({ format: 'onnx', name: 'onnxzoo_mnist_8_onnx', modelBytes: 26454 });
    expect(json.resolver).toBeUndefined();
    const text = readFileSync(at('mnist.h'), 'utf8');
    expect(text).toContain('onnxzoo_mnist_8_onnx[] SCALEDOWN_PROGMEM = {');
    expect(text).toContain('TensorFlow Lite Micro reads .tflite models only');
  });

  it.skipIf(!hasCorpus()).concurrent(
    '--schedule optimised writes mnist-8 in the memory-optimised order, which onnxruntime runs the same',
    async () => {
      const source = corpusPath('models/onnx/onnxzoo_mnist-8.onnx');
      const r = await runScaledown(['export', source, '--bundle', at('m8.zip'), '--schedule', 'optimised', '--json']);
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout) as ExportJson;
      expect(json.operatorOrder).toEqual({ used: 'memory', modelOrderPeak: 60_416, optimisedPeak: 50_176 });
      expect(json.arena.plannedBytes).toBe(50_176);
      const bytes = unzipSync(new Uint8Array(readFileSync(at('m8.zip'))))['onnxzoo_mnist-8.onnx']!;
      const ordered = readModel([{ name: 'm8.onnx', bytes }]);
      const stored = readModel([{ name: 'm8.onnx', bytes: readBytes(source) }]);
      expect(ordered.graph.nodes.map((n) => n.name)).not.toEqual(stored.graph.nodes.map((n) => n.name));
      expect(analyzeModel(ordered).peakActivationBytes).toBe(50_176);
      // An independent consumer: onnxruntime gives the same scores for the re-ordered file.
      const input = new Float32Array(28 * 28).map((_, i) => (i % 29) / 29);
      const feed = { Input3: { data: input, shape: [1, 1, 28, 28] } };
      const scores = async (model: Uint8Array) => {
        const runner = await onnxRunner(model, 'm8.onnx');
        const out = await runner.run(feed);
        await runner.close();
        return Array.from(Object.values(out)[0]!.data);
      };
      expect(await scores(bytes)).toEqual(await scores(readBytes(source)));
    },
  );

  it.concurrent.each([
    [['export', 'missing.tflite', '--c-header', 'x.h'], /^missing\.tflite: missing-file: no such file$/, 1],
    [['export', 'JUNK', '--c-header', 'x.h'], /^.*junk\.tflite: [a-z-]+: .+$/, 1],
    [
      ['export', 'MODEL', '--c-header', 'x.h', '--align', '3'],
      /^.*\.tflite: invalid-options: alignment must be a power of two/,
      1,
    ],
    [
      ['export', 'MODEL', '--c-header', 'x.h', '--align', 'wide'],
      /^.*\.tflite: --align must be a number, not 'wide' \(usage: /,
      2,
    ],
    [
      ['export', 'MODEL', '--c-header', 'x.h', '--section', 'a b'],
      /^.*\.tflite: invalid-options: the section name "a b"/,
      1,
    ],
    [
      ['export', 'MODEL', '--c-header', 'x.h', '--schedule', 'fastest'],
      /^.*\.tflite: --schedule must be model or optimised, not 'fastest' \(usage: /,
      2,
    ],
    [['export', 'MODEL'], /^.*\.tflite: give --c-header OUT\.h, --bundle OUT\.zip, or both \(usage: /, 2],
  ])('refuses %j in one line', async (args, line, code) => {
    const resolved = args.map((a) => (a === 'MODEL' ? at('my-model v2.tflite') : a === 'JUNK' ? at('junk.tflite') : a));
    const r = await runScaledown(resolved, dir);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(line)]);
    expect(r.code).toBe(code);
    expect(existsSync(at('x.h'))).toBe(false);
  });
});
