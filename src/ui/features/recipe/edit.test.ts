import { describe, expect, it } from 'vitest';
import type { Recipe, RecipeStep } from '../../../core';
import {
  applyEdit,
  editDoc,
  emptyRecipe,
  HISTORY_LIMIT,
  newDoc,
  redoDoc,
  selectStep,
  undoDoc,
  type RecipeDoc,
} from './edit';

const prune: RecipeStep = { kind: 'prune', method: 'magnitude', sparsity: 0.5 };
const cluster: RecipeStep = { kind: 'cluster', clusters: 16 };
const quantize: RecipeStep = { kind: 'quantize', mode: 'int8-weights' };
const cleanup: RecipeStep = { kind: 'cleanup' };

const recipe = (...steps: RecipeStep[]): Recipe => ({ ...emptyRecipe('r'), steps });
const kinds = (doc: RecipeDoc | Recipe) => ('present' in doc ? doc.present : doc).steps.map((s) => s.kind);

function frozen<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_, v) => (typeof v === 'object' && v !== null ? Object.freeze(v) : v)) as T;
}

describe('recipe edits', () => {
  it('add after the selected step, else at the end, and select the new step', () => {
    let doc = newDoc(recipe(prune, quantize));
    expect(doc.selected).toBe(0);
    doc = editDoc(doc, { type: 'add', step: cluster });
    expect(kinds(doc)).toEqual(['prune', 'cluster', 'quantize']);
    expect(doc.selected).toBe(1);
    doc = editDoc(selectStep(doc, -1), { type: 'add', step: cleanup });
    expect(kinds(doc)).toEqual(['prune', 'cluster', 'quantize', 'cleanup']);
    expect(doc.selected).toBe(3);
    doc = editDoc(doc, { type: 'add', step: cleanup, at: -1 });
    expect(kinds(doc)[0]).toBe('cleanup');
    expect(doc.selected).toBe(0);
  });

  it('move one place up or down; moves past either end change nothing', () => {
    const start = newDoc(recipe(prune, cluster, quantize));
    const down = editDoc(start, { type: 'move', index: 0, delta: 1 });
    expect(kinds(down)).toEqual(['cluster', 'prune', 'quantize']);
    expect(down.selected).toBe(1);
    expect(editDoc(start, { type: 'move', index: 0, delta: -1 })).toBe(start);
    expect(editDoc(start, { type: 'move', index: 2, delta: 1 })).toBe(start);
    const up = editDoc(start, { type: 'move', index: 2, delta: -1 });
    expect(kinds(up)).toEqual(['prune', 'quantize', 'cluster']);
    expect(up.selected).toBe(1);
  });

  it('remove keeps the selection on the same step, or the nearest one', () => {
    let doc = selectStep(newDoc(recipe(prune, cluster, quantize)), 2);
    doc = editDoc(doc, { type: 'remove', index: 0 });
    expect(kinds(doc)).toEqual(['cluster', 'quantize']);
    expect(doc.selected).toBe(1);
    doc = editDoc(doc, { type: 'remove', index: 1 });
    expect(doc.selected).toBe(0);
    doc = editDoc(doc, { type: 'remove', index: 0 });
    expect([kinds(doc), doc.selected]).toEqual([[], -1]);
    expect(editDoc(doc, { type: 'remove', index: 0 })).toBe(doc);
  });

  it('toggle writes enabled: false and removes it again (enabled is the default)', () => {
    const once = applyEdit(recipe(prune), { type: 'toggle', index: 0 });
    expect(once.steps[0]).toEqual({ ...prune, enabled: false });
    const twice = applyEdit(once, { type: 'toggle', index: 0 });
    expect(twice.steps[0]).toEqual(prune);
    expect('enabled' in twice.steps[0]!).toBe(false);
  });

  it('never mutates the recipe it is given', () => {
    const input = frozen(recipe(prune, cluster));
    const edits = [
      { type: 'add', step: quantize },
      { type: 'remove', index: 1 },
      { type: 'move', index: 0, delta: 1 },
      { type: 'toggle', index: 0 },
      { type: 'set', index: 0, step: { ...prune, sparsity: 0.9 } },
      { type: 'rename', name: 'x' },
    ] as const;
    for (const edit of edits) expect(() => applyEdit(input, edit)).not.toThrow();
    expect(input).toEqual(recipe(prune, cluster));
  });

  it('undo and redo walk the history; a new edit clears redo', () => {
    let doc = newDoc(recipe(prune));
    doc = editDoc(doc, { type: 'add', step: cluster });
    doc = editDoc(doc, { type: 'move', index: 1, delta: -1 });
    expect(kinds(doc)).toEqual(['cluster', 'prune']);
    doc = undoDoc(doc);
    expect(kinds(doc)).toEqual(['prune', 'cluster']);
    doc = undoDoc(doc);
    expect(kinds(doc)).toEqual(['prune']);
    expect(undoDoc(doc)).toBe(doc);
    doc = redoDoc(doc);
    expect(kinds(doc)).toEqual(['prune', 'cluster']);
    doc = editDoc(doc, { type: 'remove', index: 0 });
    expect(doc.future).toEqual([]);
    expect(redoDoc(doc)).toBe(doc);
    expect(kinds(undoDoc(doc))).toEqual(['prune', 'cluster']);
  });

  it('dragging a slider is one undo step; another field or another step is a new one', () => {
    let doc = newDoc(recipe(prune, cluster));
    for (const sparsity of [0.6, 0.7, 0.8, 0.9])
      doc = editDoc(doc, { type: 'set', index: 0, step: { ...prune, sparsity }, key: 'sparsity' });
    expect(doc.past).toHaveLength(1);
    doc = editDoc(doc, { type: 'set', index: 1, step: { ...cluster, clusters: 32 }, key: 'clusters' });
    doc = editDoc(doc, { type: 'set', index: 0, step: { ...prune, sparsity: 0.95 }, key: 'sparsity' });
    expect(doc.past).toHaveLength(3);
    doc = undoDoc(undoDoc(doc));
    expect(doc.present.steps[0]).toEqual({ ...prune, sparsity: 0.9 });
    expect(doc.present.steps[1]).toEqual(cluster);
    // After an undo the next slider move starts a new step rather than rewriting history.
    doc = editDoc(doc, { type: 'set', index: 0, step: { ...prune, sparsity: 0.1 }, key: 'sparsity' });
    expect(undoDoc(doc).present.steps[0]).toEqual({ ...prune, sparsity: 0.9 });
  });

  it('replace (a preset, an import) is undoable; the history is bounded', () => {
    let doc = newDoc(recipe(prune));
    const preset = recipe(cleanup, prune, cluster);
    doc = editDoc(doc, { type: 'replace', recipe: preset });
    expect(doc.present).toBe(preset);
    expect(doc.selected).toBe(0);
    expect(kinds(undoDoc(doc))).toEqual(['prune']);
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) doc = editDoc(doc, { type: 'toggle', index: 0 });
    expect(doc.past).toHaveLength(HISTORY_LIMIT);
  });

  it('renaming coalesces keystrokes; edits that change nothing add no history', () => {
    let doc = newDoc(recipe(prune));
    doc = editDoc(doc, { type: 'rename', name: 'D' });
    doc = editDoc(doc, { type: 'rename', name: 'De' });
    doc = editDoc(doc, { type: 'rename', name: 'Dee' });
    expect([doc.present.name, doc.past.length]).toEqual(['Dee', 1]);
    expect(editDoc(doc, { type: 'rename', name: 'Dee' })).toBe(doc);
    expect(undoDoc(doc).present.name).toBe('r');
  });
});
