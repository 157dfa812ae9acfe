// `npm run bench`: prints the speed figures the issues set targets for. Figures, not pass/fail: timing
// belongs here, never in tests. Each area lives in scripts/bench/<area>.ts.
import { benchEvalBrowser } from './bench/eval-browser';
import { benchExport } from './bench/export';
import { benchKernels } from './bench/kernels';
import { benchMemoryPlan } from './bench/memory-plan';
import { benchOnnxIo } from './bench/onnx-io';
import { benchOpenModel } from './bench/open-model';
import { benchPruneCluster } from './bench/prune-cluster';
import { benchQuantize } from './bench/quantize';

console.log(`ScaleDown Studio benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
await benchKernels();
await benchOnnxIo();
await benchOpenModel();
await benchQuantize();
await benchPruneCluster();
await benchEvalBrowser();
await benchExport();
await benchMemoryPlan();
