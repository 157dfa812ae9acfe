import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataInput, evaluate, mnistSplit, readMnistDigits, readModel } from '../../core/index';
import { GraphBuilder } from '../../core/ir/builder';
import { REPO_ROOT } from '../../test-support/corpus';
import { FileError } from '../command';
import { executorRunner } from './executor';
import { nodeRunner } from './index';

const LENET = join(REPO_ROOT, 'public/samples/lenet-300-100.onnx');
const MNIST = join(REPO_ROOT, 'public/samples/mnist-digits.npz');
const card = JSON.parse(readFileSync(join(REPO_ROOT, 'public/samples/lenet-300-100.json'), 'utf8')) as {
  heldOut: { samples: number; top1: number };
};

describe('Node runners', () => {
  it("LeNet-300-100 in onnxruntime-node scores its card's held-out top-1 on the held-out digits", async () => {
    const model = readModel([{ name: 'lenet-300-100.onnx', bytes: new Uint8Array(readFileSync(LENET)) }]);
    const input = dataInput(model, 'mnist');
    const runner = await nodeRunner(model, input, LENET, 'lenet-300-100.onnx');
    try {
      const dataset = readMnistDigits(new Uint8Array(readFileSync(MNIST)), { unit: true }, 'mnist');
      const result = await evaluate(runner.run, { dataset, input, indices: mnistSplit().heldOut }, { batchSize: 64 });
      expect(result.samples).toBe(card.heldOut.samples);
      // The card's figure has three decimals; the same digits through another runtime round the same way.
      expect(result.classification!.top1).toBeCloseTo(card.heldOut.top1, 3);
    } finally {
      await runner.close();
    }
  });

  it('the reference executor runs a model and keys outputs by tensor name', async () => {
    const b = new GraphBuilder();
    const model = b.output(b.op('Relu', [b.input('x', 'float32', [null, 2])])).model({ format: 'onnx' });
    const runner = executorRunner(model);
    const out = await runner.run({ x: { data: Float32Array.from([-1, 2, 3, -4]), shape: [2, 2] } });
    const [name] = Object.keys(out);
    expect(model.graph.tensors.find((t) => t.id === model.graph.outputs[0])?.name || model.graph.outputs[0]).toBe(name);
    expect(Array.from(out[name!]!.data)).toEqual([0, 2, 3, 0]);
    expect(out[name!]!.shape).toEqual([2, 2]);
  });

  it('the reference executor refuses, in one sentence, ops it cannot run', () => {
    const b = new GraphBuilder();
    const model = b.output(b.op('NoSuchOp', [b.input('x', 'float32', [1, 2])])).model({ format: 'onnx' });
    expect(() => executorRunner(model)).toThrow(/cannot run NoSuchOp/);
  });

  it('TF.js models are refused with what to do instead', async () => {
    const b = new GraphBuilder();
    const model = b.output(b.op('Relu', [b.input('x', 'float32', [1, 2])])).model({ format: 'tfjs' });
    const input = dataInput(model, 'd');
    await expect(nodeRunner(model, input, 'model.json', 'model.json')).rejects.toThrow(FileError);
    await expect(nodeRunner(model, input, 'model.json', 'model.json')).rejects.toThrow(/not supported yet.*convert/);
  });
});
