// Shape rules of TF.js models, by domain: '' for graph-model nodes (TF ops), 'keras' for layers-model
// nodes (Keras layer classes). The registry keys them under the 'tfjs' format.
import { KERAS_DOMAIN } from '../../../formats/tfjs/keras';
import type { ShapeRule } from '../../context';
import { kerasConvRules } from './keras-conv';
import { kerasCoreRules } from './keras-core';
import { stridedSlice } from './strided-slice';
import { tfElementwiseRules } from './tf-elementwise';
import { tfGatherReduceRules } from './tf-gather-reduce';
import { tfNnRules } from './tf-nn';
import { tfShapeRules } from './tf-shape-ops';

/** Every TF.js rule table with its domain. */
export const TFJS_RULE_TABLES: readonly (readonly [domain: string, rules: Readonly<Record<string, ShapeRule>>])[] = [
  ['', tfElementwiseRules],
  ['', tfNnRules],
  ['', tfShapeRules],
  ['', tfGatherReduceRules],
  ['', { StridedSlice: stridedSlice }],
  [KERAS_DOMAIN, kerasCoreRules],
  [KERAS_DOMAIN, kerasConvRules],
];
