// Checks of one node against its catalogue entry: how many inputs and outputs it has, which required ones
// are missing, its attributes (known, typed, allowed values, required ones present), and whether the
// element types of ports that must agree (ONNX type constraints, e.g. Add's A and B) do.
import type { TypeOf } from '../../analysis/type-lookup';
import { ALL_DTYPES } from '../../ir/dtype';
import type { Node } from '../../ir/types';
import { attributeProblem } from './attribute-values';
import { isTfInternalAttribute } from './catalogue-tfjs';
import { arity, type OperatorSpec, type PortSpec } from './catalogue-types';
import { nodeLabel } from './lookup';
import type { ModelProblem } from './problems';

function trimmed(ids: readonly string[]): readonly string[] {
  let end = ids.length;
  while (end > 0 && ids[end - 1] === '') end--;
  return ids.slice(0, end);
}

function portAt(ports: readonly PortSpec[], i: number): PortSpec | undefined {
  const last = ports[ports.length - 1];
  return i < ports.length ? ports[i] : last?.variadic ? last : undefined;
}

function arityProblems(node: Node, spec: OperatorSpec, side: 'inputs' | 'outputs'): ModelProblem[] {
  const ids = trimmed(node[side]);
  const { min, max } = arity(spec[side]);
  const label = nodeLabel(node);
  const noun = side === 'inputs' ? 'inputs' : 'outputs';
  const problems: ModelProblem[] = [];
  if (ids.length < min || ids.length > max) {
    const want = min === max ? `${min}` : Number.isFinite(max) ? `${min} to ${max}` : `at least ${min}`;
    problems.push({
      code: 'wrong-arity',
      severity: 'error',
      nodeId: node.id,
      message: `${label} has ${ids.length} ${noun}; ${node.op} takes ${want}`,
    });
  }
  ids.forEach((id, i) => {
    const port = portAt(spec[side], i);
    if (id === '' && port && !port.optional && !port.variadic)
      problems.push({
        code: 'wrong-arity',
        severity: 'error',
        nodeId: node.id,
        message: `${label} leaves its required ${side === 'inputs' ? 'input' : 'output'} ${i} (${port.name}) empty`,
      });
  });
  return problems;
}

function attributeProblems(node: Node, spec: OperatorSpec): ModelProblem[] {
  const label = nodeLabel(node);
  const problems: ModelProblem[] = [];
  for (const [name, attribute] of Object.entries(node.attributes)) {
    const a = spec.attributes.find((s) => s.name === name);
    // TFLite custom options ride as an attribute of their own; they are not an option field.
    if (!a && name === 'custom_options') continue;
    // TF's internal attributes ("_output_shapes", …) are not registered op attributes.
    if (!a && spec.format === 'tfjs' && isTfInternalAttribute(name)) continue;
    const message = a
      ? attributeProblem(attribute, a)
      : `unknown attribute "${name}" (${node.op} has ${spec.attributes.map((s) => s.name).join(', ') || 'none'})`;
    if (message)
      problems.push({ code: 'bad-attribute', severity: 'error', nodeId: node.id, message: `${label}: ${message}` });
  }
  for (const a of spec.attributes)
    if (a.required && node.attributes[a.name] === undefined)
      problems.push({
        code: 'bad-attribute',
        severity: 'error',
        nodeId: node.id,
        message: `${label} lacks its required attribute "${a.name}"`,
      });
  return problems;
}

const DTYPES: ReadonlySet<string> = new Set(ALL_DTYPES);

function typeProblems(node: Node, spec: OperatorSpec, typeOf: TypeOf): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const first = new Map<string, { id: string; dtype: string }>();
  const visit = (ids: readonly string[], ports: readonly PortSpec[]): void =>
    ids.forEach((id, i) => {
      const constraint = portAt(ports, i)?.type;
      const dtype = id === '' ? undefined : typeOf(id)?.dtype;
      if (!constraint || !dtype || dtype === 'undefined') return;
      if (DTYPES.has(constraint)) {
        if (dtype !== constraint)
          problems.push({
            code: 'dtype-mismatch',
            severity: 'error',
            nodeId: node.id,
            tensorId: id,
            message: `${nodeLabel(node)}: "${id}" is ${dtype}; ${node.op} needs ${constraint} there`,
          });
        return;
      }
      const seen = first.get(constraint);
      if (!seen) first.set(constraint, { id, dtype });
      else if (seen.dtype !== dtype)
        problems.push({
          code: 'dtype-mismatch',
          severity: 'error',
          nodeId: node.id,
          tensorId: id,
          message: `${nodeLabel(node)}: "${id}" is ${dtype} but "${seen.id}" is ${seen.dtype}; ${node.op} needs them of one type`,
        });
    });
  visit(node.inputs, spec.inputs);
  visit(node.outputs, spec.outputs);
  return problems;
}

/** Every way `node` departs from its catalogue entry. */
export function nodeProblems(node: Node, spec: OperatorSpec, typeOf: TypeOf): ModelProblem[] {
  return [
    ...arityProblems(node, spec, 'inputs'),
    ...arityProblems(node, spec, 'outputs'),
    ...attributeProblems(node, spec),
    ...typeProblems(node, spec, typeOf),
  ];
}
