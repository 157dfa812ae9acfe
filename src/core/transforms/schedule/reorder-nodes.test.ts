import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../analysis/analyze';
import { planMemory } from '../../analysis/memory/plan-report';
import { TransformError } from '../../errors';
import { readModel, writeModel } from '../../formats/registry';
import { tfliteModel } from '../../formats/tflite/test-models';
import { tfliteOptionAttributes as options } from '../../formats/tflite/options';
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { corpusPath, hasCorpus, readBytes } from '../../../test-support/corpus';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { reorderNodes } from './reorder-nodes';

// x ─┬─ RELU → FC to 64 → FC to 2 ──┬─ CONCATENATION: stored breadth-first, so both wide tensors
//    └─ RELU → FC to 16 → FC to 16 ─┘  are alive at once; running one branch to its end first is cheaper.
function tfliteBranches(): Model {
  const b = new GraphBuilder('branches');
  const x = b.input('x', 'float32', [1, 8]);
  const widths = [
    [64, 2],
    [16, 16],
  ] as const;
  const relu = widths.map((_, i) => b.op('RELU', [x], {}, { outputs: [`r${i}`], dtype: 'float32', shape: [1, 8] }));
  const fc = (input: string, from: number, to: number, name: string): string => {
    const w = b.constant(`${name}/w`, new Float32Array(to * from).fill(0.125), [to, from]);
    return b.node('FULLY_CONNECTED', [input, w, ''], options('FULLY_CONNECTED'), {
      outputs: [name],
      dtype: 'float32',
      shape: [1, to],
    })[0]!;
  };
  const wide = widths.map(([w], i) => fc(relu[i]!, 8, w, `e${i}`));
  const narrow = widths.map(([w, n], i) => fc(wide[i]!, w, n, `s${i}`));
  const y = b.op('CONCATENATION', narrow, options('CONCATENATION', { axis: 1 }), {
    outputs: ['y'],
    dtype: 'float32',
    shape: [1, 18],
  });
  b.output(y);
  return tfliteModel(b);
}

const names = (model: Model): string[] => model.graph.nodes.map((n) => n.outputs[0]!);

describe('reorderNodes', () => {
  const model = deepFreeze(tfliteBranches());

  it('returns a new model with the nodes in the given order, sharing them, the input unchanged', () => {
    const order = [0, 2, 4, 1, 3, 5, 6];
    const reordered = reorderNodes(model, order);
    expect(names(reordered)).toEqual(['r0', 'e0', 's0', 'r1', 'e1', 's1', 'y']);
    expect(names(model)).toEqual(['r0', 'r1', 'e0', 'e1', 's0', 's1', 'y']);
    expect(reordered.graph.nodes[1]).toBe(model.graph.nodes[2]);
    expect(reordered.graph.tensors).toBe(model.graph.tensors);
    expect(reorderNodes(model, [0, 1, 2, 3, 4, 5, 6])).not.toBe(model);
  });

  it('refuses an order that is not a permutation or runs a node before its producer', () => {
    const code = (order: number[]): string | undefined => {
      try {
        reorderNodes(model, order);
      } catch (error) {
        expect(error).toBeInstanceOf(TransformError);
        return `${(error as TransformError).code}: ${(error as TransformError).message}`;
      }
      return undefined;
    };
    expect(code([0, 1, 2, 3, 4, 5])).toMatch(/^invalid-options: .*each of its 7 nodes exactly once/);
    expect(code([0, 0, 2, 3, 4, 5, 6])).toMatch(/^invalid-options: .*exactly once/);
    expect(code([0, 1, 2, 3, 4, 5, 9])).toMatch(/^invalid-options: .*exactly once/);
    expect(code([2, 0, 1, 3, 4, 5, 6])).toMatch(/^invalid-options: .*before a node producing one of its inputs/);
  });

  it('keeps nodes acting through state in their relative order', () => {
    const b = new GraphBuilder('state');
    const x = b.input('x', 'float32', [2]);
    b.node('ASSIGN_VARIABLE', [x], {}, { outputs: [] });
    b.node('ASSIGN_VARIABLE', [x], {}, { outputs: [] });
    const stateful = tfliteModel(b);
    expect(() => reorderNodes(stateful, [1, 0])).toThrow(/acts through state/);
    expect(reorderNodes(stateful, [0, 1]).graph.nodes).toHaveLength(2);
  });

  it('a TFLite model written in the optimised order reads back in that order, with the optimised peak', () => {
    const plan = planMemory(model, { schedule: 'optimised' });
    expect(plan.schedule.optimisedPeak).toBeLessThan(plan.schedule.modelOrderPeak);
    const written = writeModel(reorderNodes(model, plan.schedule.order));
    const back = readModel(written);
    expect(names(back)).toEqual(plan.schedule.order.map((i) => model.graph.nodes[i]!.outputs[0]!));
    expect(analyzeModel(back).peakActivationBytes).toBe(plan.schedule.optimisedPeak);
    // The model's own order written as is stays as it was.
    expect(names(readModel(writeModel(model)))).toEqual(names(model));
  });
});

describe.skipIf(!hasCorpus())('reorderNodes on the corpus', () => {
  if (!hasCorpus()) console.log('skipped: no shared corpus');
  it('ONNX mnist-8 written in the optimised order reads back with a 50,176 B peak (60,416 B as stored)', () => {
    const bytes = readBytes(corpusPath('models/onnx/onnxzoo_mnist-8.onnx'));
    const model = readModel([{ name: 'mnist-8.onnx', bytes }]);
    const plan = planMemory(model, { schedule: 'optimised' });
    const back = readModel(writeModel(reorderNodes(model, plan.schedule.order)));
    expect(back.graph.nodes.map((n) => n.name)).toEqual(plan.schedule.order.map((i) => model.graph.nodes[i]!.name));
    expect(analyzeModel(back).peakActivationBytes).toBe(50_176);
    expect(analyzeModel(model).peakActivationBytes).toBe(60_416);
  });
});
