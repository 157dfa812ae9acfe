// Exporting a 4 MB model for firmware (issue 7: "a 4 MB model exports in under a second"): the C array
// text alone (MB/s of model bytes), the whole header with its comment, examples, reports and the .zip.
import { cArrayFiles } from '../../src/core/export/c-array';
import { exampleFiles } from '../../src/core/export/examples';
import { exportBundle } from '../../src/core/export/bundle-files';
import { bundleZip } from '../../src/core/export/bundle';
import { hexLines } from '../../src/core/export/hex';
import { reportFiles } from '../../src/core/export/report';
import { largeFcSubject } from '../../src/core/export/test-models';
import { medianMs, row, section } from './measure';

export async function benchExport(): Promise<void> {
  const subject = largeFcSubject(1024);
  const mb = subject.bytes.length / 1e6;
  section(`export a ${mb.toFixed(1)} MB TFLite model to C`);
  const hex = await medianMs(() => hexLines(subject.bytes), 5);
  row('array initializer text', hex, `${(mb / (hex / 1000)).toFixed(0)} MB/s of model bytes`);
  const header = await medianMs(() => cArrayFiles(subject), 5);
  row('C header (comment + array)', header, `${(mb / (header / 1000)).toFixed(0)} MB/s`);
  row('.h/.cc pair', await medianMs(() => cArrayFiles(subject, { split: true }), 5));
  const [h] = cArrayFiles(subject);
  row('examples (main.cc, .ino)', await medianMs(() => exampleFiles(subject, h!), 5));
  row('reports (md, json)', await medianMs(() => reportFiles(subject), 5));
  const total = await medianMs(() => bundleZip(exportBundle(subject)), 3);
  const zip = bundleZip(exportBundle(subject));
  row('whole bundle (.zip)', total, `${(zip.length / 1e6).toFixed(1)} MB zip`);
}
