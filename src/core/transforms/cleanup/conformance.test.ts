// Clean-up over Debian's libonnx-testdata (1,072 small models, many with Constant nodes, shape arithmetic,
// Identity): no model makes a pass fail, and every model the clean-up changes still gives the expected
// outputs in onnxruntime-node wherever the original does (ONNX's own tolerance), or the original's.
import { describe, expect, it } from 'vitest';
import { readOnnx, writeOnnx } from '../../formats/onnx/index';
import { hasOnnxTestdata, ONNX_TESTDATA_DIR, readBytes } from '../../../test-support/corpus';
import { compareInOrt, listCases } from '../../../test-support/onnx/conformance';
import { cleanupModel } from './index';

describe.skipIf(!hasOnnxTestdata())('clean-up of the ONNX conformance models', () => {
  it('keeps every changed model computing its expected outputs in onnxruntime', async () => {
    const counts = { models: 0, changed: 0, compared: 0, skipped: 0, nodesBefore: 0, nodesAfter: 0 };
    const byPass: Record<string, number> = {};
    const mismatches: string[] = [];
    for (const c of listCases(ONNX_TESTDATA_DIR)) {
      const bytes = readBytes(c.modelPath);
      let model;
      try {
        model = readOnnx([{ name: c.id, bytes }]);
      } catch {
        continue; // The reader's own conformance test reports these.
      }
      counts.models++;
      const { model: clean, report } = cleanupModel(model);
      const changed = report.passes.filter((p) => p.changed > 0);
      if (changed.length === 0) continue;
      counts.changed++;
      counts.nodesBefore += report.nodesBefore;
      counts.nodesAfter += report.nodesAfter;
      for (const p of changed) byPass[p.pass] = (byPass[p.pass] ?? 0) + 1;
      const outcome = await compareInOrt(bytes, writeOnnx(clean)[0]!.bytes, model, c.dataSets);
      if (outcome.status === 'mismatch') mismatches.push(`${c.id}: ${outcome.reason}`);
      else if (outcome.status === 'skip') counts.skipped++;
      else counts.compared++;
    }
    console.log(
      `[cleanup] libonnx-testdata: ${counts.models} models, ${counts.changed} changed ` +
        `(${counts.nodesBefore} → ${counts.nodesAfter} nodes; ${JSON.stringify(byPass)}); ` +
        `${counts.compared} match in onnxruntime, ${counts.skipped} skipped by the comparison`,
    );
    expect(counts.changed).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
