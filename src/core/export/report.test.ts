import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../analysis/analyze';
import { TransformError } from '../errors';
import { readOnnx } from '../formats/onnx/index';
import { writeTflite } from '../formats/tflite/index';
import { tinyConvModel } from '../formats/tflite/test-models';
import { GraphBuilder } from '../ir/builder';
import { writeOnnx } from '../formats/onnx/index';
import { corpusPath, hasCorpus, readBytes } from '../../test-support/corpus';
import { readTflite } from '../formats/tflite/index';
import {
  arenaReserve,
  bundleZip,
  cArrayFiles,
  exampleFiles,
  exportBundle,
  flashBytes,
  reportFiles,
  reportJson,
  type ExportSubject,
} from './index';

function tfliteSubject(): ExportSubject {
  const model = tinyConvModel();
  const bytes = writeTflite(model)[0]!.bytes;
  return {
    fileName: 'tiny|conv <b>.tflite',
    bytes,
    model,
    analysis: analyzeModel(model),
    generator: 'ScaleDown Studio tests',
    lineage: [{ kind: 'quantize', summary: 'int8 | per channel' }],
    accuracy: { data: 'digits', samples: 200, top1: 0.955 },
  };
}

function onnxSubject(): ExportSubject {
  const b = new GraphBuilder('mlp');
  const x = b.input('x', 'float32', [1, 4]);
  b.output(b.op('MatMul', [x, b.constant('w', new Float32Array(8), [4, 2])]));
  const bytes = writeOnnx(b.model())[0]!.bytes;
  const model = readOnnx([{ name: 'mlp.onnx', bytes }]);
  return { fileName: 'mlp.onnx', bytes, model, analysis: analyzeModel(model) };
}

describe('reportJson', () => {
  it('gives the arena and flash figures the header gets for the same options', () => {
    const subject = tfliteSubject();
    const options = { arenaMarginPercent: 50, alignment: 64 };
    const json = reportJson(subject, options);
    expect(json.memory.arenaReserve).toEqual(arenaReserve(subject, options));
    expect(json.memory.flashBytes).toBe(flashBytes(subject, options));
    expect(json.memory.arenaReserve).not.toEqual(arenaReserve(subject));
  });

  it("holds the analysis's own figures", () => {
    const subject = tfliteSubject();
    const a = subject.analysis;
    const json = reportJson(subject);
    expect(json.summary).toMatchObject({
      format: 'tflite',
      nodeCount: a.nodeCount,
      ops: a.opsHistogram,
      params: a.params,
      weightBytes: a.weightBytes,
      macs: a.macs,
      peakActivationBytes: a.peakActivationBytes,
      arenaBytes: a.arenaBytes,
    });
    expect(json.memory.arenaReserve).toEqual(arenaReserve(subject));
    expect(json.memory.flashBytes).toBe(flashBytes(subject));
    expect(json.layers).toHaveLength(a.layers.length);
    expect(json.layers.map((l) => l.macs)).toEqual(a.layers.map((l) => l.macs));
    expect(json.summary.outputs[0]).toEqual({
      name: 'probs',
      dtype: 'int8',
      shape: [1, 10],
      quantization: { scale: [1 / 256], zeroPoint: [-128] },
    });
    expect(json.recipe).toEqual(subject.lineage);
    expect(json.accuracy).toEqual(subject.accuracy);
    expect(json.tflm?.resolver.count).toBe(5);
    expect(json.model.crc32).toMatch(/^0x[0-9a-f]{8}$/);
  });

  it.skipIf(!hasCorpus())('matches the MANIFEST figures of a corpus model', () => {
    const name = 'tflm_test_conv_model.tflite';
    const bytes = readBytes(corpusPath(`models/tflite/${name}`));
    const model = readTflite([{ name, bytes }]);
    const json = reportJson({ fileName: name, bytes, model, analysis: analyzeModel(model) });
    expect(json.summary).toMatchObject({ params: 16332, weightBytes: 16512, macs: 703296, arenaBytes: 7744 });
    expect(json.model.crc32).toBe('0xddd14445');
  });
});

describe('reportFiles', () => {
  it('writes report.md with escaped names, the recipe, accuracy, plan and every layer', () => {
    const subject = tfliteSubject();
    const [md, json] = reportFiles(subject);
    expect([md!.name, json!.name]).toEqual(['report.md', 'report.json']);
    const text = md!.text;
    expect(text).toContain('# tiny\\|conv &lt;b&gt;.tflite');
    expect(text).toContain('1. quantize: int8 \\| per channel');
    expect(text).toContain('top-1 95.50 % on digits (200 samples)');
    expect(text).toContain(`| arena, planned (bytes) | ${subject.analysis.arenaBytes.toLocaleString('en-US')} |`);
    expect(text).toContain('resolver.AddConv2D();');
    const layerRows = text
      .split('## Layers')[1]!
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l));
    expect(layerRows).toHaveLength(subject.analysis.layers.length);
    expect(JSON.parse(json!.text)).toEqual(JSON.parse(JSON.stringify(reportJson(subject))));
  });

  it('says when accuracy was not measured and gives no TFLM section for ONNX', () => {
    const [md] = reportFiles(onnxSubject());
    expect(md!.text).toContain('## Accuracy\n\nnot measured');
    expect(md!.text).not.toContain('TensorFlow Lite Micro');
    expect(reportJson(onnxSubject()).tflm).toBeNull();
  });
});

describe('exampleFiles', () => {
  it('quantizes int8 inputs and dequantizes int8 outputs where the model needs it', () => {
    const subject = tfliteSubject();
    const header = cArrayFiles(subject)[0]!;
    const [main, ino] = exampleFiles(subject, header);
    expect(main!.name).toBe('main.cc');
    expect(ino!.name).toBe('tiny_conv_b_tflite.ino');
    for (const f of [main!, ino!]) {
      expect(f.text).toContain(`#include "${header.name}"`);
      expect(f.text).toContain('tflite::GetModel(tiny_conv_b_tflite)');
      expect(f.text).toContain('static tflite::MicroMutableOpResolver<5> resolver;');
      expect(f.text).toContain('constexpr size_t kTensorArenaSize = tiny_conv_b_tflite_ARENA_SIZE;');
      // The float input goes in as is; the int8 output is dequantized.
      expect(f.text).toContain('input0->data.f[i] = static_cast<float>(InputValue(0, i));');
      expect(f.text).not.toContain('Quantize(InputValue');
      expect(f.text).toContain('Dequantize(output0->data.int8[i]');
    }
    expect(ino!.text).toContain('void setup() {');
    expect(ino!.text).toContain('void loop() {');
  });

  it('gives a note instead for a model TFLM cannot run', () => {
    const subject = onnxSubject();
    const files = exampleFiles(subject, cArrayFiles(subject)[0]!);
    expect(files.map((f) => f.name)).toEqual(['EXAMPLES.md']);
    expect(files[0]!.text).toContain('TensorFlow Lite Micro runs TFLite (.tflite) models only');
  });
});

describe('bundle', () => {
  it('zips the model, header, examples and reports, all present and intact', () => {
    const subject = tfliteSubject();
    const entries = exportBundle(subject, { split: true });
    expect(entries.map((e) => e.name)).toEqual([
      subject.fileName,
      'tiny_conv_b_tflite.h',
      'tiny_conv_b_tflite.cc',
      'report.md',
      'report.json',
      'examples/main.cc',
      'examples/tiny_conv_b_tflite/tiny_conv_b_tflite.ino',
    ]);
    const unzipped = unzipSync(bundleZip(entries));
    expect(Object.keys(unzipped).sort()).toEqual(entries.map((e) => e.name).sort());
    expect(unzipped[subject.fileName]).toEqual(subject.bytes);
    const report = JSON.parse(strFromU8(unzipped['report.json']!)) as ReturnType<typeof reportJson>;
    expect(report.summary.macs).toBe(subject.analysis.macs);
    expect(strFromU8(unzipped['tiny_conv_b_tflite.cc']!)).toBe(cArrayFiles(subject, { split: true })[1]!.text);
  });

  it('refuses two files of one name', () => {
    const bytes = new Uint8Array([1]);
    expect(() =>
      bundleZip([
        { name: 'a', bytes },
        { name: 'a', bytes },
      ]),
    ).toThrow(TransformError);
  });
});
