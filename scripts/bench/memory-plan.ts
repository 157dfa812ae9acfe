// Memory planning (issue 8): the figures the Memory panel and `scaledown plan` wait for — the plan with the
// optimised order, the fit advice (every suggestion re-planned), and the patch-based search — on MobileNetV2
// (built by script) and, when the corpus is there, DenseNet-121 (1,746 nodes: the beam search's worst case).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMobileNetV2 } from '../make-mobilenetv2';
import { estimatePatchInference } from '../../src/core/analysis/memory/patch/estimate';
import { planMemory } from '../../src/core/analysis/memory/plan-report';
import { findDevice } from '../../src/core/devices/catalogue';
import { fitAdvice } from '../../src/core/devices/fit';
import { readModel } from '../../src/core/formats/registry';
import type { Model } from '../../src/core/ir/types';
import { inferShapes } from '../../src/core/shape/infer';
import { medianMs, row, section } from './measure';

const DENSENET = join(import.meta.dirname, '../../../shared/corpus/models/onnx/onnx_light_densenet121.onnx');

async function benchModel(name: string, model: Model): Promise<void> {
  section(`memory plan: ${name} (${model.graph.nodes.length} nodes)`);
  const inference = inferShapes(model);
  const options = { activationDType: 'int8', inPlace: true, inference } as const;
  row('planMemory, optimised order', await medianMs(() => planMemory(model, { ...options, schedule: 'optimised' }), 3));
  row('patch-based search', await medianMs(() => estimatePatchInference(model, options), 3));
  const device = findDevice('nano33')!;
  const files = [{ bytes: new Uint8Array(0) }];
  // A fresh inference each run: the studio plans a model it has not planned before.
  const advice = () => fitAdvice({ model, fileName: name, files, device, options: { activationDType: 'int8' } });
  row('whole memory view (plan + every suggestion + patch)', await medianMs(advice, 3));
}

export async function benchMemoryPlan(): Promise<void> {
  await benchModel('MobileNetV2-1.0 224', buildMobileNetV2());
  if (!existsSync(DENSENET)) {
    console.log('  (DenseNet-121 skipped: no ../shared/corpus)');
    return;
  }
  const bytes = new Uint8Array(readFileSync(DENSENET));
  await benchModel('DenseNet-121 (light)', readModel([{ name: 'densenet121.onnx', bytes }]));
}
