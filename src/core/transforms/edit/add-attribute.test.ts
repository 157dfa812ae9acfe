// addNode and setAttribute against the catalogues (ONNX at the model's opset, TFLite from its schema).
import { describe, expect, it } from 'vitest';
import type { Model } from '../../ir/types';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { applyEdit } from './apply';
import { operatorCatalogue, operatorSpec } from './catalogue';
import { onnxBranches, onnxChain, tfliteSmall, refusal } from './test-models';
import type { EditOp } from './types';
import { validateModel } from './validate-model';

const chain = (): Model => deepFreeze(onnxChain());
const errors = (m: Model) => validateModel(m).filter((p) => p.severity === 'error');

describe('the catalogues', () => {
  it('give each operator at the version the model imports', () => {
    const at = (opset: number): Model => ({ ...onnxChain(), opsets: [{ domain: '', version: opset }] });
    expect(operatorSpec(at(13), 'Softmax')!.attributes).toEqual([{ name: 'axis', kind: 'int', default: -1 }]);
    expect(operatorSpec(at(11), 'Softmax')!.attributes[0]!.default).toBe(1);
    expect(operatorSpec(at(10), 'Clip')!.attributes.map((a) => a.name)).toEqual(['max', 'min']);
    expect(operatorSpec(at(12), 'Clip')!.inputs.map((p) => p.name)).toEqual(['input', 'min', 'max']);
    expect(operatorSpec(at(13), 'HardSwish')).toBeUndefined();
    expect(operatorCatalogue(at(13)).map((s) => s.op)).toContain('QuantizeLinear');
  });

  it('read TFLite options from the schema: enums with their names and defaults', () => {
    const conv = operatorSpec(tfliteSmall(), 'CONV_2D')!;
    expect(conv.attributes.find((a) => a.name === 'padding')).toEqual({
      name: 'padding',
      kind: 'enum',
      values: ['SAME', 'VALID'],
      default: 'SAME',
    });
    expect(conv.attributes.find((a) => a.name === 'dilation_w_factor')).toEqual({
      name: 'dilation_w_factor',
      kind: 'int',
      default: 1,
    });
    expect(operatorSpec(tfliteSmall(), 'RELU')!.attributes).toEqual([]);
  });
});

describe('addNode', () => {
  it('adds a catalogue operator after its inputs, with typed attributes', () => {
    const { model, affected } = applyEdit(chain(), {
      kind: 'addNode',
      op: 'LeakyRelu',
      name: 'leaky',
      inputs: ['relu_out'],
      attributes: { alpha: 1 },
    });
    const at = model.graph.nodes.findIndex((n) => n.id === 'leaky');
    expect(model.graph.nodes[at - 1]!.id).toBe('relu');
    expect(model.graph.nodes[at]!.attributes).toEqual({ alpha: { type: 'float', value: 1 } });
    expect(model.graph.nodes[at]!.outputs).toEqual(['leaky_out']);
    expect(affected).toEqual({ nodes: ['leaky'], tensors: ['leaky_out'] });
    expect(errors(model)).toEqual([]);
  });

  it('inserts on an edge: the readers of the first input read the new output', () => {
    const { model } = applyEdit(chain(), {
      kind: 'addNode',
      op: 'Sigmoid',
      inputs: ['conv_out'],
      rewireConsumers: true,
    });
    expect(model.graph.nodes.find((n) => n.id === 'id1')!.inputs).toEqual(['Sigmoid_out']);
    expect(model.graph.nodes.map((n) => n.id).slice(0, 3)).toEqual(['conv', 'Sigmoid', 'id1']);
    expect(errors(model)).toEqual([]);
  });

  it('refuses what the catalogue rules out, saying why', () => {
    const cases: [EditOp, RegExp][] = [
      [{ kind: 'addNode', op: 'Frobnicate', inputs: ['x'] }, /"Frobnicate" is not in the ONNX operator catalogue/],
      [{ kind: 'addNode', op: 'HardSwish', inputs: ['x'] }, /HardSwish needs opset 14; this model imports opset 13/],
      [{ kind: 'addNode', op: 'Add', inputs: ['x'] }, /Add takes 2 inputs, not 1/],
      [{ kind: 'addNode', op: 'Concat', inputs: ['x', 'x'] }, /Concat needs the attribute "axis"/],
      [{ kind: 'addNode', op: 'Relu', inputs: ['x'], attributes: { alpha: 1 } }, /Relu has no attribute "alpha"/],
      [
        { kind: 'addNode', op: 'Conv', inputs: ['x', 'w'], attributes: { auto_pad: 'SAME' } },
        /auto_pad.*one of NOTSET, SAME_UPPER/,
      ],
      [{ kind: 'addNode', op: 'Relu', inputs: ['ghost'] }, /no tensor "ghost"/],
      [{ kind: 'addNode', op: 'Relu', name: 'conv', inputs: ['x'] }, /"conv" is already used/],
    ];
    for (const [op, message] of cases) expect(refusal(chain(), op).message).toMatch(message);
  });

  it('fills every TFLite option with its default and types the output after its input', () => {
    const m = deepFreeze(tfliteSmall());
    const { model } = applyEdit(m, {
      kind: 'addNode',
      op: 'MAX_POOL_2D',
      inputs: ['relu_out'],
      attributes: { filter_width: 2, filter_height: 2, stride_w: 1, stride_h: 1 },
      outputTypes: [{ dtype: 'float32', shape: [1, 3, 3, 2] }],
    });
    const node = model.graph.nodes.find((n) => n.op === 'MAX_POOL_2D')!;
    expect(node.name).toBe('');
    expect(node.attributes['padding']).toEqual({ type: 'string', value: 'SAME' });
    expect(node.attributes['fused_activation_function']).toEqual({ type: 'string', value: 'NONE' });
    expect(model.graph.tensors.at(-1)).toEqual({
      id: 'MAX_POOL_2D_out',
      name: 'MAX_POOL_2D_out',
      dtype: 'float32',
      shape: [1, 3, 3, 2],
    });
    const untyped = applyEdit(m, { kind: 'addNode', op: 'MEAN', inputs: ['relu_out', 'shape'] }).model;
    expect(errors(untyped)).toMatchObject([{ code: 'untyped-tensor', tensorId: 'MEAN_out' }]);
  });

  it('adds no nodes to TF.js layers models', () => {
    const layers: Model = { ...onnxBranches(), format: 'tfjs', opsets: [], extras: { tfjs: { kind: 'layers-model' } } };
    expect(refusal(layers, { kind: 'addNode', op: 'Relu', inputs: ['a'] }).message).toMatch(
      /TF.js graph models only; a layers model/,
    );
  });
});

describe('setAttribute', () => {
  it('types plain values by the catalogue, and removes with null', () => {
    let model = applyEdit(chain(), { kind: 'setAttribute', node: 'fc', name: 'alpha', value: 2 }).model;
    expect(model.graph.nodes.find((n) => n.id === 'fc')!.attributes['alpha']).toEqual({ type: 'float', value: 2 });
    model = applyEdit(model, { kind: 'setAttribute', node: 'conv', name: 'auto_pad', value: 'SAME_UPPER' }).model;
    model = applyEdit(model, { kind: 'setAttribute', node: 'conv', name: 'pads', value: null }).model;
    const conv = model.graph.nodes[0]!.attributes;
    expect(conv['auto_pad']).toEqual({ type: 'string', value: 'SAME_UPPER' });
    expect(conv['pads']).toBeUndefined();
    expect(errors(model)).toEqual([]);
  });

  it('stores a dtype as its ONNX code', () => {
    const { model } = applyEdit(chain(), {
      kind: 'addNode',
      op: 'Cast',
      name: 'cast',
      inputs: ['x'],
      attributes: { to: 'float16' },
    });
    expect(model.graph.nodes.find((n) => n.id === 'cast')!.attributes['to']).toEqual({ type: 'int', value: 10 });
  });

  it('refuses unknown attributes, wrong types, values outside an enum and removing a required one', () => {
    expect(refusal(chain(), { kind: 'setAttribute', node: 'conv', name: 'color', value: 1 }).message).toMatch(
      /Conv "conv" has no attribute "color" \(its attributes: auto_pad, dilations, group/,
    );
    expect(refusal(chain(), { kind: 'setAttribute', node: 'conv', name: 'group', value: 1.5 }).message).toBe(
      'Conv "conv": attribute "group" must be a whole number, not 1.5',
    );
    expect(refusal(chain(), { kind: 'setAttribute', node: 'fc', name: 'transB', value: 2 }).message).toMatch(/0 or 1/);
    const m = applyEdit(chain(), {
      kind: 'addNode',
      op: 'Concat',
      name: 'cat',
      inputs: ['x'],
      attributes: { axis: 0 },
    }).model;
    expect(refusal(m, { kind: 'setAttribute', node: 'cat', name: 'axis', value: null }).message).toMatch(/is required/);
    const t = tfliteSmall();
    expect(refusal(t, { kind: 'setAttribute', node: 'CONV_2D_0', name: 'padding', value: 'FULL' }).message).toMatch(
      /one of SAME, VALID/,
    );
  });
});
