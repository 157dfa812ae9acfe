// Real engine output for UI tests: a small Conv model opened by the in-process engine.
import { createInProcessClient, type EngineClient } from '../workers/client';
import type { LayoutResult, QuantizeVariantInfo } from '../workers/protocol';
import { tinyConvFile } from '../workers/test-models';
import type { OpenModel } from './store/types';

export interface Fixture {
  readonly engine: EngineClient;
  readonly model: OpenModel;
  readonly layout: LayoutResult;
}

/** Opens the tiny Conv → Relu model and lays it out top-to-bottom. */
export async function openTinyModel(): Promise<Fixture> {
  const engine = await createInProcessClient();
  const model = await engine.openModel([tinyConvFile()]);
  const layout = await engine.layout(model.summary.modelId, 'TB');
  return { engine, model, layout };
}

export interface VariantFixture extends Fixture {
  readonly variant: OpenModel & { readonly variant: QuantizeVariantInfo };
  readonly variantLayout: LayoutResult;
}

/** The tiny model and an int8-weights variant of it, both laid out top-to-bottom. */
export async function openTinyVariant(): Promise<VariantFixture> {
  const fx = await openTinyModel();
  const variant = await fx.engine.quantize(fx.model.summary.modelId, { settings: { mode: 'int8-weights' } });
  const variantLayout = await fx.engine.layout(variant.summary.modelId, 'TB');
  return { ...fx, variant, variantLayout };
}
