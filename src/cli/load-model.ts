import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, normalize, resolve, sep } from 'node:path';
import { forEachGraph, ModelFormatError, readModel, type Model, type ModelFile } from '../core/index';
import { FileError } from './command';

/** Bytes of a file, or a FileError naming it (missing, a folder, unreadable). */
export function readFileBytes(path: string, shownAs: string = path): Uint8Array {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileError(shownAs, 'missing-file', 'no such file');
    throw new FileError(shownAs, 'unreadable', `cannot be read (${code ?? 'error'})`);
  }
  if (!isFile) throw new FileError(shownAs, 'not-a-file', 'is a folder, not a model file');
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new FileError(shownAs, 'unreadable', `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

// External data locations (ONNX) are relative to the model's folder; anything reaching outside it
// (absolute paths, `..`) is not picked up automatically — the user can still pass it explicitly.
function insideFolder(folder: string, location: string): string | undefined {
  if (location === '' || isAbsolute(location)) return undefined;
  const path = normalize(resolve(folder, location));
  return path.startsWith(folder + sep) ? path : undefined;
}

/** External data locations the model refers to whose bytes were not provided. */
function missingExternalData(model: Model): string[] {
  const missing = new Set<string>();
  const graphs = [model.graph, ...(model.subgraphs ?? [])];
  for (const root of graphs)
    forEachGraph(root, (graph) => {
      for (const t of graph.tensors) {
        const external = t.data?.external;
        if (external && !t.data?.bytes) missing.add(external.location);
      }
    });
  return [...missing];
}

const MAX_ROUNDS = 4;

/**
 * Reads a model from the command line's files: `paths[0]` is the model, further paths are companions
 * (ONNX external data, TF.js weight shards) passed as `{ name: basename }`. Companions the model names
 * but that were not passed are picked up from the model's own folder: external data locations left
 * without bytes after a read, and files a reader reports as missing — then the model is read again.
 */
export function loadModel(paths: readonly string[], cwd: string): { model: Model; files: readonly ModelFile[] } {
  const [mainPath, ...companionPaths] = paths;
  if (mainPath === undefined) throw new Error('no model file given');
  const main: ModelFile = { name: basename(mainPath), bytes: readFileBytes(resolve(cwd, mainPath), mainPath) };
  const files: ModelFile[] = [
    main,
    ...companionPaths.map((p) => ({ name: basename(p), bytes: readFileBytes(resolve(cwd, p), p) })),
  ];
  const folder = dirname(resolve(cwd, mainPath));
  const tried = new Set(files.map((f) => f.name));

  const addFromFolder = (location: string): boolean => {
    if (tried.has(location) || tried.has(basename(location))) return false;
    tried.add(location);
    const path = insideFolder(folder, location);
    if (!path) return false;
    try {
      if (!statSync(path).isFile()) return false;
    } catch {
      return false;
    }
    files.push({ name: location, bytes: readFileBytes(path, location) });
    return true;
  };

  for (let round = 0; ; round++) {
    let model: Model;
    try {
      model = readModel(files);
    } catch (error) {
      const retry =
        round < MAX_ROUNDS &&
        error instanceof ModelFormatError &&
        error.code === 'missing-file' &&
        error.subject !== undefined &&
        addFromFolder(error.subject);
      if (retry) continue;
      throw error;
    }
    const added = round < MAX_ROUNDS ? missingExternalData(model).filter(addFromFolder) : [];
    if (added.length === 0) return { model, files };
  }
}
