import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder';
import type { Graph } from '../../ir/types';
import { inferShapes } from '../infer';

/** A branch producing `a` (an outer-scope tensor) through Identity then Add with itself. */
function branch(name: string, source: string): Graph {
  const b = new GraphBuilder(name);
  const y = b.op('Add', [source, source], {}, { name: `${name}_add`, outputs: [`${name}_y`] });
  return b.output(y).graph();
}

describe('If', () => {
  function ifModel(thenSource: string, elseSource: string, cond?: boolean) {
    const b = new GraphBuilder();
    b.input('x', 'float32', ['N', 4]);
    b.input('z', 'float32', ['N', 5]);
    if (cond === undefined) b.input('c', 'bool', []);
    else b.constant('c', new Uint8Array([cond ? 1 : 0]), [], 'bool');
    const out = b.op('If', ['c'], { then_branch: branch('then', thenSource), else_branch: branch('else', elseSource) });
    return b.output(out).model();
  }

  it('output is the branch type when the branches agree, reading the outer scope', () => {
    const r = inferShapes(ifModel('x', 'x'));
    expect(r.problems).toEqual([]);
    expect(r.types.get('If_0_out')).toEqual({ dtype: 'float32', shape: ['N', 4] });
    // Types inside the branches are reported too.
    expect(r.types.get('then_y')).toEqual({ dtype: 'float32', shape: ['N', 4] });
  });

  it('dims where the branches differ become unknown', () => {
    expect(inferShapes(ifModel('x', 'z')).types.get('If_0_out')).toEqual({ dtype: 'float32', shape: ['N', null] });
  });

  it('a known condition picks its branch', () => {
    expect(inferShapes(ifModel('x', 'z', false)).types.get('If_0_out')?.shape).toEqual(['N', 5]);
  });
});

describe('Loop', () => {
  function loopModel(grow: boolean) {
    const body = new GraphBuilder('body');
    body.input('i', 'int64', []);
    body.input('cond_in', 'bool', []);
    body.input('acc_in', 'float32', []); // declared without a shape below (stripShape)
    const next = grow
      ? body.op('Concat', ['acc_in', 'acc_in'], { axis: 0 }, { outputs: ['acc_out'] })
      : body.op('Add', ['acc_in', 'w'], {}, { outputs: ['acc_out'] });
    const cond = body.op('Identity', ['cond_in'], {}, { outputs: ['cond_out'] });
    const scan = body.op('Unsqueeze', ['i', 'axes0'], {}, { outputs: ['scan_out'] });
    body.output(cond, next, scan);
    const b = new GraphBuilder();
    b.input('w', 'float32', [2, 3]);
    b.constant('axes0', new BigInt64Array([0n]), [1]);
    b.constant('M', new BigInt64Array([5n]), []);
    b.input('init', 'float32', [2, 3]);
    const outs = b.node(
      'Loop',
      ['M', '', 'init'],
      { body: stripShape(body.graph(), 'acc_in') },
      { outputs: ['final', 'stacked'] },
    );
    return b.output(...outs).model();
  }

  it('loop-carried values keep a stable type; scan outputs gain a leading unknown dim', () => {
    const r = inferShapes(loopModel(false));
    expect(r.problems).toEqual([]);
    expect(r.types.get('final')).toEqual({ dtype: 'float32', shape: [2, 3] });
    expect(r.types.get('stacked')).toEqual({ dtype: 'int64', shape: [null, 1] });
  });

  it('a loop-carried value that grows gets unknown dims', () => {
    const r = inferShapes(loopModel(true));
    expect(r.types.get('final')).toEqual({ dtype: 'float32', shape: [null, 3] });
    // The body was re-inferred with the settled type.
    expect(r.types.get('acc_out')?.shape).toEqual([null, 3]);
  });
});

describe('Scan', () => {
  function scanModel(opset: number) {
    const body = new GraphBuilder('body');
    body.input('s_in', 'float32', [4]);
    body.input('x_t', 'float32', [4]);
    const s = body.op('Add', ['s_in', 'x_t'], {}, { outputs: ['s_out'] });
    const y = body.op('Identity', ['s_out'], {}, { outputs: ['y_t'] });
    body.output(s, y);
    const b = new GraphBuilder();
    if (opset >= 9) {
      b.input('s0', 'float32', [4]);
      b.input('xs', 'float32', [4, 7]);
      b.node(
        'Scan',
        ['s0', 'xs'],
        { body: body.graph(), num_scan_inputs: 1, scan_input_axes: [1], scan_output_axes: [1] },
        { outputs: ['s_final', 'ys'] },
      );
    } else {
      b.input('s0', 'float32', [2, 4]);
      b.input('xs', 'float32', [2, 7, 4]);
      b.node('Scan', ['', 's0', 'xs'], { body: body.graph(), num_scan_inputs: 1 }, { outputs: ['s_final', 'ys'] });
    }
    return b.output('s_final', 'ys').model({ opset });
  }

  it('Scan-9 slices along scan_input_axes and stacks along scan_output_axes', () => {
    const r = inferShapes(scanModel(11));
    expect(r.problems).toEqual([]);
    expect(r.types.get('s_final')).toEqual({ dtype: 'float32', shape: [4] });
    expect(r.types.get('ys')).toEqual({ dtype: 'float32', shape: [4, 7] });
  });

  it('Scan-8 keeps the batch axis first', () => {
    const r = inferShapes(scanModel(8));
    expect(r.problems).toEqual([]);
    expect(r.types.get('s_final')).toEqual({ dtype: 'float32', shape: [2, 4] });
    expect(r.types.get('ys')).toEqual({ dtype: 'float32', shape: [2, 7, 4] });
  });
});

function stripShape(graph: Graph, id: string): Graph {
  return {
    ...graph,
    tensors: graph.tensors.map((t) => (t.id === id ? { id: t.id, name: t.name, dtype: t.dtype } : t)),
  };
}
