import { describe, expect, it } from 'vitest';
import type { AttributeSpec } from '../../../core';
import { editorKind, initialText, parseAttributeText } from './attribute-input';
import { parseShapeText, shapeToText } from './fields/shape-text';
import { editKeyFor } from './useEditKeys';

const ints = { name: 'pads', type: 'ints', value: '[1, 1, 1, 1]' };
const autoPad: AttributeSpec = { name: 'auto_pad', kind: 'enum', values: ['NOTSET', 'VALID'], default: 'NOTSET' };

describe('attribute editors', () => {
  it('pick the editor from the catalogue, else from the stored type; cut-off and graph values are read-only', () => {
    expect(editorKind(ints, undefined)).toBe('ints');
    expect(editorKind({ name: 'auto_pad', type: 'string', value: '"VALID"' }, autoPad)).toBe('enum');
    expect(editorKind(undefined, autoPad)).toBe('enum');
    expect(editorKind({ name: 'body', type: 'graph', value: 'graph "b" with 3 nodes' }, undefined)).toBeUndefined();
    expect(editorKind({ name: 'x', type: 'ints', value: '[1, 2, … (40 more)]' }, undefined)).toBeUndefined();
  });

  it('start from the value as typed, or the default when the node does not set it', () => {
    expect(initialText(ints, undefined)).toBe('1, 1, 1, 1');
    expect(initialText({ name: 'auto_pad', type: 'string', value: '"VALID"' }, autoPad)).toBe('VALID');
    expect(initialText(undefined, autoPad)).toBe('NOTSET');
    expect(initialText({ name: 'to', type: 'int', value: '1' }, { name: 'to', kind: 'dtype' })).toBe('float32');
    expect(initialText(undefined, { name: 'strides', kind: 'ints', default: [1, 1] })).toBe('1, 1');
  });

  it('turn typed text into typed values, or say what is wrong', () => {
    expect(parseAttributeText('ints', '2, 2')).toEqual({ value: { type: 'ints', value: [2, 2] } });
    expect(parseAttributeText('ints', '[3 3]')).toEqual({ value: { type: 'ints', value: [3, 3] } });
    expect(parseAttributeText('ints', '2, 2.5')).toEqual({ error: '“2.5” is not a whole number.' });
    expect(parseAttributeText('floats', '0.5, 1e-3')).toEqual({ value: { type: 'floats', value: [0.5, 0.001] } });
    expect(parseAttributeText('int', '7')).toEqual({ value: { type: 'int', value: 7 } });
    expect(parseAttributeText('int', 'seven')).toHaveProperty('error');
    expect(parseAttributeText('bool', '2')).toEqual({ error: 'Must be 0 or 1 (or true / false).' });
    expect(parseAttributeText('bool', 'true')).toEqual({ value: { type: 'int', value: 1 } });
    expect(parseAttributeText('bool', 'False')).toEqual({ value: { type: 'int', value: 0 } });
    expect(parseAttributeText('float', '0.25')).toEqual({ value: { type: 'float', value: 0.25 } });
    expect(parseAttributeText('enum', 'SAME', autoPad)).toEqual({ error: 'Must be one of NOTSET, VALID.' });
    expect(parseAttributeText('enum', 'VALID', autoPad)).toEqual({ value: { type: 'string', value: 'VALID' } });
    expect(parseAttributeText('strings', '"a", "b c"')).toEqual({ value: { type: 'strings', value: ['a', 'b c'] } });
    expect(parseAttributeText('strings', 'a, b')).toEqual({ value: { type: 'strings', value: ['a', 'b'] } });
    expect(parseAttributeText('dtype', 'int8')).toEqual({ value: 'int8' });
  });
});

describe('shape text', () => {
  it('reads sizes, symbolic names and ? both ways', () => {
    expect(shapeToText(['N', 3, null])).toBe('N, 3, ?');
    expect(parseShapeText('N, 3, ?')).toEqual({ shape: ['N', 3, null] });
    expect(parseShapeText('1×3×224×224')).toEqual({ shape: [1, 3, 224, 224] });
    expect(parseShapeText('1, -2')).toEqual({ error: '“-2” is not a size, a name or ?.' });
  });
});

describe('edit keys', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('Ctrl/⌘ Z undoes, with Shift (or Ctrl Y) redoes, Delete removes, N adds; none while typing', () => {
    expect(editKeyFor(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(editKeyFor(key('Z', { metaKey: true, shiftKey: true }), false)).toBe('redo');
    expect(editKeyFor(key('y', { ctrlKey: true }), false)).toBe('redo');
    expect(editKeyFor(key('Delete'), false)).toBe('delete');
    expect(editKeyFor(key('Backspace'), false)).toBe('delete');
    expect(editKeyFor(key('n'), false)).toBe('add-node');
    expect(editKeyFor(key('z', { ctrlKey: true }), true)).toBeUndefined();
    expect(editKeyFor(key('Delete'), true)).toBeUndefined();
    expect(editKeyFor(key('z'), false)).toBeUndefined();
    expect(editKeyFor(key('z', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
  });
});
