// `scaledown optimize IN OUT --recipe R.json` with 'edit' steps: graph edits replayed from a recipe file
// (an .npy beside it included), the result checked by onnxruntime; an edit that does not fit is one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnnx, recipeToJson, writeOnnx, type Recipe } from '../core/index';
import { writeNpy } from '../core/data/npy';
import { toFloat64 } from '../core/ir/tensor';
import { onnxChain } from '../core/transforms/edit/test-models';
import type { OptimizeJson } from './commands/optimize';
import { outputDims } from './testing/run-onnx';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);

const edits: Recipe = {
  scaledown: 'recipe',
  version: 1,
  name: 'Prepare for MCU',
  steps: [
    {
      kind: 'edit',
      ops: [
        { kind: 'bypassNode', node: 'id1' },
        { kind: 'bypassNode', node: 'drop' },
        { kind: 'bypassNode', node: 'id_out' },
        { kind: 'fixSymbolicDims', dims: { N: 1 } },
        { kind: 'renameTensor', tensor: 'y', name: 'logits' },
        { kind: 'editInitializer', tensor: 'fc_b', change: { kind: 'npy', npy: { file: 'fc_b.npy' } } },
      ],
    },
  ],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-edit-'));
  writeFileSync(at('chain.onnx'), writeOnnx(onnxChain())[0]!.bytes);
  writeFileSync(at('edits.json'), recipeToJson(edits));
  writeFileSync(at('fc_b.npy'), writeNpy({ dtype: 'float32', shape: [4], data: Float32Array.of(1, 2, 3, 4) }));
  const wrong: Recipe = { ...edits, steps: [{ kind: 'edit', ops: [{ kind: 'bypassNode', node: 'conv9' }] }] };
  writeFileSync(at('wrong.json'), recipeToJson(wrong));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown optimize with edit steps', () => {
  it.concurrent('replays the edits and writes a model onnxruntime runs at batch 1', async () => {
    const r = await runScaledown([
      'optimize',
      at('chain.onnx'),
      at('edited.onnx'),
      '--recipe',
      at('edits.json'),
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as OptimizeJson;
    const step = out.steps[0]!;
    if (!('report' in step) || step.kind !== 'edit') throw new Error('no edit report');
    expect(step.report).toMatchObject({ operations: 6, nodesBefore: 7, nodesAfter: 4 });
    const model = readOnnx([{ name: 'edited.onnx', bytes: new Uint8Array(readFileSync(at('edited.onnx'))) }]);
    expect(model.graph.nodes.map((n) => n.op)).toEqual(['Conv', 'Relu', 'Flatten', 'Gemm']);
    expect(model.graph.outputs).toEqual(['logits']);
    const bias = model.graph.tensors.find((t) => t.id === 'fc_b')!;
    expect(Array.from(toFloat64('float32', bias.data!.bytes!)!)).toEqual([1, 2, 3, 4]);
    expect(await outputDims(at('edited.onnx'), [1, 1, 6, 6])).toEqual([1, 4]);
  });

  it.concurrent('prints the edits in its text report', async () => {
    const r = await runScaledown(['optimize', at('chain.onnx'), at('edited2.onnx'), '--recipe', at('edits.json')]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toContain('step 1 of 1: edit');
    expect(out).toContain('  7 → 4 nodes');
    expect(out).toContain('  bypass "id1"');
  });

  it.concurrent('refuses an edit that does not fit the model in one line', async () => {
    const r = await runScaledown(['optimize', at('chain.onnx'), at('x.onnx'), '--recipe', at('wrong.json')]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/step 1 \(edit\): the graph has no node "conv9"/);
  });
});
