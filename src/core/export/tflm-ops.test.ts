import { basename } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../ir/builder';
import { readTflite } from '../formats/tflite/index';
import { BuiltinOperator } from '../formats/tflite/schema';
import { controlFlowModel } from '../formats/tflite/test-models';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../test-support/corpus';
import { TFLM_BUILTIN_METHODS, tflmResolver } from './index';

/**
 * The operators a model's operators run, read straight from the flatbuffer, independently of the studio's
 * reader. TFLite schema: Model field 1 operator_codes, field 2 subgraphs; SubGraph field 3 operators;
 * Operator field 0 opcode_index; OperatorCode fields 0 deprecated_builtin_code (int8), 1 custom_code,
 * 3 builtin_code (int32), the code being the larger of the two. Codes no operator uses are listed apart.
 */
function opcodeTable(bytes: Uint8Array): { used: string[]; unused: string[] } {
  const bb = new ByteBuffer(bytes);
  const model = bb.readInt32(0);
  const field = (table: number, index: number): number => bb.__offset(table, 4 + 2 * index);
  const tables = (table: number, index: number): number[] => {
    const at = field(table, index);
    if (!at) return [];
    const vector = bb.__vector(table + at);
    return Array.from({ length: bb.__vector_len(table + at) }, (_, i) => bb.__indirect(vector + i * 4));
  };
  const names = tables(model, 1).map((code) => {
    const deprecated = field(code, 0) ? bb.readInt8(code + field(code, 0)) : 0;
    const current = field(code, 3) ? bb.readInt32(code + field(code, 3)) : 0;
    const name = BuiltinOperator.names[Math.max(deprecated, current)]!;
    return name === 'CUSTOM' ? `custom:${bb.__string(code + field(code, 1)) as string}` : name;
  });
  const usedIndices = new Set(
    tables(model, 2).flatMap((graph) =>
      tables(graph, 3).map((op) => (field(op, 0) ? bb.readUint32(op + field(op, 0)) : 0)),
    ),
  );
  const used = [...new Set([...usedIndices].map((i) => names[i]!))];
  return { used, unused: names.filter((n) => !used.includes(n)) };
}

const methodsOf = (lines: readonly string[]) =>
  lines.filter((l) => l.startsWith('resolver.')).map((l) => l.slice('resolver.'.length, -'();'.length));

describe.skipIf(!hasCorpus())('resolver lines of the corpus TFLite models', () => {
  const files = listFiles(corpusPath('models/tflite'), ['.tflite']);

  it('register exactly the operators their operators use from the opcode table', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    let unusedCodes = 0;
    for (const path of files) {
      const bytes = readBytes(path);
      const table = opcodeTable(bytes);
      const resolver = tflmResolver(readTflite([{ name: basename(path), bytes }]));
      const expected = table.used.map((op) => TFLM_BUILTIN_METHODS[op]);
      expect(expected, basename(path)).not.toContain(undefined);
      expect(methodsOf(resolver.lines).sort(), basename(path)).toEqual((expected as string[]).sort());
      expect(resolver.count, basename(path)).toBe(expected.length);
      expect(resolver.lines[0]).toBe(`static tflite::MicroMutableOpResolver<${expected.length}> resolver;`);
      unusedCodes += table.unused.length;
    }
    // mlperf_ic_resnet8_int8.tflite lists QUANTIZE and DEQUANTIZE codes no operator runs: not registered.
    expect(unusedCodes).toBeGreaterThan(0);
  });

  it.each([
    [
      'tflm_test_conv_model.tflite',
      ['AddConv2D', 'AddDequantize', 'AddFullyConnected', 'AddMaxPool2D', 'AddQuantize', 'AddReshape'],
    ],
    [
      'mlperf_ic_resnet8_int8.tflite',
      ['AddAdd', 'AddAveragePool2D', 'AddConv2D', 'AddFullyConnected', 'AddReshape', 'AddSoftmax'],
    ],
    ['tflm_micro_speech_int8.tflite', ['AddDepthwiseConv2D', 'AddFullyConnected', 'AddReshape', 'AddSoftmax']],
    ['tflm_hello_world_int8.tflite', ['AddFullyConnected']],
  ])('%s uses the TFLM methods its MANIFEST ops name', (file, methods) => {
    const bytes = readBytes(corpusPath(`models/tflite/${file}`));
    expect(methodsOf(tflmResolver(readTflite([{ name: file, bytes }])).lines)).toEqual(methods);
  });
});

describe('tflmResolver', () => {
  it('says so for operators TFLM has no kernel for, without counting them', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [1, 4]);
    const y = b.op('RELU', [x]);
    const z = b.op('LSH_PROJECTION', [y]);
    const w = b.op('MyCustomOp', [z]);
    const v = b.op('TFLite_Detection_PostProcess', [w], { unused: attr.int(0) });
    b.output(v);
    const resolver = tflmResolver(b.model({ format: 'tflite' }));
    expect(resolver.count).toBe(2);
    expect(resolver.lines).toEqual([
      'static tflite::MicroMutableOpResolver<2> resolver;',
      'resolver.AddDetectionPostprocess();',
      'resolver.AddRelu();',
      '// LSH_PROJECTION: TFLM has no kernel for this operator; the model cannot run on TFLM as it is',
      '// custom op "MyCustomOp": TFLM has no kernel for it; register yours with resolver.AddCustom("MyCustomOp", ...)',
    ]);
  });

  it('counts the operators of every subgraph once', () => {
    const model = controlFlowModel();
    const ops = new Set([model.graph, ...(model.subgraphs ?? [])].flatMap((g) => g.nodes.map((n) => n.op)));
    const resolver = tflmResolver(model);
    expect(resolver.count).toBe(ops.size);
    expect(methodsOf(resolver.lines)).toContain('AddWhile');
    expect(methodsOf(resolver.lines)).toContain('AddIf');
  });
});
