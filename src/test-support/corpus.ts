// Where tests find real models: the shared corpus beside the repository, and Debian's ONNX conformance
// suite. Both may be absent (a clone outside CI); tests then skip with a printed reason.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The repository's root folder. */
export const REPO_ROOT = repoRoot;

/** ../shared/corpus, or CORPUS_DIR from the environment. */
export const CORPUS_DIR = process.env.CORPUS_DIR ?? resolve(repoRoot, '../shared/corpus');

/** Debian package libonnx-testdata's data folder, or ONNX_TESTDATA_DIR. */
export const ONNX_TESTDATA_DIR = process.env.ONNX_TESTDATA_DIR ?? '/usr/share/libonnx-testdata/data';

const announced = new Set<string>();

function available(dir: string, what: string): boolean {
  if (existsSync(dir)) return true;
  if (!announced.has(dir)) {
    announced.add(dir);
    console.warn(`[skip] ${what} not found at ${dir}; tests that need it are skipped`);
  }
  return false;
}

/** True when the shared corpus is present (prints why not, once, when it is absent). */
export function hasCorpus(): boolean {
  return available(CORPUS_DIR, 'the shared corpus');
}

/** True when the ONNX conformance suite is installed (prints why not, once, when it is absent). */
export function hasOnnxTestdata(): boolean {
  return available(ONNX_TESTDATA_DIR, 'libonnx-testdata (apt-get install libonnx-testdata)');
}

/** Absolute path of a corpus file, e.g. `corpusPath('models/onnx/onnxzoo_mnist-8.onnx')`. */
export function corpusPath(relative: string): string {
  return join(CORPUS_DIR, relative);
}

/** Bytes of a file as a Uint8Array over a fresh buffer. */
export function readBytes(path: string): Uint8Array {
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Every file below `dir` whose name ends with one of `suffixes`, sorted. */
export function listFiles(dir: string, suffixes: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (suffixes.some((s) => entry.endsWith(s))) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}
