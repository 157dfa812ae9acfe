// A tiny protobuf writer for CLI test fixtures: just enough of onnx.proto to make small models and
// deliberately broken ones, so the CLI tests do not depend on the ONNX writer or on the corpus.
// Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).

type Field = Uint8Array;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function intField(field: number, value: number): Field {
  return new Uint8Array([...varint(field << 3), ...varint(value)]);
}

/** A length-delimited field; `claimedLength` lets a fixture lie about its length. */
function bytesField(field: number, body: Uint8Array, claimedLength = body.byteLength): Field {
  return concat([new Uint8Array([...varint((field << 3) | 2), ...varint(claimedLength)]), body]);
}

function stringField(field: number, text: string): Field {
  return bytesField(field, new TextEncoder().encode(text));
}

function message(...fields: Field[]): Uint8Array {
  return concat(fields);
}

// ValueInfoProto{name, type: TypeProto{tensor_type{elem_type FLOAT=1, shape{dim{dim_value}}}}}
function valueInfo(name: string, dims: readonly number[]): Field {
  const shape = message(...dims.map((d) => bytesField(1, intField(1, d))));
  const tensorType = message(intField(1, 1), bytesField(2, shape));
  return message(stringField(1, name), bytesField(2, bytesField(1, tensorType)));
}

function node(op: string, inputs: readonly string[], outputs: readonly string[], name: string): Field {
  return message(
    ...inputs.map((i) => stringField(1, i)),
    ...outputs.map((o) => stringField(2, o)),
    stringField(3, name),
    stringField(4, op),
  );
}

/** TensorProto{dims, data_type FLOAT, name, raw_data}, with an optional false raw_data length. */
function initializer(name: string, dims: readonly number[], values: Float32Array, claimedLength?: number): Field {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return message(
    ...dims.map((d) => intField(1, d)),
    intField(2, 1),
    stringField(8, name),
    bytesField(9, raw, claimedLength),
  );
}

function model(graph: Uint8Array, graphClaimedLength?: number): Uint8Array {
  const opset = message(stringField(1, ''), intField(2, 13));
  return message(
    intField(1, 8),
    stringField(2, 'scaledown-test'),
    bytesField(8, opset),
    bytesField(7, graph, graphClaimedLength),
  );
}

/** x[1,4] → MatMul(W[4,3]) → Relu → y[1,3]: 12 params, 12 MACs. */
export function tinyMatMulModel(): Uint8Array {
  const w = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const graph = message(
    bytesField(1, node('MatMul', ['x', 'W'], ['h'], 'mm')),
    bytesField(1, node('Relu', ['h'], ['y'], 'relu')),
    stringField(2, 'tiny'),
    bytesField(5, initializer('W', [4, 3], w)),
    bytesField(11, valueInfo('x', [1, 4])),
    bytesField(12, valueInfo('y', [1, 3])),
    bytesField(13, valueInfo('h', [1, 3])),
  );
  return model(graph);
}

/**
 * The tiny model with W kept in an external file (`location`, offset 0, 48 bytes), and those bytes.
 * TensorProto.external_data = 13 (key/value entries), data_location = 14 (EXTERNAL = 1).
 */
export function externalDataModel(location: string): { model: Uint8Array; data: Uint8Array } {
  const w = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const entry = (key: string, value: string): Field =>
    bytesField(13, message(stringField(1, key), stringField(2, value)));
  const tensor = message(
    intField(1, 4),
    intField(1, 3),
    intField(2, 1),
    stringField(8, 'W'),
    entry('location', location),
    entry('offset', '0'),
    entry('length', String(w.byteLength)),
    intField(14, 1),
  );
  const graph = message(
    bytesField(1, node('MatMul', ['x', 'W'], ['y'], 'mm')),
    stringField(2, 'external'),
    bytesField(5, tensor),
    bytesField(11, valueInfo('x', [1, 4])),
    bytesField(12, valueInfo('y', [1, 3])),
  );
  return { model: model(graph), data: new Uint8Array(w.buffer) };
}

/**
 * The same model with the initializer last and its raw_data claiming a megabyte: every enclosing
 * length agrees with the claim, so the file simply ends where the claimed bytes should continue.
 */
export function rawDataPastEndModel(): Uint8Array {
  const claimed = 1_000_000;
  const w = new Float32Array(12);
  const head = message(
    bytesField(1, node('MatMul', ['x', 'W'], ['y'], 'mm')),
    bytesField(11, valueInfo('x', [1, 4])),
    bytesField(12, valueInfo('y', [1, 3])),
  );
  const init = initializer('W', [4, 3], w, claimed);
  const initClaimed = init.byteLength - w.byteLength + claimed;
  const initField = bytesField(5, init, initClaimed);
  const graph = concat([head, initField]);
  const graphClaimed = graph.byteLength - w.byteLength + claimed;
  return model(graph, graphClaimed);
}
