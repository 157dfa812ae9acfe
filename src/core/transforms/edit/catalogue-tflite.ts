// The TFLite builtin operators users add to MCU models. Inputs and outputs follow the TFLite kernels
// (tensorflow/lite/kernels, and TFLM's); the attributes are the fields of each op's builtin option table
// as the schema declares them (formats/tflite/schema: names, types, defaults, enum names), so the
// catalogue and the reader/writer can never disagree on an option.
import { defaultOptionsOf, tableDef, type FieldDef } from '../../formats/tflite/schema';
import { A, ports, type AttributeSpec, type OperatorCategory, type OperatorSpec } from './catalogue-types';

const INTEGER = new Set(['byte', 'ubyte', 'short', 'ushort', 'int', 'uint', 'long', 'ulong']);

function fieldSpec(field: FieldDef): AttributeSpec | undefined {
  const type = field.type;
  const fallback = field.defaultValue;
  if (type.kind === 'enum') return A.enum(field.name, type.enumDef.names, type.enumDef.names[Number(fallback)]);
  if (type.kind === 'scalar') {
    if (type.scalar === 'bool') return A.bool(field.name, fallback ? 1 : 0);
    if (INTEGER.has(type.scalar)) return A.int(field.name, Number(fallback));
    return A.float(field.name, Number(fallback));
  }
  if (type.kind === 'vector' && type.element.kind === 'scalar') {
    if (INTEGER.has(type.element.scalar)) return A.ints(field.name);
    return A.floats(field.name);
  }
  return undefined;
}

/** The attributes of a builtin op: the fields of its option table (none for ops without options). */
export function tfliteOptionSpecs(op: string): AttributeSpec[] {
  const slot = defaultOptionsOf(op);
  if (!slot) return [];
  return tableDef(slot.table)
    .fields.filter((f) => !f.deprecated)
    .flatMap((f) => {
      const a = fieldSpec(f);
      return a ? [a] : [];
    });
}

interface Flags {
  readonly keepsType?: boolean;
  readonly keepsQuantization?: boolean;
}

function tflite(
  op: string,
  category: OperatorCategory,
  summary: string,
  inputs: string,
  outputs: string,
  flags: Flags = {},
): OperatorSpec {
  return {
    format: 'tflite',
    op,
    domain: '',
    since: 1,
    category,
    summary,
    inputs: ports(inputs),
    outputs: ports(outputs),
    attributes: tfliteOptionSpecs(op),
    ...flags,
  };
}

// Ops whose int8 kernels require the output to be quantized as the input is (TFLM checks it).
const PASS_QUANT: Flags = { keepsType: true, keepsQuantization: true };
const SAME: Flags = { keepsType: true };

/** Every catalogue entry for TFLite builtin operators. */
export const TFLITE_OPERATORS: readonly OperatorSpec[] = [
  tflite('CONV_2D', 'convolution', '2-D convolution (NHWC), optional bias', 'input filter bias?', 'output'),
  tflite('DEPTHWISE_CONV_2D', 'convolution', 'Depthwise 2-D convolution (NHWC)', 'input filter bias?', 'output'),
  tflite('FULLY_CONNECTED', 'linear', 'input · weightsᵀ + bias', 'input weights bias?', 'output'),
  tflite('AVERAGE_POOL_2D', 'pooling', 'Mean over sliding windows (NHWC)', 'input', 'output', PASS_QUANT),
  tflite('MAX_POOL_2D', 'pooling', 'Max over sliding windows (NHWC)', 'input', 'output', PASS_QUANT),
  tflite('ADD', 'arithmetic', 'a + b (broadcasting)', 'a:T b:T', 'output:T'),
  tflite('SUB', 'arithmetic', 'a − b (broadcasting)', 'a:T b:T', 'output:T'),
  tflite('MUL', 'arithmetic', 'a × b (broadcasting)', 'a:T b:T', 'output:T'),
  tflite('DIV', 'arithmetic', 'a ÷ b (broadcasting)', 'a:T b:T', 'output:T'),
  tflite('RELU', 'activation', 'max(x, 0)', 'input', 'output', PASS_QUANT),
  tflite('RELU6', 'activation', 'min(max(x, 0), 6)', 'input', 'output', PASS_QUANT),
  tflite('RELU_N1_TO_1', 'activation', 'min(max(x, −1), 1)', 'input', 'output', PASS_QUANT),
  tflite('LEAKY_RELU', 'activation', 'x, or alpha·x below 0', 'input', 'output', SAME),
  tflite('PRELU', 'activation', 'x, or alpha·x below 0 (alpha per channel)', 'input alpha', 'output', SAME),
  tflite('LOGISTIC', 'activation', '1 / (1 + e^-x)', 'input', 'output', SAME),
  tflite('TANH', 'activation', 'Hyperbolic tangent', 'input', 'output', SAME),
  tflite('HARD_SWISH', 'activation', 'x · relu6(x + 3) / 6', 'input', 'output', SAME),
  tflite('SOFTMAX', 'activation', 'Normalised exponentials along the last axis', 'input', 'output', SAME),
  tflite('RESHAPE', 'shape', 'Reshapes (shape as input or new_shape)', 'input shape?:int32', 'output', {
    keepsQuantization: true,
  }),
  tflite('SQUEEZE', 'shape', 'Removes axes of size 1', 'input', 'output', { keepsQuantization: true }),
  tflite('EXPAND_DIMS', 'shape', 'Inserts an axis of size 1', 'input axis', 'output', { keepsQuantization: true }),
  tflite('TRANSPOSE', 'shape', 'Permutes axes', 'input perm', 'output', { keepsQuantization: true }),
  tflite('CONCATENATION', 'shape', 'Joins tensors along `axis`', 'inputs*:T', 'output:T'),
  tflite('PAD', 'shape', 'Pads with zeros (with the zero point when quantized)', 'input paddings', 'output', {
    keepsQuantization: true,
  }),
  tflite('PADV2', 'shape', 'Pads with a given value', 'input paddings constant_values', 'output'),
  tflite('MEAN', 'arithmetic', 'Mean over the given axes', 'input axis', 'output'),
  tflite('STRIDED_SLICE', 'shape', 'Takes a strided window per axis', 'input begin end strides', 'output'),
  tflite('RESIZE_NEAREST_NEIGHBOR', 'shape', 'Nearest-neighbour resize (NHWC)', 'input size', 'output'),
  tflite('RESIZE_BILINEAR', 'shape', 'Bilinear resize (NHWC)', 'input size', 'output'),
  tflite('L2_NORMALIZATION', 'normalization', 'x / ‖x‖ along the last axis', 'input', 'output', SAME),
  tflite('QUANTIZE', 'quantization', 'Float (or int) to quantized int', 'input', 'output'),
  tflite('DEQUANTIZE', 'quantization', 'Quantized int (or float16) to float', 'input', 'output'),
];
