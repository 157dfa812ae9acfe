// Shape rules by (format, domain, operator). One table per op family, in rules/. ONNX and TF.js have
// rules, each format its own tables: TFLite files declare every tensor's shape, and one format's op names
// would collide with another's (TF's Transpose takes its perm as an input, ONNX's as an attribute).
import type { FormatId } from '../ir/types';
import type { ShapeRule } from './context';
import { contribRules } from './rules/contrib';
import { controlFlowRules } from './rules/control-flow';
import { convRules } from './rules/conv';
import { elementwiseRules } from './rules/elementwise';
import { gatherRules } from './rules/gather';
import { generatorRules } from './rules/generators';
import { matmulRules } from './rules/matmul';
import { miscRules } from './rules/misc';
import { normalizationRules } from './rules/normalization';
import { poolRules } from './rules/pool';
import { quantRules } from './rules/quant';
import { recurrentRules } from './rules/recurrent';
import { reduceRules } from './rules/reduce';
import { reshapeRules } from './rules/reshape';
import { resizeRules } from './rules/resize';
import { sliceRules } from './rules/slice';
import { TFJS_RULE_TABLES } from './rules/tfjs';
import { trainingRules } from './rules/training';

/** The default ONNX domain ('' and 'ai.onnx' name the same domain). */
const ONNX = '';

const ONNX_TABLES: readonly (readonly [domain: string, rules: Readonly<Record<string, ShapeRule>>])[] = [
  [ONNX, elementwiseRules],
  [ONNX, convRules],
  [ONNX, poolRules],
  [ONNX, matmulRules],
  [ONNX, normalizationRules],
  [ONNX, reshapeRules],
  [ONNX, sliceRules],
  [ONNX, gatherRules],
  [ONNX, generatorRules],
  [ONNX, resizeRules],
  [ONNX, reduceRules],
  [ONNX, quantRules],
  [ONNX, recurrentRules],
  [ONNX, controlFlowRules],
  [ONNX, miscRules],
  ['ai.onnx.preview.training', trainingRules],
  ['com.microsoft', contribRules],
];

const key = (domain: string, op: string): string => `${domain}\u0000${op}`;

const ONNX_RULES = new Map<string, ShapeRule>();
for (const [domain, rules] of ONNX_TABLES) {
  for (const [op, rule] of Object.entries(rules)) {
    if (ONNX_RULES.has(key(domain, op))) throw new Error(`two shape rules for ${domain || 'ai.onnx'}::${op}`);
    ONNX_RULES.set(key(domain, op), rule);
  }
}

// TF.js graph models declare few shapes, so they are inferred too, with their own tables (rules/tfjs).
const TFJS_RULES = new Map<string, ShapeRule>();
for (const [domain, rules] of TFJS_RULE_TABLES) {
  for (const [op, rule] of Object.entries(rules)) {
    if (TFJS_RULES.has(key(domain, op))) throw new Error(`two TF.js shape rules for ${domain}::${op}`);
    TFJS_RULES.set(key(domain, op), rule);
  }
}

const REGISTRY: Partial<Record<FormatId, ReadonlyMap<string, ShapeRule>>> = { onnx: ONNX_RULES, tfjs: TFJS_RULES };

/** True when models of `format` are inferred with rules (otherwise their declared types are used). */
export function hasShapeRules(format: FormatId): boolean {
  return REGISTRY[format] !== undefined;
}

/** The rule for an operator of a domain ('' for the default ONNX domain), if there is one. */
export function ruleFor(domain: string, op: string, format: FormatId = 'onnx'): ShapeRule | undefined {
  return REGISTRY[format]?.get(key(domain === 'ai.onnx' ? ONNX : domain, op));
}

/** Every (domain, op) of ONNX with a shape rule, for listings and coverage reports. */
export function supportedShapeOps(): { domain: string; op: string }[] {
  return [...ONNX_RULES.keys()].map((k) => {
    const [domain = '', op = ''] = k.split('\u0000');
    return { domain, op };
  });
}
