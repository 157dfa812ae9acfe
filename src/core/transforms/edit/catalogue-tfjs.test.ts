// The TF.js graph-model catalogue: nodes added from it are written by the TF.js writer as complete NodeDefs
// (type attributes filled, bools as `b`) and read back the same; real TF.js files show no catalogue error.
import { describe, expect, it } from 'vitest';
import { readModel } from '../../formats/registry';
import { readTfjs, writeTfjs } from '../../formats/tfjs/index';
import type { Model, ModelFile } from '../../ir/types';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { applyEdit } from './apply';
import { operatorCatalogue, operatorSpec } from './catalogue';
import { validateModel } from './validate-model';

type Json = Record<string, unknown>;
const encode = (json: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(json));
const nodesOf = (file: ModelFile) =>
  (JSON.parse(new TextDecoder().decode(file.bytes)) as { modelTopology: { node: Json[] } }).modelTopology.node;
const shape = (...dims: number[]) => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } });
const CATALOGUE_CODES = new Set(['wrong-arity', 'bad-attribute', 'dtype-mismatch']);

function graphModel(): Model {
  const node = [
    { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: shape(-1, 8) } },
    { name: 'w', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: shape(8, 8) } },
    { name: 'axis', op: 'Placeholder', attr: { dtype: { type: 'DT_INT32' }, shape: shape() } },
    { name: 'sum', op: 'AddV2', input: ['x', 'x'], attr: { T: { type: 'DT_FLOAT' } } },
    { name: 'out', op: 'Identity', input: ['sum'], attr: { T: { type: 'DT_FLOAT' } } },
  ];
  return readTfjs([{ name: 'model.json', bytes: encode({ format: 'graph-model', modelTopology: { node } }) }]);
}

const catalogueErrors = (m: Model): string[] =>
  validateModel(m)
    .filter((p) => CATALOGUE_CODES.has(p.code))
    .map((p) => p.message);

describe('the TF.js graph-model catalogue', () => {
  it('lists TensorFlow ops with the registry attributes', () => {
    const m = graphModel();
    expect(operatorCatalogue(m).map((s) => s.op)).toContain('DepthwiseConv2dNative');
    const conv = operatorSpec(m, 'Conv2D')!;
    expect(conv.attributes.find((a) => a.name === 'padding')).toMatchObject({
      kind: 'enum',
      values: ['SAME', 'VALID', 'EXPLICIT'],
      required: true,
    });
    expect(conv.attributes.find((a) => a.name === 'dilations')?.default).toEqual([1, 1, 1, 1]);
    expect(operatorSpec(m, 'LeakyRelu')!.attributes.find((a) => a.name === 'alpha')?.default).toBe(0.2);
    expect(operatorSpec(m, 'Conv')).toBeUndefined();
  });

  it('adds a Relu that is written and read back with its attributes', () => {
    const m = graphModel();
    const { model } = applyEdit(m, { kind: 'addNode', op: 'Relu', inputs: ['sum'], rewireConsumers: true });
    const relu = model.graph.nodes.find((n) => n.op === 'Relu')!;
    expect(relu.outputs).toEqual([relu.id]);
    expect(relu.attributes).toEqual({ T: { type: 'string', value: 'DT_FLOAT' } });
    expect(catalogueErrors(model)).toEqual([]);
    const written = writeTfjs(model);
    const json = nodesOf(written[0]!).find((n) => n['op'] === 'Relu');
    expect(json).toEqual({ name: relu.id, op: 'Relu', input: ['sum'], attr: { T: { type: 'DT_FLOAT' } } });
    const back = readTfjs(written);
    expect(back.graph.nodes.find((n) => n.op === 'Relu')).toMatchObject({
      id: relu.id,
      inputs: ['sum'],
      outputs: [relu.id],
      attributes: relu.attributes,
    });
    expect(back.graph.nodes.find((n) => n.id === 'out')?.inputs).toEqual([relu.id]);
  });

  it('stores bools as AttrValue b and fills inferred type attributes', () => {
    let model = applyEdit(graphModel(), {
      kind: 'addNode',
      op: 'MatMul',
      name: 'mm',
      inputs: ['x', 'w'],
      attributes: { transpose_b: 1 },
    }).model;
    model = applyEdit(model, { kind: 'setAttribute', node: 'mm', name: 'transpose_a', value: 0 }).model;
    model = applyEdit(model, { kind: 'addNode', op: 'ConcatV2', name: 'cat', inputs: ['x', 'mm', 'axis'] }).model;
    expect(model.graph.nodes.find((n) => n.id === 'mm')!.attributes['transpose_b']).toEqual({
      type: 'json',
      value: true,
    });
    expect(catalogueErrors(model)).toEqual([]);
    const nodes = nodesOf(writeTfjs(model)[0]!);
    expect(nodes.find((n) => n['name'] === 'mm')!['attr']).toEqual({
      transpose_b: { b: true },
      transpose_a: { b: false },
      T: { type: 'DT_FLOAT' },
    });
    // ConcatV2's last input is the axis: N counts the values, Tidx follows the axis' type.
    expect(nodes.find((n) => n['name'] === 'cat')!['attr']).toEqual({
      N: { i: '2' },
      T: { type: 'DT_FLOAT' },
      Tidx: { type: 'DT_INT32' },
    });
  });

  it('refuses what the registry rules out', () => {
    const m = graphModel();
    const refused = (op: Parameters<typeof applyEdit>[1]): string => {
      try {
        applyEdit(m, op);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(
      refused({ kind: 'addNode', op: 'Conv2D', inputs: ['x', 'w'], attributes: { strides: [1, 1, 1, 1] } }),
    ).toMatch(/needs the attribute "padding"/);
    expect(
      refused({
        kind: 'addNode',
        op: 'Conv2D',
        inputs: ['x', 'w'],
        attributes: { strides: [1, 1, 1, 1], padding: 'FULL' },
      }),
    ).toMatch(/one of SAME, VALID, EXPLICIT/);
    expect(refused({ kind: 'addNode', op: 'Relu', inputs: ['x', 'w'] })).toMatch(/takes 1 inputs/);
  });
});

describe.skipIf(!hasCorpus())('the TF.js corpus graph models', () => {
  it('show no catalogue problem, and take an added Relu through write and read', () => {
    const files = listFiles(corpusPath('models/tfjs'), ['.json']);
    let checked = 0;
    let graphs = 0;
    const problems: string[] = [];
    for (const path of files) {
      const dir = path.slice(0, path.lastIndexOf('/'));
      const shards = listFiles(dir, ['.bin']).map((p) => ({ name: p.slice(dir.length + 1), bytes: readBytes(p) }));
      const model = readModel([{ name: 'model.json', bytes: readBytes(path) }, ...shards]);
      checked += model.graph.nodes.filter((n) => operatorSpec(model, n.op, n.domain)).length;
      problems.push(...catalogueErrors(model).map((p) => `${path}: ${p}`));
      if (operatorCatalogue(model).length === 0) continue;
      graphs++;
      const softmax = model.graph.nodes.find((n) => n.op === 'Softmax')!;
      const source = softmax.inputs[0]!;
      const { model: edited } = applyEdit(model, {
        kind: 'addNode',
        op: 'Relu',
        name: 'added_relu',
        inputs: [source],
        rewireConsumers: true,
      });
      problems.push(...catalogueErrors(edited).map((p) => `${path} + Relu: ${p}`));
      const back = readModel(writeTfjs(edited));
      expect(back.graph.nodes.find((n) => n.id === 'added_relu')).toMatchObject({
        op: 'Relu',
        inputs: [source],
        attributes: { T: { type: 'string', value: 'DT_FLOAT' } },
      });
      expect(back.graph.nodes.find((n) => n.op === 'Softmax')?.inputs).toEqual(['added_relu']);
    }
    console.log(`[edit] TF.js corpus: ${graphs} graph models, ${checked} nodes checked against the catalogue`);
    expect(graphs).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });
});
