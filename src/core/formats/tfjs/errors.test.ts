// Bad input gets a ModelFormatError with a stable code and a message that starts with the file name and
// says what is wrong in plain words — never a raw SyntaxError or RangeError.
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../errors';
import type { JsonValue, ModelFile } from '../../ir/types';
import { detectFormat } from '../registry';
import { diffIR } from '../../ir/equal';
import { matchTfjs, readTfjs, writeTfjs } from './index';

const text = (json: JsonValue | string): Uint8Array =>
  new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json));

function graphModel(weights: JsonValue[], paths: string[] = ['group1-shard1of1.bin'], nodes?: JsonValue[]): JsonValue {
  return {
    format: 'graph-model',
    modelTopology: {
      node: nodes ?? [
        {
          name: 'x',
          op: 'Placeholder',
          attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } },
        },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT' } } } },
        { name: 'y', op: 'MatMul', input: ['x', 'w'], attr: {} },
      ],
    },
    weightsManifest: [{ paths, weights }],
  };
}

const W = { name: 'w', shape: [2, 3], dtype: 'float32' };

function readError(files: ModelFile[]): ModelFormatError {
  try {
    readTfjs(files);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    const e = error as ModelFormatError;
    expect(e.message.startsWith(`${files[0]!.name}: `)).toBe(true);
    return e;
  }
  throw new Error(`${files[0]!.name} was read without an error`);
}

describe('TF.js read errors', () => {
  it('reads the well-formed model these cases damage', () => {
    const model = readTfjs([
      { name: 'model.json', bytes: text(graphModel([W])) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(24) },
    ]);
    expect(model.graph.nodes.map((n) => n.op)).toEqual(['Placeholder', 'Const', 'MatMul']);
  });

  it('reports an empty file', () => {
    expect(readError([{ name: 'model.json', bytes: new Uint8Array(0) }]).code).toBe('empty-file');
  });

  it('reports text that is not JSON', () => {
    const e = readError([{ name: 'model.json', bytes: text('{"modelTopology": {') }]);
    expect(e.code).toBe('malformed');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('reports bytes that are not text', () => {
    expect(readError([{ name: 'model.json', bytes: new Uint8Array([0x7b, 0xff, 0xfe]) }]).message).toMatch(/not UTF-8/);
  });

  it.each<[string, JsonValue]>([
    ['a list', [1, 2]],
    ['an object without modelTopology', { weightsManifest: [] }],
    ['a topology that is neither graph nor Keras model', { modelTopology: { something: 1 } }],
  ])('reports JSON that is not a TF.js model (%s)', (_name, json) => {
    const e = readError([{ name: 'model.json', bytes: text(json) }]);
    expect(e.code).toBe('malformed');
    expect(e.message).toMatch(/not a TF\.js model/);
  });

  it('names a missing shard file', () => {
    const json = graphModel([W], ['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    const e = readError([
      { name: 'model.json', bytes: text(json) },
      { name: 'group1-shard1of2.bin', bytes: new Uint8Array(12) },
    ]);
    expect(e.code).toBe('missing-file');
    expect(e.subject).toBe('group1-shard2of2.bin');
    expect(e.message).toBe(
      'model.json: its weights are in group1-shard2of2.bin, which was not given; drop that file together with model.json',
    );
  });

  it('says how many bytes shards hold and how many the manifest needs', () => {
    const short = readError([
      { name: 'model.json', bytes: text(graphModel([W])) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(20) },
    ]);
    expect(short.code).toBe('truncated');
    expect(short.message).toMatch(/hold 20 bytes, but the weights manifest describes 24 bytes/);
    const long = readError([
      { name: 'model.json', bytes: text(graphModel([W])) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(28) },
    ]);
    expect(long.code).toBe('malformed');
    expect(long.message).toMatch(/hold 28 bytes, but the weights manifest describes 24 bytes/);
  });

  it('reports a dtype TF.js does not define', () => {
    const e = readError([
      { name: 'model.json', bytes: text(graphModel([{ ...W, dtype: 'float64' }])) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(48) },
    ]);
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/weight "w" has dtype "float64"/);
    const q = readError([
      { name: 'model.json', bytes: text(graphModel([{ ...W, quantization: { dtype: 'int4', scale: 1, min: 0 } }])) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(3) },
    ]);
    expect(q.message).toMatch(/quantized to "int4"/);
  });

  it('reports a constant of the graph that the manifest lacks', () => {
    const e = readError([{ name: 'model.json', bytes: text(graphModel([])) }]);
    expect(e.message).toMatch(/constant "w" is not in the weights manifest/);
  });

  it('reports a layer weight that the manifest lacks', () => {
    const json = {
      format: 'layers-model',
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 's',
          layers: [
            { class_name: 'Dense', config: { name: 'd', units: 3, use_bias: true, batch_input_shape: [null, 2] } },
          ],
        },
      },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: [2, 3], dtype: 'float32' }] }],
    };
    const e = readError([
      { name: 'model.json', bytes: text(json) },
      { name: 'w.bin', bytes: new Uint8Array(24) },
    ]);
    expect(e.message).toBe(
      'model.json: layer "d" (Dense) needs a "bias" weight, which the weights manifest does not list',
    );
  });

  it('reports an input that names no node', () => {
    const nodes = [{ name: 'y', op: 'Relu', input: ['nowhere:1'] }];
    const e = readError([{ name: 'model.json', bytes: text(graphModel([], [], nodes)) }]);
    expect(e.message).toMatch(/node "y" refers to "nowhere", which is not a node of the graph/);
  });

  it('answers damaged JSON with a model or a ModelFormatError, nothing else', () => {
    const good = JSON.stringify(graphModel([W]));
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const pieces = ['{', '}', '[', ']', '"', ':', ',', '1', '-1', 'null', 'true', '"x"', '{}', '[]'];
    for (let round = 0; round < 400; round++) {
      const at = random(good.length);
      const cut = good.slice(0, at) + pieces[random(pieces.length)]! + good.slice(at + random(8));
      try {
        readTfjs([
          { name: 'm.json', bytes: text(cut) },
          { name: 'group1-shard1of1.bin', bytes: new Uint8Array(24) },
        ]);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFormatError);
        expect((error as Error).message.startsWith('m.json: ')).toBe(true);
      }
    }
  });
});

describe('TF.js structural damage', () => {
  const layers = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          {
            class_name: 'InputLayer',
            config: { name: 'a', batch_input_shape: [null, 2], dtype: 'float32' },
            name: 'a',
            inbound_nodes: [],
          },
          {
            class_name: 'Dense',
            config: { name: 'd', units: 3, use_bias: false },
            name: 'd',
            inbound_nodes: [[['a', 0, 0, {}]]],
          },
        ],
        input_layers: [['a', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
    },
    weightsManifest: [
      { paths: ['group1-shard1of1.bin'], weights: [{ name: 'd/kernel', shape: [2, 3], dtype: 'float32' }] },
    ],
  };

  /** Every path to a value inside `json`. */
  function paths(json: unknown, at: (string | number)[] = []): (string | number)[][] {
    const here = [at];
    if (Array.isArray(json)) return here.concat(...json.map((v, i) => paths(v, [...at, i])));
    if (typeof json === 'object' && json !== null)
      return here.concat(...Object.entries(json).map(([k, v]) => paths(v, [...at, k])));
    return here;
  }

  function replaced(json: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const [head, ...rest] = path;
    const copy = (Array.isArray(json) ? [...json] : { ...(json as object) }) as Record<string | number, unknown>;
    copy[head!] = replaced(copy[head!], rest, value);
    return copy;
  }

  it.each([
    ['a graph model', graphModel([W])],
    ['a layers model', layers],
  ])('%s with any value replaced either fails with a ModelFormatError or round-trips', (_name, json) => {
    const values: unknown[] = [null, true, -1, 0, 2.5, 'x', 'DT_FLOAT', '^x', 'x:7', [], {}, [null], [[]], { i: '1' }];
    let seed = 3;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const all = paths(json);
    for (let round = 0; round < 600; round++) {
      const damaged = replaced(json, all[random(all.length)]!, values[random(values.length)]);
      const files = [
        { name: 'm.json', bytes: text(damaged as JsonValue) },
        { name: 'group1-shard1of1.bin', bytes: new Uint8Array(24) },
      ];
      let model: ReturnType<typeof readTfjs>;
      try {
        model = readTfjs(files);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFormatError);
        expect((error as Error).message.startsWith('m.json: ')).toBe(true);
        continue;
      }
      // What reads writes, and reads back the same.
      expect(diffIR(model, readTfjs(writeTfjs(model)))).toBeUndefined();
    }
  });
});

describe('TF.js matching', () => {
  it('claims a model.json by its keys, whatever its name', () => {
    expect(matchTfjs({ name: 'anything.txt', bytes: text(graphModel([W])) })).toBe(true);
    expect(matchTfjs({ name: 'model.json', bytes: text('\ufeff  {"weightsManifest": []}') })).toBe(true);
  });

  it.each<[string, Uint8Array]>([
    ['other JSON', text({ name: 'package', version: '1.0.0' })],
    ['a JSON list naming the key', text(['modelTopology'])],
    ['float weights', new Uint8Array(new Float32Array([0.1, -2, 3.5, 7]).buffer)],
    ['an empty file', new Uint8Array(0)],
  ])('does not claim %s', (_name, bytes) => {
    expect(matchTfjs({ name: 'model.json', bytes })).toBe(false);
  });

  it('is found among dropped files whatever their order', () => {
    const files = [
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(24) },
      { name: 'model.json', bytes: text(graphModel([W])) },
    ];
    const { format, main, companions } = detectFormat(files);
    expect(format.id).toBe('tfjs');
    expect(main.name).toBe('model.json');
    expect(companions.map((c) => c.name)).toEqual(['group1-shard1of1.bin']);
  });
});
