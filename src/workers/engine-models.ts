// The models an engine keeps open, by id: the IR with the files it views, its graph view and layouts,
// and for a variant its parent, recipe and record.
import type { Model, ModelFile, ModelFormat } from '../core';
import { failure } from './failure';
import type { GraphView, LayoutDirection, LayoutResult, ModelId, RecipeStep, VariantInfo } from './protocol';

export interface OpenedModel {
  readonly model: Model;
  readonly format: ModelFormat;
  readonly fileName: string;
  /** The files the model was read from (its IR views their bytes). */
  readonly files: readonly ModelFile[];
  readonly view: GraphView;
  readonly layouts: Map<LayoutDirection, LayoutResult>;
  /** For a variant: the model it was derived from, and how. */
  readonly parentId?: ModelId;
  readonly recipe: readonly RecipeStep[];
  readonly variant?: VariantInfo;
}

/** Bytes of a model's files together. */
export const totalBytes = (files: readonly { readonly bytes: { readonly byteLength: number } }[]): number =>
  files.reduce((sum, f) => sum + f.bytes.byteLength, 0);

/** Open models by id; ids are handed out in order ("m1", "m2", …) and never reused. */
export class OpenModels {
  private readonly models = new Map<ModelId, OpenedModel>();
  private next = 1;

  /** A fresh model id. */
  newId(): ModelId {
    return `m${this.next++}`;
  }

  set(modelId: ModelId, opened: OpenedModel): void {
    this.models.set(modelId, opened);
  }

  /** The open model, or an 'unknown-model' failure naming the id. */
  get(modelId: ModelId): OpenedModel {
    const opened = this.models.get(modelId);
    if (!opened) throw failure('unknown-model', `model ${modelId} is not open (it may have been closed)`, modelId);
    return opened;
  }

  ids(): ModelId[] {
    return [...this.models.keys()];
  }

  /** Forgets a model and every variant derived from it (their parents come before them in the map). */
  close(modelId: ModelId): void {
    const gone = new Set([modelId]);
    for (const [id, opened] of this.models)
      if (opened.parentId !== undefined && gone.has(opened.parentId)) gone.add(id);
    for (const id of gone) this.models.delete(id);
  }

  /** `base`, numbered when the model already has a variant of that name: "int8 static 2". */
  label(parentId: ModelId, base: string): string {
    const siblings = [...this.models.values()].filter((m) => m.parentId === parentId).map((m) => m.variant?.label);
    if (!siblings.includes(base)) return base;
    let n = 2;
    while (siblings.includes(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }
}
