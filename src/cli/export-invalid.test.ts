// `scaledown export` refuses a model with errors, listing them, and writes nothing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, writeModel } from '../core/index';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-export-invalid-'));
  // Well-formed bytes, invalid model: a Relu given two inputs, and an output nothing produces.
  const b = new GraphBuilder('broken');
  const x = b.input('x', 'float32', [1, 4]);
  const y = b.op('Relu', [x, x], {}, { name: 'relu' });
  const model = b.output(y).model();
  const dangling = { ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, 'ghost'] } };
  writeFileSync(at('broken.onnx'), writeModel(dangling)[0]!.bytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown export of an invalid model', () => {
  it('fails in one line listing the problems, and writes nothing', async () => {
    const r = await runScaledown(['export', at('broken.onnx'), '--c-header', at('x.h'), '--bundle', at('x.zip')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [line, ...rest] = lines(r.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(/broken\.onnx: invalid-result: the ONNX model cannot be exported: it has 2 problems: \(1\) /);
    expect(line).toContain('Relu "relu" has 2 inputs; Relu takes 1');
    expect(line).toContain('"ghost"');
    expect(existsSync(at('x.h'))).toBe(false);
    expect(existsSync(at('x.zip'))).toBe(false);
  });
});
