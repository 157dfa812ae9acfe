// What the deployment bundle holds, in one place so the CLI and the studio ship the same layout:
//   <model file>, NAME.h (+ NAME.cc), report.md, report.json,
//   examples/main.cc and examples/NAME/NAME.ino (an Arduino sketch lives in a folder of its own name;
//   main.cc stays out of it so the Arduino IDE does not compile two programs).
import { strToU8 } from 'fflate';
import { arrayName, cArrayFiles } from './c-array';
import { exampleFiles } from './examples';
import { reportFiles } from './report';
import type { BundleEntry, CArrayOptions, ExportSubject } from './types';

/** Every file of the bundle, as bytes (text as UTF-8), ready for bundleZip. */
export function exportBundle(subject: ExportSubject, options: CArrayOptions = {}): BundleEntry[] {
  const name = arrayName(subject, options);
  const arrays = cArrayFiles(subject, options);
  const header = arrays[0]!;
  const examples = exampleFiles(subject, header, options).map((f) => ({
    name: f.name.endsWith('.ino') ? `examples/${name}/${f.name}` : `examples/${f.name}`,
    text: f.text,
  }));
  return [
    { name: subject.fileName, bytes: subject.bytes },
    ...[...arrays, ...reportFiles(subject, options), ...examples].map((f) => ({
      name: f.name,
      bytes: strToU8(f.text),
    })),
  ];
}
