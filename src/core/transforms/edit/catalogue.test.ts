// The catalogues against independent sources: the ONNX one against onnx.defs (python3-onnx, opsets ≤ 17,
// at each entry's own version and at the last opset before the next entry), then validation of every
// libonnx-testdata model and every TFLite corpus model — real files must show no catalogue error.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../formats/registry';
import { readOnnx } from '../../formats/onnx/index';
import {
  corpusPath,
  hasCorpus,
  hasOnnxTestdata,
  listFiles,
  ONNX_TESTDATA_DIR,
  readBytes,
} from '../../../test-support/corpus';
import { listCases, pythonOnnxUnavailable } from '../../../test-support/onnx/conformance';
import { operatorSpec } from './catalogue';
import { ONNX_OPERATORS } from './catalogue-onnx';
import { arity, type AttributeSpec } from './catalogue-types';
import { validateModel } from './validate-model';

const PYTHON_KNOWS_UP_TO = 17;
const CATALOGUE_CODES = new Set(['wrong-arity', 'bad-attribute', 'dtype-mismatch']);

interface PySchema {
  readonly since: number;
  readonly minInputs: number;
  readonly maxInputs: number;
  readonly minOutputs: number;
  readonly maxOutputs: number;
  readonly attributes: Record<string, { type: string; required: boolean; default: unknown }>;
}

const KINDS: Readonly<Record<AttributeSpec['kind'], string>> = {
  int: 'INT',
  bool: 'INT',
  dtype: 'INT',
  float: 'FLOAT',
  string: 'STRING',
  enum: 'STRING',
  ints: 'INTS',
  floats: 'FLOATS',
  strings: 'STRINGS',
};

function pythonSchemas(wanted: readonly [string, number][]): Record<string, PySchema | null> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'onnx_schemas.py');
  const run = spawnSync('/usr/bin/python3', [script], { input: JSON.stringify(wanted), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, PySchema | null>;
}

const maxOf = (n: number): number => (n >= 2 ** 31 - 1 ? Number.POSITIVE_INFINITY : n);
const close = (a: unknown, b: unknown): boolean =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)) : a === b;

describe('the ONNX catalogue', () => {
  const unavailable = pythonOnnxUnavailable();
  it.skipIf(unavailable !== undefined)(`matches onnx.defs${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const checks: { spec: (typeof ONNX_OPERATORS)[number]; opset: number }[] = [];
    for (const spec of ONNX_OPERATORS) {
      if (spec.since > PYTHON_KNOWS_UP_TO) continue;
      const next = ONNX_OPERATORS.filter((s) => s.op === spec.op && s.since > spec.since).map((s) => s.since);
      const last = Math.min(PYTHON_KNOWS_UP_TO, ...next.map((s) => s - 1));
      for (const opset of new Set([spec.since, last])) checks.push({ spec, opset });
    }
    const py = pythonSchemas(checks.map((c) => [c.spec.op, c.opset]));
    const differences: string[] = [];
    for (const { spec, opset } of checks) {
      const where = `${spec.op} (catalogue v${spec.since}) at opset ${opset}`;
      const s = py[`${spec.op}@${opset}`];
      if (!s) {
        differences.push(`${where}: unknown to onnx.defs`);
        continue;
      }
      if (opset === spec.since && s.since !== spec.since) differences.push(`${where}: onnx.defs has v${s.since}`);
      const ins = arity(spec.inputs);
      const outs = arity(spec.outputs);
      if (ins.min !== s.minInputs || ins.max !== maxOf(s.maxInputs))
        differences.push(`${where}: inputs ${ins.min}..${ins.max}`);
      if (outs.min !== s.minOutputs || outs.max !== maxOf(s.maxOutputs))
        differences.push(`${where}: outputs ${outs.min}..${outs.max}`);
      const names = spec.attributes.map((a) => a.name).sort();
      if (names.join() !== Object.keys(s.attributes).sort().join())
        differences.push(`${where}: attributes ${names.join()}`);
      for (const a of spec.attributes) {
        const p = s.attributes[a.name];
        if (!p) continue;
        if (KINDS[a.kind] !== p.type) differences.push(`${where}: ${a.name} is ${p.type}`);
        if (Boolean(a.required) !== p.required) differences.push(`${where}: ${a.name} required ${p.required}`);
        if (p.default !== null && !close(a.default, p.default))
          differences.push(`${where}: ${a.name} default ${String(p.default)}`);
      }
    }
    console.log(`[edit] ONNX catalogue: ${checks.length} operator versions compared with onnx.defs`);
    expect(differences).toEqual([]);
    expect(checks.length).toBeGreaterThan(60);
  });
});

describe.skipIf(!hasOnnxTestdata())('validation of the ONNX conformance models', () => {
  it('finds no catalogue error in any of them', () => {
    let models = 0;
    let checked = 0;
    const problems: string[] = [];
    for (const c of listCases(ONNX_TESTDATA_DIR)) {
      let model;
      try {
        model = readOnnx([{ name: c.id, bytes: readBytes(c.modelPath) }]);
      } catch {
        continue;
      }
      models++;
      checked += model.graph.nodes.filter((n) => operatorSpec(model, n.op, n.domain)).length;
      for (const p of validateModel(model)) if (p.severity === 'error') problems.push(`${c.id}: ${p.message}`);
    }
    console.log(`[edit] libonnx-testdata: ${models} models valid, ${checked} nodes checked against the catalogue`);
    expect(checked).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe.skipIf(!hasCorpus())('validation of the corpus models', () => {
  it('finds no error in the TFLite and ONNX corpus files', () => {
    const files = [
      ...listFiles(corpusPath('models/tflite'), ['.tflite']),
      ...listFiles(corpusPath('models/onnx'), ['.onnx']),
    ];
    const problems: string[] = [];
    let checked = 0;
    for (const path of files) {
      const model = readModel([{ name: path, bytes: readBytes(path) }]);
      checked += model.graph.nodes.filter((n) => operatorSpec(model, n.op, n.domain)).length;
      for (const p of validateModel(model))
        if (CATALOGUE_CODES.has(p.code) || p.severity === 'error') problems.push(`${path}: ${p.message}`);
    }
    expect(files.length).toBeGreaterThan(15);
    expect(checked).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  });
});
