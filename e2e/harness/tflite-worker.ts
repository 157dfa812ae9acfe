// A module worker that runs one model with the TFLite runtime, as the app's runtime worker will: proves
// the runtime loads the interpreter where importScripts() does not exist.
import { loadTflite, type TfliteArray } from '../../src/workers/runtimes/tflite-runtime';

interface Job {
  readonly bytes: Uint8Array;
  readonly inputs: TfliteArray[];
}

self.onmessage = async (event: MessageEvent<Job>) => {
  try {
    const session = await loadTflite(event.data.bytes);
    const outputs = session.run(event.data.inputs);
    session.dispose();
    self.postMessage({ outputs });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
