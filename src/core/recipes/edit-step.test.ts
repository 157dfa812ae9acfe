// Recipes with 'edit' steps: parsed with clear errors, written back unchanged, run in order with the
// other steps, and refused when the edited model is invalid.
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../test-support/deep-freeze';
import { TransformError } from '../errors';
import { writeNpy } from '../data/npy';
import { toFloat64 } from '../ir/tensor';
import type { Model } from '../ir/types';
import { onnxChain } from '../transforms/edit/test-models';
import { parseRecipe, recipeToJson } from './parse';
import { runRecipe } from './run';
import type { Recipe, RecipeStep } from './types';

const recipe = (...steps: RecipeStep[]): Recipe => ({ scaledown: 'recipe', version: 1, name: 'edits', steps });

const EDITS: RecipeStep = {
  kind: 'edit',
  label: 'prepare for MCU',
  ops: [
    { kind: 'bypassNode', node: 'id1' },
    { kind: 'bypassNode', node: 'drop' },
    { kind: 'fixSymbolicDims', dims: { N: 1 } },
  ],
};

function parseFailure(value: unknown): string {
  try {
    parseRecipe(value, 'r.json');
  } catch (error) {
    if (error instanceof TransformError) return error.message;
    throw error;
  }
  throw new Error('parsed');
}

async function runFailure(model: Model, r: Recipe): Promise<TransformError> {
  try {
    await runRecipe(model, r);
  } catch (error) {
    if (error instanceof TransformError) return error;
    throw error;
  }
  throw new Error('ran');
}

describe('edit steps in recipe files', () => {
  it('parse and write back unchanged', () => {
    const r = recipe(EDITS, { kind: 'cleanup', passes: ['dead-nodes'] });
    expect(parseRecipe(JSON.parse(recipeToJson(r)))).toEqual(r);
  });

  it('name the step, the op and the field that is wrong', () => {
    expect(parseFailure(recipe({ kind: 'edit' } as unknown as RecipeStep))).toBe('r.json: step 1 (edit): needs "ops"');
    expect(parseFailure(recipe({ kind: 'edit', ops: [{ kind: 'bypassNode' }] } as unknown as RecipeStep))).toBe(
      'r.json: step 1 (edit): ops[0] needs "node"',
    );
    expect(parseFailure(recipe({ kind: 'edit', ops: {} } as unknown as RecipeStep))).toBe(
      'r.json: step 1 (edit): ops must be a list of edits, not an object',
    );
  });
});

describe('running edit steps', () => {
  it('applies the edits, then the steps after them, and reports each edit', async () => {
    const model = deepFreeze(onnxChain());
    const { model: out, steps } = await runRecipe(
      model,
      recipe(EDITS, { kind: 'cleanup', passes: ['remove-identity'] }),
    );
    expect(out.graph.nodes.map((n) => n.op)).toEqual(['Conv', 'Relu', 'Flatten', 'Gemm']);
    expect(out.graph.tensors.find((t) => t.id === 'x')!.shape).toEqual([1, 1, 6, 6]);
    expect(steps[0]).toEqual({
      kind: 'edit',
      index: 0,
      report: {
        operations: 3,
        nodesBefore: 7,
        nodesAfter: 5,
        details: ['bypass "id1"', 'bypass "drop"', 'fix dimensions N = 1'],
      },
    });
  });

  it('reads an .npy the recipe names through the host', async () => {
    const npy = writeNpy({ dtype: 'float32', shape: [2], data: Float32Array.of(3, 4) });
    const step: RecipeStep = {
      kind: 'edit',
      ops: [{ kind: 'editInitializer', tensor: 'bias', change: { kind: 'npy', npy: { file: 'bias.npy' } } }],
    };
    const read: string[] = [];
    const { model } = await runRecipe(onnxChain(), recipe(step), { readFile: (p) => (read.push(p), npy) });
    const bias = model.graph.tensors.find((t) => t.id === 'bias')!;
    expect(Array.from(toFloat64('float32', bias.data!.bytes!)!)).toEqual([3, 4]);
    expect(read).toEqual(['bias.npy']);
  });

  it('refuses an edit that does not fit the model, and a result that is invalid', async () => {
    const missing = await runFailure(
      onnxChain(),
      recipe({ kind: 'edit', ops: [{ kind: 'bypassNode', node: 'nope' }] }),
    );
    expect(missing.message).toBe('step 1 (edit): the graph has no node "nope"');
    const broken = await runFailure(
      onnxChain(),
      recipe({ kind: 'edit', ops: [{ kind: 'deleteNode', node: 'id_out' }] }),
    );
    expect(broken.code).toBe('invalid-result');
    expect(broken.message).toBe(
      'step 1 (edit): the edited model cannot be exported: it has 1 problem: (1) graph output "y" is never produced',
    );
  });
});
