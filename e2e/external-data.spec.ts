import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropFiles, expect, expectModelOpen, graphNodes, nodesWithOp, test, type DropFile } from './helpers';

// A Conv whose 16×1×3×3 weights live in a companion file (ONNX external data), saved by the `onnx` package
// (Debian python3-onnx), an independent writer.
const SCRIPT = `
import sys, numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
w = numpy_helper.from_array(np.sin(np.arange(144, dtype=np.float32)).reshape(16, 1, 3, 3), 'w')
graph = helper.make_graph(
    [helper.make_node('Conv', ['x', 'w'], ['y'], name='conv', pads=[1, 1, 1, 1]),
     helper.make_node('Relu', ['y'], ['z'], name='relu')],
    'external',
    [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 1, 16, 16])],
    [helper.make_tensor_value_info('z', TensorProto.FLOAT, [1, 16, 16, 16])],
    initializer=[w])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
onnx.save_model(model, sys.argv[1] + '/external.onnx', save_as_external_data=True,
                all_tensors_to_one_file=True, location='external.onnx.data', size_threshold=64)
`;

function hasPythonOnnx(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import onnx, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test.skip(!hasPythonOnnx(), 'needs /usr/bin/python3 with onnx and numpy (Debian python3-onnx) to write the fixture');

function modelWithExternalData(): DropFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'sd-e2e-'));
  execFileSync('/usr/bin/python3', ['-c', SCRIPT, dir]);
  return ['external.onnx', 'external.onnx.data'].map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(join(dir, name))),
  }));
}

test('a model and its external data file open together, by drop and by the file picker', async ({ page }) => {
  const files = modelWithExternalData();
  expect(files.map((f) => f.name)).toEqual(['external.onnx', 'external.onnx.data']);
  await page.goto('/?blank');

  // The data file first: the studio finds the model among the files itself.
  await dropFiles(page, [files[1]!, files[0]!]);
  await expectModelOpen(page, 'external.onnx');
  await nodesWithOp(page, 'Conv').first().click();
  const weight = page.getByTestId('weight-stats').first();
  await expect(weight.getByText('values')).toBeVisible();
  await expect(weight).toContainText('144');

  await page.goto('/?blank');
  await page
    .getByLabel('Open model files')
    .setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })),
    );
  await expectModelOpen(page, 'external.onnx');
});

test('a model without its external data file says which file is missing', async ({ page }) => {
  const files = modelWithExternalData();
  await page.goto('/?blank');
  await dropFiles(page, files);
  await expectModelOpen(page, 'external.onnx');
  const before = await graphNodes(page).count();

  await dropFiles(page, [files[0]!]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('needs a companion file');
  await expect(alert).toContainText('external.onnx.data');
  await expect(graphNodes(page)).toHaveCount(before);
});
