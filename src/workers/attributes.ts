import { constantByteLength, constantElementCount, formatShape, toFloat64, type Attribute, type Tensor } from '../core';
import type { AttributeView } from './protocol';

// Long lists and strings are cut: the inspector is for reading, not for dumping megabytes into the DOM.
const MAX_LIST = 32;
const MAX_TEXT = 400;
const SMALL_TENSOR = 16;

/** A number as short text: integers as they are, other values with up to 6 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const text = value.toPrecision(6);
  // Drop trailing zeros of the fraction (but keep exponents such as 1.00000e-7 → 1e-7).
  return text.includes('e') ? text.replace(/\.?0+e/, 'e') : text.replace(/\.?0+$/, '');
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

function list<T>(values: readonly T[], show: (v: T) => string): string {
  const shown = values.slice(0, MAX_LIST).map(show).join(', ');
  const more = values.length > MAX_LIST ? `, … (${values.length - MAX_LIST} more)` : '';
  return `[${shown}${more}]`;
}

/** A one-line description of a constant tensor, with its values when it is tiny. */
export function describeTensor(tensor: Tensor): string {
  const count = constantElementCount(tensor);
  const head = `${tensor.dtype} ${formatShape(tensor.shape)}`;
  const bytes = tensor.data?.bytes;
  if (bytes && count <= SMALL_TENSOR) {
    const values = toFloat64(tensor.dtype, bytes);
    if (values) return `${head} ${list([...values.subarray(0, count)], formatNumber)}`;
  }
  return `${head} (${constantByteLength(tensor).toLocaleString('en-US')} B)`;
}

/** Display text for an attribute value: plain text the UI renders as text, never as HTML. */
export function displayAttribute(name: string, attribute: Attribute): AttributeView {
  return { name, type: attribute.type, value: attributeText(attribute) };
}

function attributeText(attribute: Attribute): string {
  switch (attribute.type) {
    case 'int':
      return String(attribute.value);
    case 'float':
      return formatNumber(attribute.value);
    case 'string':
      return clip(JSON.stringify(attribute.value));
    case 'ints':
      return list(attribute.value, String);
    case 'floats':
      return list(attribute.value, formatNumber);
    case 'strings':
      return clip(list(attribute.value, (s) => JSON.stringify(s)));
    case 'bytes':
      return `${attribute.value.byteLength.toLocaleString('en-US')} bytes`;
    case 'tensor':
      return describeTensor(attribute.value);
    case 'tensors':
      return list(attribute.value, describeTensor);
    case 'graph':
      return `graph ${JSON.stringify(attribute.value.name)} with ${attribute.value.nodes.length} nodes`;
    case 'graphs':
      return list(attribute.value, (g) => `graph ${JSON.stringify(g.name)} (${g.nodes.length} nodes)`);
    case 'opaque':
      return `${attribute.format} (${attribute.value.byteLength.toLocaleString('en-US')} bytes)`;
    case 'json':
      return clip(JSON.stringify(attribute.value));
  }
}
