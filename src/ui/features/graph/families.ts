import type { OpFamily } from '../../../workers/protocol';

/** How each op family looks: the legend's label and the node colour (also used by the minimap). */
export const FAMILY_STYLE: Readonly<Record<OpFamily, { readonly label: string; readonly color: string }>> = {
  conv: { label: 'Convolution', color: '#3569d6' },
  linear: { label: 'Linear / MatMul', color: '#7b4fd1' },
  activation: { label: 'Activation', color: '#d8434f' },
  normalization: { label: 'Normalization', color: '#21966b' },
  pooling: { label: 'Pooling / reduce', color: '#1596b8' },
  elementwise: { label: 'Element-wise', color: '#df8a16' },
  reshape: { label: 'Reshape / shape', color: '#6b7a90' },
  quantization: { label: 'Quantization', color: '#c04fae' },
  constant: { label: 'Constant', color: '#9aa1ab' },
  control: { label: 'Control flow', color: '#8a5a2b' },
  other: { label: 'Other', color: '#475569' },
};

/** Colour of graph input/output pseudo nodes. */
export const IO_COLOR = '#1f2937';
