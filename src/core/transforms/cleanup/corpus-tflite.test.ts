// Clean-up of the corpus TFLite models. They come from the converter already clean, so the clean-up must
// leave them exactly as they are; a messy version of each (activations split into their own ops, a no-op
// RESHAPE, a dead branch — see test-models.ts) must clean up into exactly the original model. The
// reference executor checks the messy versions compute what the originals do (so the round trip is a
// real test); e2e/cleanup.spec.ts runs the written files in the TFLite interpreter.
import { describe, expect, it } from 'vitest';
import { readTflite } from '../../formats/tflite/index';
import { diffIR } from '../../ir/equal';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { cleanupModel } from './index';
import { messyTflite } from './test-models';
import { feedsFor, maxOutputDifference } from './test-graphs';

const files = listFiles(corpusPath('models/tflite'), ['.tflite']);

describe.skipIf(!hasCorpus())('clean-up of the corpus TFLite models', () => {
  it('finds the models', () => expect(files.length).toBeGreaterThanOrEqual(13));

  for (const path of files) {
    const name = path.split('/').pop()!;
    it(
      name,
      async () => {
        const model = deepFreeze(readTflite([{ name, bytes: readBytes(path) }]));
        const untouched = cleanupModel(model);
        expect(diffIR(untouched.model, model), 'a clean model stays as it is').toBeUndefined();
        expect(untouched.report.passes.every((p) => p.changed === 0)).toBe(true);

        const messy = deepFreeze(messyTflite(model));
        const { model: cleaned, report } = cleanupModel(messy);
        const changed = Object.fromEntries(report.passes.map((p) => [p.pass, p.changed]));
        console.log(
          `[cleanup] ${name}: ${model.graph.nodes.length} nodes; messy ${report.nodesBefore} → cleaned ${report.nodesAfter}` +
            ` (${JSON.stringify(changed)})`,
        );
        expect(diffIR(cleaned, model), 'the messy model cleans up into the original').toBeUndefined();
        // Split activations and a RESHAPE to the same shape compute exactly what the original does.
        const feeds = feedsFor(model, 3, 1);
        expect(await maxOutputDifference(model, messy, feeds)).toBe(0);
      },
      30_000,
    );
  }
});
