// Export for microcontrollers: C header (or .h/.cc pair), TFLM examples, reports, the .zip bundle.
export type { BundleEntry, CArrayOptions, ExportSubject, TextFile, TflmResolver } from './types';
export { cIdentifier } from './identifier';
export { arrayName, cArrayFiles } from './c-array';
export { tflmResolver, tfliteOps, TFLM_BUILTIN_METHODS, TFLM_CUSTOM_METHODS, type TflmOp } from './tflm-ops';
export { exampleFiles } from './examples';
export { reportFiles, reportJson, REPORT_VERSION, type ReportJson } from './report';
export { bundleZip } from './bundle';
export {
  arenaReserve,
  flashBytes,
  DEFAULT_ALIGNMENT,
  DEFAULT_ARENA_MARGIN_PERCENT,
  type ArenaReserve,
} from './describe';
export { crc32 } from './crc32';
export { exportBundle } from './bundle-files';
