import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../ir/builder';
import { diffIR } from '../../ir/equal';
import { bytesOf } from '../../ir/tensor';
import type { Attribute, Graph, Model } from '../../ir/types';
import { onnxFormat, readOnnx, writeOnnx } from './index';

function roundTrip(model: Model): Model {
  const files = writeOnnx(model);
  expect(files).toHaveLength(1);
  return readOnnx(files);
}

function convModel(): Model {
  const b = new GraphBuilder('conv-net');
  const x = b.input('x', 'float32', ['N', 3, 8, null]);
  const w = b.constant(
    'w',
    new Float32Array(4 * 3 * 3 * 3).map((_, i) => i / 7),
    [4, 3, 3, 3],
  );
  const bias = b.constant('b', new Float32Array([1, 2, 3, 4]), [4]);
  const y = b.op('Conv', [x, w, bias], { pads: [1, 1, 1, 1], group: 1 }, { name: 'conv1' });
  const z = b.op('Relu', [y], {}, { name: 'relu', dtype: 'float32', shape: ['N', 4, 8, null] });
  b.output(z);
  return b.model({ opset: 17, metadata: [{ key: 'author', value: 'tests' }] });
}

describe('ONNX round trip of builder-made models', () => {
  it('reads back exactly what the builder made', () => {
    const model = convModel();
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('keeps symbolic dims as strings and unknown dims as null', () => {
    const back = roundTrip(convModel());
    expect(back.graph.tensors.find((t) => t.id === 'x')?.shape).toEqual(['N', 3, 8, null]);
  });

  it('declares every node output, typed or not', () => {
    const back = roundTrip(convModel());
    const conv = back.graph.tensors.find((t) => t.id === 'conv1_out');
    expect(conv).toEqual({ id: 'conv1_out', name: 'conv1_out', dtype: 'undefined' });
  });

  it('is reachable through the format object with the same result', () => {
    const model = convModel();
    const files = onnxFormat.write(model);
    expect(files[0]?.name).toBe('conv-net.onnx');
    expect(onnxFormat.match(files[0]!)).toBe(true);
    expect(diffIR(model, onnxFormat.read(files))).toBeUndefined();
  });

  it('keeps model fields: producer, versions, domain, doc strings and metadata', () => {
    const base = convModel();
    const model: Model = {
      ...base,
      producer: { name: 'p', version: '1.2' },
      irVersion: 9,
      domain: 'ai.example',
      modelVersion: 3,
      docString: 'model doc',
      opsets: [
        { domain: '', version: 17 },
        { domain: 'com.microsoft', version: 1 },
      ],
      graph: { ...base.graph, docString: 'graph doc' },
    };
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('names nodes without a unique name by op and position', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [1]);
    const [a] = b.node('Relu', [x], {}, { name: '' });
    const [c] = b.node('Relu', [a!], {}, { name: 'same', outputs: ['c'] });
    const [d] = b.node('Relu', [c!], {}, { name: 'same', outputs: ['d'] });
    b.output(d!);
    const back = roundTrip(b.model());
    expect(back.graph.nodes.map((n) => [n.id, n.name])).toEqual([
      ['Relu_0', ''],
      ['Relu_1', 'same'],
      ['Relu_2', 'same'],
    ]);
  });

  it('writes initializers that are also graph inputs (old IR versions) both ways', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [2]);
    const w = b.input('w', 'float32', [2]);
    b.constant('w', new Float32Array([3, 4]), [2]);
    b.output(b.op('Mul', [x, w]));
    const model = b.model();
    const back = roundTrip(model);
    expect(back.graph.inputs).toEqual(['x', 'w']);
    expect(back.graph.tensors.find((t) => t.id === 'w')?.data?.bytes).toEqual(bytesOf(new Float32Array([3, 4])));
    expect(diffIR(model, back)).toBeUndefined();
  });

  it('keeps non-tensor value types (sequence, map, optional, sparse)', () => {
    const base = new GraphBuilder('g');
    base.input('s', 'undefined', []);
    base.output(base.op('Identity', ['s'], {}, { outputs: ['t'] }));
    const graph = base.graph();
    const model: Model = {
      ...base.model(),
      graph: {
        ...graph,
        tensors: [
          {
            id: 's',
            name: 's',
            dtype: 'undefined',
            valueType: { kind: 'sequence', element: { kind: 'tensor', dtype: 'float32', shape: ['n', 2] } },
          },
          {
            id: 't',
            name: 't',
            dtype: 'undefined',
            valueType: {
              kind: 'optional',
              element: { kind: 'map', keyType: 'int64', value: { kind: 'sequence' } },
            },
          },
          {
            id: 'sp',
            name: 'sp',
            dtype: 'float32',
            shape: [10, 10],
            valueType: { kind: 'sparse', dtype: 'float32', shape: [10, 10] },
          },
        ],
      },
    };
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('keeps string constants', () => {
    const b = new GraphBuilder('g');
    const model = b.model();
    const enc = new TextEncoder();
    const strings = ['a', '', 'ünï'].map((s) => enc.encode(s));
    const withStrings: Model = {
      ...model,
      graph: {
        ...model.graph,
        tensors: [{ id: 'labels', name: 'labels', dtype: 'string', shape: [3], data: { strings } }],
        outputs: ['labels'],
      },
    };
    expect(diffIR(withStrings, roundTrip(withStrings))).toBeUndefined();
  });
});

function withAttribute(name: string, attribute: Attribute): Model {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1]);
  b.output(b.op('Custom', [x], { [name]: attribute }, { domain: 'test.domain', name: 'n' }));
  return b.model({ opsets: [{ domain: 'test.domain', version: 1 }] });
}

function readAttributeBack(model: Model, name: string): Attribute | undefined {
  return roundTrip(model).graph.nodes[0]?.attributes[name];
}

describe('ONNX attributes', () => {
  const subgraph = (): Graph => {
    const b = new GraphBuilder('body');
    const c = b.input('c', 'bool', []);
    b.output(b.op('Not', [c], {}, { outputs: ['nc'], dtype: 'bool', shape: [] }));
    return b.graph();
  };
  const tensor = {
    id: 'k',
    name: 'k',
    dtype: 'int64' as const,
    shape: [2],
    data: { bytes: bytesOf(new BigInt64Array([-1n, 2n ** 40n])) },
  };
  const cases: Array<[string, Attribute]> = [
    ['float', attr.float(0.5)],
    ['int', attr.int(-7)],
    ['string', attr.string('héllo')],
    ['bytes', { type: 'bytes', value: new Uint8Array([0xff, 0xfe, 0x00]) }],
    ['tensor', attr.tensor(tensor)],
    ['graph', attr.graph(subgraph())],
    ['floats', attr.floats([0.25, -1.5, 3])],
    ['ints', attr.ints([1, -2, 2 ** 40])],
    ['strings', attr.strings(['a', 'b', ''])],
    ['tensors', { type: 'tensors', value: [tensor, { ...tensor, id: 'k2', name: 'k2' }] }],
    ['graphs', { type: 'graphs', value: [subgraph(), subgraph()] }],
    ['emptyInts', attr.ints([])],
  ];
  it.each(cases)('round trips a %s attribute exactly', (name, attribute) => {
    expect(diffIR(attribute, readAttributeBack(withAttribute(name, attribute), name))).toBeUndefined();
  });

  it('stores floats as 32-bit, so a float attribute reads back as its float32 value', () => {
    const back = readAttributeBack(withAttribute('alpha', attr.float(0.1)), 'alpha');
    expect(back).toEqual({ type: 'float', value: Math.fround(0.1) });
    const list = readAttributeBack(withAttribute('scales', attr.floats([0.1, 1 / 3])), 'scales');
    expect(list).toEqual({ type: 'floats', value: [Math.fround(0.1), Math.fround(1 / 3)] });
  });

  it('clamps int attributes at the int64 range so INT64_MAX and INT64_MIN survive', () => {
    const ends = [2 ** 63, -(2 ** 63), 2 ** 64, -(2 ** 70)];
    const back = readAttributeBack(withAttribute('ends', attr.ints(ends)), 'ends');
    expect(back).toEqual({ type: 'ints', value: [2 ** 63, -(2 ** 63), 2 ** 63, -(2 ** 63)] });
  });

  it('reads a non-UTF-8 string attribute as bytes', () => {
    const back = readAttributeBack(withAttribute('s', { type: 'bytes', value: new Uint8Array([0xc3]) }), 's');
    expect(back?.type).toBe('bytes');
  });

  it('reads nested graphs recursively, with their own tensors', () => {
    const back = readAttributeBack(withAttribute('body', attr.graph(subgraph())), 'body');
    expect(back?.type).toBe('graph');
    if (back?.type !== 'graph') return;
    expect(back.value.inputs).toEqual(['c']);
    expect(back.value.tensors.map((t) => t.id).sort()).toEqual(['c', 'nc']);
  });
});
