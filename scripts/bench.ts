// `npm run bench`: prints the speed figures the issues set targets for. Figures, not pass/fail: timing
// belongs here, never in tests. Each area lives in scripts/bench/<area>.ts.
import { benchOnnxIo } from './bench/onnx-io';
import { benchOpenModel } from './bench/open-model';

console.log(`ScaleDown Studio benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
await benchOnnxIo();
await benchOpenModel();
