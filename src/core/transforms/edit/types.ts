// Graph edits as data. An EditOp is plain JSON (ids, names, numbers, arrays), so the same value is what the
// studio's history keeps, what a session saves, and what a recipe's 'edit' step replays on another model.
//
// Nodes and tensors are named by id (the IR's key; ONNX ids are the file's names, TFLite node ids are
// `<OP>_<index>`); a node may also be named by its stored name when that name is unique. Edits touch the
// main graph only (nested If/Loop bodies and TFLite subgraphs 1..n are left as they are).
//
// Undo keeps the previous model: edits never mutate their input and share every unchanged object (tensor
// data included) with it, so a snapshot per step costs little and restoring one gives the exact model
// back (byte-identical on export). There is no inverse op.
import type { Dim, Model } from '../../ir/types';
import type { DType } from '../../ir/dtype';

/**
 * An attribute value in an edit: a typed value, or a plain one typed by the operator catalogue (e.g. 1 for
 * Gemm's float `alpha` becomes a float; without a catalogue entry integers become int, others float).
 */
export type EditAttributeValue =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | { readonly type: 'int' | 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'ints' | 'floats'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] };

/**
 * Values for an initializer from a NumPy .npy file: inline as base64 (what the studio stores: the history
 * and the session stay self-contained), or a path the host resolves (a recipe file may point at a .npy beside
 * it; the CLI reads it relative to the recipe).
 */
export type NpySource = { readonly base64: string } | { readonly file: string };

/** How `editInitializer` changes a constant. */
export type InitializerChange =
  /** Every real value × factor (float data; quantized data scales its quantization scale, factor > 0). */
  | { readonly kind: 'scale'; readonly factor: number }
  /** Every real value 0 (quantized data: every element its zero point). */
  | { readonly kind: 'zero' }
  /** The values of an .npy array of the same shape (float arrays convert to a float tensor's dtype). */
  | { readonly kind: 'npy'; readonly npy: NpySource };

/** The declared type of a new node's output, where the format needs it (TFLite declares every tensor). */
export interface OutputType {
  readonly dtype: DType;
  readonly shape?: readonly Dim[];
  /** Affine quantization of an integer output (TFLite int8 models). */
  readonly quant?: { readonly scale: readonly number[]; readonly zeroPoint: readonly number[]; readonly axis?: number };
}

/** One edit of a model's main graph. */
export type EditOp =
  /**
   * Removes `node`; readers of its output 0 read its input `input` (default 0) instead. When output 0 is a
   * graph output its name stays: the input tensor takes that name, unless the input is a graph input, a
   * constant or already an output — then the graph output becomes the input tensor (noted). Refused when
   * another output of the node is read or is a graph output.
   */
  | { readonly kind: 'bypassNode'; readonly node: string; readonly input?: number }
  /** Removes `node` and nothing else: its readers and graph outputs are left dangling (validation says so). */
  | { readonly kind: 'deleteNode'; readonly node: string }
  /**
   * Removes `node`, every node that can no longer compute (all of its non-constant inputs come from removed
   * nodes, repeatedly), and every node and constant that only fed removed nodes (repeatedly, stopping at graph
   * inputs, graph outputs and tensors something else reads). Graph outputs the removed nodes made are dropped.
   */
  | { readonly kind: 'deleteNodeCascade'; readonly node: string }
  /**
   * Adds a node of operator `op` (checked against the format's catalogue: arity, attributes, opset), placed
   * after the last producer of its inputs. `outputs` names its output tensors (default `<name>_out`, …);
   * `rewireConsumers` makes every other reader of `inputs[0]` read output 0 instead (insert on an edge).
   */
  | {
      readonly kind: 'addNode';
      readonly op: string;
      readonly domain?: string;
      readonly name?: string;
      readonly inputs: readonly string[];
      readonly outputs?: readonly string[];
      readonly attributes?: Readonly<Record<string, EditAttributeValue>>;
      readonly outputTypes?: readonly OutputType[];
      readonly rewireConsumers?: boolean;
    }
  /** Sets a node's stored name (its id, the handle edits use, stays). */
  | { readonly kind: 'renameNode'; readonly node: string; readonly name: string }
  /** Renames a tensor everywhere (its id and name: readers, producer, graph inputs/outputs, TFLite signatures). */
  | { readonly kind: 'renameTensor'; readonly tensor: string; readonly name: string }
  /** Makes input `input` of `node` read `tensor` ('' omits an optional input; index = input count appends). */
  | { readonly kind: 'rewireInput'; readonly node: string; readonly input: number; readonly tensor: string }
  /** Sets (or, with null, removes) an attribute, checked against the catalogue when the operator is in it. */
  | {
      readonly kind: 'setAttribute';
      readonly node: string;
      readonly name: string;
      readonly value: EditAttributeValue | null;
    }
  /** Declares a graph input's shape; declared shapes downstream that no longer agree are re-inferred. */
  | { readonly kind: 'setInputShape'; readonly input: string; readonly shape: readonly Dim[] }
  /**
   * Replaces symbolic dimensions by sizes everywhere they are declared (`dims`: name → size, e.g. N → 1);
   * `unknown` sizes the unnamed dynamic ones (ONNX dims without value or name, TFLite -1 in shape_signature).
   */
  | {
      readonly kind: 'fixSymbolicDims';
      readonly dims?: Readonly<Record<string, number>>;
      readonly unknown?: number;
    }
  /** Exposes a tensor as a graph output (its inferred type declared when the file declares none). */
  | { readonly kind: 'addGraphOutput'; readonly tensor: string }
  /** Stops exposing a tensor as a graph output (the nodes computing it stay). */
  | { readonly kind: 'removeGraphOutput'; readonly tensor: string }
  /** Changes a constant's values (see InitializerChange). */
  | { readonly kind: 'editInitializer'; readonly tensor: string; readonly change: InitializerChange }
  /**
   * Keeps only what lies between `inputs` and `outputs`: the nodes the outputs need when the inputs are
   * given, with the constants they read. The inputs become the graph inputs (with their inferred types).
   */
  | { readonly kind: 'extractSubgraph'; readonly inputs: readonly string[]; readonly outputs: readonly string[] };

export type EditKind = EditOp['kind'];

/** What an edit changed, for highlighting and history labels. */
export interface EditResult {
  readonly model: Model;
  /** Ids (in the new model) of nodes and tensors the edit added or changed. */
  readonly affected: { readonly nodes: readonly string[]; readonly tensors: readonly string[] };
  /** Ids (in the old model) of nodes and tensors that are gone. */
  readonly removed: { readonly nodes: readonly string[]; readonly tensors: readonly string[] };
  /** Sentences about choices the edit made (e.g. a graph output that had to change its name). */
  readonly notes: readonly string[];
}

/** What the host supplies to an edit: the bytes of files an op names (`{ file }` .npy sources). */
export interface EditContext {
  readonly readFile?: (path: string) => Uint8Array;
}
