// What can be done to a node or an edge of the graph: the context menu's entries and the Delete key's
// choice, worked out from the graph view alone (pure, for tests). An entry either is an edit or opens a
// dialog that asks for what the edit needs (a name, an operator, tensors).
import type { Dim, EditOp } from '../../../core';
import type { GraphNodeView, GraphView, PortView } from '../../../workers/protocol';

/** A dialog an entry opens; it makes the edit once the user has filled it in. */
export type EditDialog =
  | { readonly kind: 'rename-node'; readonly nodeId: string; readonly name: string }
  | { readonly kind: 'rename-tensor'; readonly tensorId: string; readonly name: string }
  /** The add-node palette; the new node reads `tensor` (and takes its readers) when there is one. */
  | { readonly kind: 'palette'; readonly tensor: string | null; readonly after: string | null }
  | { readonly kind: 'extract'; readonly inputs: readonly string[]; readonly outputs: readonly string[] }
  /** Which output of `source` feeds which input of `target` (a drag between them that could mean several). */
  | { readonly kind: 'rewire'; readonly source: string; readonly target: string };

export interface MenuAction {
  readonly key: string;
  readonly title: string;
  /** One line saying what it does. */
  readonly detail?: string;
  /** Set when the Delete key does the same. */
  readonly shortcut?: string;
  /** Why it cannot be done here (the entry is shown disabled). */
  readonly disabledReason?: string;
  readonly edit?: EditOp;
  readonly dialog?: EditDialog;
}

/** The inputs that carry data, not weights. */
export const dataInputs = (node: GraphNodeView): readonly PortView[] => node.inputs.filter((p) => !p.isConstant);

/** Ids of the tensors the graph exposes as outputs. */
export function graphOutputs(graph: GraphView): Set<string> {
  return new Set(graph.nodes.filter((n) => n.kind === 'output').map((n) => n.inputs[0]?.id ?? ''));
}

/** What the Delete key does to a node: bypass an operator with one data input, else delete it. */
export function deleteKeyEdit(node: GraphNodeView): EditOp | undefined {
  if (node.kind === 'output') {
    const tensor = node.inputs[0]?.id;
    return tensor === undefined ? undefined : { kind: 'removeGraphOutput', tensor };
  }
  if (node.kind !== 'op') return undefined;
  const data = dataInputs(node);
  return data.length === 1 && data[0]
    ? { kind: 'bypassNode', node: node.id, input: data[0].index }
    : { kind: 'deleteNode', node: node.id };
}

/** The edit that makes a graph input's symbolic (or unknown) first dimension 1, if it has one. */
export function fixBatchEdit(input: string, shape: readonly Dim[] | undefined): EditOp | undefined {
  const first = shape?.[0];
  if (!shape || first === undefined || typeof first === 'number') return undefined;
  if (typeof first === 'string' && first !== '') return { kind: 'fixSymbolicDims', dims: { [first]: 1 } };
  return { kind: 'setInputShape', input, shape: [1, ...shape.slice(1)] };
}

function outputEntries(ports: readonly PortView[], exposed: ReadonlySet<string>): MenuAction[] {
  return ports.map((port) =>
    exposed.has(port.id)
      ? {
          key: `unexpose:${port.id}`,
          title: ports.length > 1 ? `Stop exposing ${port.name} as an output` : 'Stop exposing the output',
          detail: `${port.name} is no longer a graph output; the nodes computing it stay.`,
          edit: { kind: 'removeGraphOutput', tensor: port.id },
        }
      : {
          key: `expose:${port.id}`,
          title: ports.length > 1 ? `Expose ${port.name} as graph output` : 'Expose output as graph output',
          detail: `${port.name} becomes an output of the model, to inspect or evaluate it.`,
          edit: { kind: 'addGraphOutput', tensor: port.id },
        },
  );
}

function operatorActions(node: GraphNodeView, exposed: ReadonlySet<string>): MenuAction[] {
  const data = dataInputs(node);
  const byKey = deleteKeyEdit(node)?.kind;
  const first = data[0];
  const label = node.name || node.id;
  return [
    {
      key: 'bypass',
      title: 'Bypass',
      detail: first ? `Removes ${label}; what read its output reads ${first.name} instead.` : undefined,
      ...(byKey === 'bypassNode' ? { shortcut: 'Del' } : {}),
      ...(first
        ? { edit: { kind: 'bypassNode', node: node.id, input: first.index } }
        : { disabledReason: `${label} has no data input to connect its readers to.` }),
    },
    {
      key: 'delete',
      title: 'Delete',
      detail: 'Removes only this node: what reads its output is left unconnected.',
      ...(byKey === 'deleteNode' ? { shortcut: 'Del' } : {}),
      edit: { kind: 'deleteNode', node: node.id },
    },
    {
      key: 'delete-cascade',
      title: 'Delete with what only it feeds',
      detail: 'Also removes the nodes that can no longer compute, and weights nothing else reads.',
      edit: { kind: 'deleteNodeCascade', node: node.id },
    },
    ...outputEntries(
      node.outputs.filter((p) => !p.isConstant),
      exposed,
    ),
    { key: 'rename', title: 'Rename…', dialog: { kind: 'rename-node', nodeId: node.id, name: node.name } },
    ...(node.outputs[0]
      ? [
          {
            key: 'add-after',
            title: 'Add node after…',
            detail: `The new node reads ${node.outputs[0].name} and takes its readers.`,
            dialog: { kind: 'palette', tensor: node.outputs[0].id, after: node.id } as const,
          },
        ]
      : []),
    {
      key: 'extract',
      title: 'Extract subgraph up to here…',
      detail: 'Saves the part of the model that computes this node as a model of its own.',
      dialog: { kind: 'extract', inputs: [], outputs: node.outputs.map((p) => p.id) },
    },
  ];
}

function renameTensor(port: PortView): MenuAction {
  return {
    key: 'rename-tensor',
    title: 'Rename tensor…',
    dialog: { kind: 'rename-tensor', tensorId: port.id, name: port.name },
  };
}

/** The context menu of a node. */
export function nodeMenu(node: GraphNodeView, graph: GraphView): MenuAction[] {
  if (node.kind === 'op') return operatorActions(node, graphOutputs(graph));
  const port = node.kind === 'input' ? node.outputs[0] : node.inputs[0];
  if (!port) return [];
  if (node.kind === 'output')
    return [
      {
        key: 'unexpose',
        title: 'Remove from graph outputs',
        detail: 'The nodes computing it stay.',
        shortcut: 'Del',
        edit: { kind: 'removeGraphOutput', tensor: port.id },
      },
      renameTensor(port),
      {
        key: 'extract',
        title: 'Extract subgraph up to here…',
        dialog: { kind: 'extract', inputs: [], outputs: [port.id] },
      },
    ];
  const fix = fixBatchEdit(port.id, port.shape);
  return [
    {
      key: 'fix-batch',
      title: 'Fix batch to 1',
      detail: fix ? 'Microcontroller runtimes need fixed sizes.' : undefined,
      ...(fix ? { edit: fix } : { disabledReason: 'The batch size is already fixed.' }),
    },
    renameTensor(port),
    {
      key: 'add-after',
      title: 'Add node after…',
      dialog: { kind: 'palette', tensor: port.id, after: node.id },
    },
  ];
}

/** The context menu of an edge, which carries one tensor. */
export function edgeMenu(tensorId: string, graph: GraphView): MenuAction[] {
  const port = graph.nodes.flatMap((n) => n.outputs).find((p) => p.id === tensorId);
  const name = port?.name ?? tensorId;
  const exposed = graphOutputs(graph).has(tensorId);
  return [
    exposed
      ? {
          key: 'unexpose',
          title: `Stop exposing ${name} as an output`,
          edit: { kind: 'removeGraphOutput', tensor: tensorId },
        }
      : {
          key: 'expose',
          title: 'Expose tensor as graph output',
          detail: `${name} becomes an output of the model.`,
          edit: { kind: 'addGraphOutput', tensor: tensorId },
        },
    { key: 'rename-tensor', title: 'Rename tensor…', dialog: { kind: 'rename-tensor', tensorId, name } },
    {
      key: 'insert',
      title: 'Insert node here…',
      detail: `The new node reads ${name} and takes its readers.`,
      dialog: { kind: 'palette', tensor: tensorId, after: null },
    },
  ];
}
