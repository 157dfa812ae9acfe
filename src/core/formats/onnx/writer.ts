// IR Model → ModelProto bytes, optionally with large initializers in a companion external data file.
import { forEachGraph } from '../../ir/graph-index';
import type { ExternalRef, Model, ModelFile, Tensor } from '../../ir/types';
import type { WriteOptions } from '../format';
import { onnxExtras, type OnnxModelExtras } from './extras';
import { decodeAll, encodeMessage, ProtoTypes, toInt64, type ModelProto } from './proto';
import type { ExternalPlacement } from './tensors';
import { writeGraph } from './write-graph';

export interface ExternalDataOptions {
  /** Initializers of at least this many bytes go to the data file (default 1024). */
  readonly threshold?: number;
  /** Name of the data file, relative to the model file (default `<base>.onnx.data`). */
  readonly location?: string;
}

export interface OnnxWriteOptions extends WriteOptions {
  /**
   * Store large initializers in a companion file (ONNX external data) instead of inside the model.
   * Default: everything inline. Tensors that were read without their external file (no bytes) keep
   * pointing at it either way.
   */
  readonly externalData?: ExternalDataOptions;
}

// Offsets in the data file: 64-byte aligned so every typed view over it is aligned; tensors of 1 MiB
// and more start on a 4 KiB page so a runtime can memory-map them (as onnx's own writer does).
const SMALL_ALIGNMENT = 64;
const PAGE_ALIGNMENT = 4096;
const PAGE_ALIGN_FROM = 1 << 20;

/** A file name made of safe characters (graph names can hold anything). */
function baseNameOf(model: Model, options: OnnxWriteOptions): string {
  const raw = (options.baseName ?? model.graph.name).replace(/\.onnx$/i, '');
  const safe = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return safe || 'model';
}

/** Encodes a model as ONNX: the .onnx file first, then the external data file when one was asked for. */
export function writeOnnx(model: Model, options: OnnxWriteOptions = {}): ModelFile[] {
  const base = baseNameOf(model, options);
  const file = `${base}.onnx`;
  const external = options.externalData ? new ExternalWriter(options.externalData, `${base}.onnx.data`) : undefined;
  const extras = onnxExtras<OnnxModelExtras>(model.extras);

  const proto: ModelProto = {
    opset_import: model.opsets.map((o) => ({ domain: o.domain, version: toInt64(o.version) })),
    graph: writeGraph(model.graph, { file, ...(external ? { placeExternally: external.place } : {}) }),
    metadata_props: model.metadata.map((kv) => ({ key: kv.key, value: kv.value })),
  };
  if (model.irVersion !== undefined) proto.ir_version = toInt64(model.irVersion);
  if (model.producer?.name !== undefined) proto.producer_name = model.producer.name;
  if (model.producer?.version !== undefined) proto.producer_version = model.producer.version;
  if (model.domain !== undefined) proto.domain = model.domain;
  if (model.modelVersion !== undefined) proto.model_version = toInt64(model.modelVersion);
  if (model.docString) proto.doc_string = model.docString;
  if (extras.trainingInfo?.length) proto.training_info = decodeAll(ProtoTypes.TrainingInfo, extras.trainingInfo);
  if (extras.functions?.length) proto.functions = decodeAll(ProtoTypes.Function, extras.functions);
  if (extras.configuration?.length)
    proto.configuration = decodeAll(ProtoTypes.DeviceConfiguration, extras.configuration);
  if (extras.unknownFields?.length) proto.$unknowns = [...extras.unknownFields];

  const sizeHint = estimateSize(model, options.externalData ? (options.externalData.threshold ?? 1024) : Infinity);
  const files: ModelFile[] = [{ name: file, bytes: encodeMessage(ProtoTypes.Model, proto, sizeHint) }];
  const data = external?.finish();
  if (data) files.push(data);
  return files;
}

/** Roughly the encoded size: inline tensor data plus a generous allowance per node and tensor. */
function estimateSize(model: Model, externalFrom: number): number {
  let size = 4096;
  forEachGraph(model.graph, (graph) => {
    size += 256 * (graph.nodes.length + graph.tensors.length);
    for (const t of graph.tensors) {
      const bytes = t.data?.bytes?.byteLength ?? 0;
      if (bytes < externalFrom) size += bytes;
      for (const s of t.data?.strings ?? []) size += s.byteLength + 8;
    }
  });
  return size;
}

/** Collects the bytes of externally stored tensors and hands out their offsets. */
class ExternalWriter {
  private readonly chunks: { offset: number; bytes: Uint8Array }[] = [];
  private size = 0;
  private readonly threshold: number;
  private readonly location: string;

  constructor(options: ExternalDataOptions, defaultLocation: string) {
    this.threshold = options.threshold ?? 1024;
    this.location = options.location ?? defaultLocation;
  }

  readonly place: ExternalPlacement = (_tensor: Tensor, bytes: Uint8Array): ExternalRef | undefined => {
    if (bytes.byteLength < this.threshold) return undefined;
    const alignment = bytes.byteLength >= PAGE_ALIGN_FROM ? PAGE_ALIGNMENT : SMALL_ALIGNMENT;
    const offset = Math.ceil(this.size / alignment) * alignment;
    this.chunks.push({ offset, bytes });
    this.size = offset + bytes.byteLength;
    return { location: this.location, offset, length: bytes.byteLength };
  };

  finish(): ModelFile | undefined {
    if (this.chunks.length === 0) return undefined;
    const out = new Uint8Array(this.size);
    for (const chunk of this.chunks) out.set(chunk.bytes, chunk.offset);
    return { name: this.location, bytes: out };
  }
}
