// Models for the export tests and benchmark: a TFLite FULLY_CONNECTED layer with a given amount of
// float32 weights (the 4 MB model issue 7 asks to export in well under a second).
import { analyzeModel } from '../analysis/analyze';
import { readTflite, tfliteOptionAttributes, writeTflite } from '../formats/tflite/index';
import { tfliteModel } from '../formats/tflite/test-models';
import { GraphBuilder } from '../ir/builder';
import type { ExportSubject } from './types';

/** A TFLite model FULLY_CONNECTED [1, width] × [width, width] float32: about 4·width² bytes. */
export function largeFcSubject(width = 1024, fileName = 'large-fc.tflite'): ExportSubject {
  const b = new GraphBuilder('large_fc');
  const x = b.input('input', 'float32', [1, width]);
  const w = new Float32Array(width * width);
  // Varied bytes, so the hex table is exercised across all 256 values.
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i) * 3;
  const weights = b.constant('weights', w, [width, width]);
  const y = b.node('FULLY_CONNECTED', [x, weights, ''], tfliteOptionAttributes('FULLY_CONNECTED'), {
    outputs: ['output'],
    dtype: 'float32',
    shape: [1, width],
  })[0]!;
  b.output(y);
  const [file] = writeTflite(tfliteModel(b, 'scaledown tests'));
  if (!file) throw new Error('the TFLite writer returned no file');
  const model = readTflite([{ name: fileName, bytes: file.bytes }]);
  return { fileName, bytes: file.bytes, model, analysis: analyzeModel(model), generator: 'ScaleDown Studio tests' };
}
