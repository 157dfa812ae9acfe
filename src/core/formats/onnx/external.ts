// ONNX external data (onnx.proto TensorProto.external_data; docs/ExternalData.md): a tensor's bytes live
// in another file, named by `location` relative to the model file, at `offset` for `length` bytes.
import { ModelFormatError } from '../../errors';
import type { ExternalRef, KeyValue, ModelFile } from '../../ir/types';
import type { StringStringEntryProto } from './proto';

const KNOWN_KEYS = new Set(['location', 'offset', 'length']);

/** The external reference of a tensor, from its key/value entries. */
export function parseExternalRef(
  entries: readonly StringStringEntryProto[],
  modelFile: string,
  tensorName: string,
): ExternalRef {
  const get = (key: string): string | undefined => entries.find((e) => e.key === key)?.value;
  const location = get('location');
  if (location === undefined || location === '')
    throw new ModelFormatError(
      'malformed',
      `${modelFile}: tensor "${tensorName}" is marked as stored in an external file but does not say which`,
      modelFile,
    );
  const extra: KeyValue[] = entries
    .filter((e) => !KNOWN_KEYS.has(e.key ?? ''))
    .map((e) => ({ key: e.key ?? '', value: e.value ?? '' }));
  const offset = parseCount(get('offset'), 'offset', modelFile, tensorName);
  const length = parseCount(get('length'), 'length', modelFile, tensorName);
  return {
    location,
    ...(offset === undefined ? {} : { offset }),
    ...(length === undefined ? {} : { length }),
    ...(extra.length ? { extra } : {}),
  };
}

function parseCount(text: string | undefined, key: string, modelFile: string, tensorName: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (!Number.isSafeInteger(value) || value < 0 || text.trim() === '')
    throw new ModelFormatError(
      'malformed',
      `${modelFile}: tensor "${tensorName}" has an invalid external data ${key} "${text}"`,
      modelFile,
    );
  return value;
}

/** Key/value entries of an external reference, in the order ONNX tools write them. */
export function externalEntries(ref: ExternalRef): StringStringEntryProto[] {
  const entries: StringStringEntryProto[] = [{ key: 'location', value: ref.location }];
  if (ref.offset !== undefined) entries.push({ key: 'offset', value: String(ref.offset) });
  if (ref.length !== undefined) entries.push({ key: 'length', value: String(ref.length) });
  for (const kv of ref.extra ?? []) entries.push({ key: kv.key, value: kv.value });
  return entries;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function basename(path: string): string {
  const parts = normalise(path).split('/');
  return parts[parts.length - 1] ?? '';
}

function dirname(path: string): string {
  const norm = normalise(path);
  const cut = norm.lastIndexOf('/');
  return cut < 0 ? '' : norm.slice(0, cut + 1);
}

/**
 * Finds external data among the files handed to the reader. A location matches a companion by its
 * path relative to the model file, by the companion's full name, or (files dropped without folders)
 * by base name alone.
 */
export class ExternalData {
  private readonly byName = new Map<string, ModelFile>();
  private readonly byBase = new Map<string, ModelFile>();

  constructor(
    private readonly modelFile: string,
    companions: readonly ModelFile[],
    private readonly allowMissing: boolean,
  ) {
    for (const file of companions) {
      this.byName.set(normalise(file.name), file);
      const base = basename(file.name);
      if (!this.byBase.has(base)) this.byBase.set(base, file);
    }
  }

  /** The bytes `ref` points at; undefined when its file is missing and that is allowed. */
  bytes(ref: ExternalRef, tensorName: string): Uint8Array | undefined {
    const file = this.find(ref.location);
    if (!file) {
      if (this.allowMissing) return undefined;
      throw new ModelFormatError(
        'missing-file',
        `${this.modelFile}: tensor "${tensorName}" keeps its data in "${ref.location}", which was not provided; ` +
          `add that file next to the model`,
        ref.location,
      );
    }
    const size = file.bytes.byteLength;
    const offset = ref.offset ?? 0;
    const length = ref.length ?? size - offset;
    if (offset > size || offset + length > size || length < 0)
      throw new ModelFormatError(
        'out-of-bounds',
        `${this.modelFile}: tensor "${tensorName}" reads bytes ${offset}..${offset + Math.max(length, 0)} of ` +
          `"${file.name}", but that file has only ${size} bytes`,
        file.name,
      );
    return file.bytes.subarray(offset, offset + length);
  }

  private find(location: string): ModelFile | undefined {
    const loc = normalise(location);
    return (
      this.byName.get(normalise(dirname(this.modelFile) + loc)) ??
      this.byName.get(loc) ??
      [...this.byName.entries()].find(([name]) => name.endsWith(`/${loc}`))?.[1] ??
      this.byBase.get(basename(loc))
    );
  }
}
