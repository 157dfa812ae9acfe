// What opening a model costs in the engine, stage by stage, on the corpus's largest graphs: read, shape
// inference, analysis and layout (the same code the worker runs, here in-process).
import { existsSync } from 'node:fs';
import { readModel } from '../../src/core/formats/registry';
import { analyzeModel } from '../../src/core/analysis/analyze';
import { inferShapes } from '../../src/core/shape/infer';
import { corpusPath, readBytes } from '../../src/test-support/corpus';
import { createInProcessClient } from '../../src/workers/client';
import { medianMs, row, section } from './measure';

const MODELS = ['models/onnx/onnx_light_squeezenet.onnx', 'models/onnx/onnx_light_densenet121.onnx'];

export async function benchOpenModel(): Promise<void> {
  for (const relative of MODELS) {
    const path = corpusPath(relative);
    const name = relative.split('/').pop()!;
    if (!existsSync(path)) {
      console.log(`\n[skip] ${name}: corpus not found at ${path}`);
      continue;
    }
    const bytes = readBytes(path);
    const files = [{ name, bytes }];
    const model = readModel(files);
    section(`open ${name} (${model.graph.nodes.length} nodes)`);
    row('read', await medianMs(() => readModel(files)));
    row('shape inference', await medianMs(() => inferShapes(model)));
    const inference = inferShapes(model);
    row('analysis (params, MACs, lifetimes, greedy arena)', await medianMs(() => analyzeModel(model, { inference })));
    const client = await createInProcessClient();
    const copy = () => [{ name, bytes: bytes.slice().buffer }];
    const opened = await client.openModel(copy());
    row('engine: open (read + shapes + analysis + view)', await medianMs(() => client.openModel(copy()), 3));
    const layoutTimes: number[] = [];
    for (let run = 0; run < 3; run++) {
      // Layouts are cached per opened model, so each run lays out a freshly opened copy.
      const { summary } = await client.openModel(copy());
      const started = performance.now();
      await client.layout(summary.modelId, 'TB');
      layoutTimes.push(performance.now() - started);
      await client.closeModel(summary.modelId);
    }
    layoutTimes.sort((a, b) => a - b);
    row('engine: layout top-to-bottom (elkjs)', layoutTimes[1]!);
    await client.closeModel(opened.summary.modelId);
    client.dispose();
  }
}
