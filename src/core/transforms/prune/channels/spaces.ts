// Channel spaces: one per prunable layer, merged (union–find) when their channels meet element by
// element (residual Adds), so a whole group is pruned with one decision. A group is blocked as soon as
// one of its activations reaches something the pruner cannot rewrite.
import { FIXED, type Segment } from './layout';

/** A prunable layer: the node whose weight owns the output channels. */
export interface Producer {
  /** Index of the node in the graph. */
  readonly node: number;
  readonly channels: number;
  /** Weight input and the axis of its output channels (for the channel norms). */
  readonly weightInput: number;
  readonly weightAxis: number;
}

export class SpaceTable {
  private readonly parent: number[] = [];
  readonly producers: Producer[] = [];
  /** Why each root was blocked (first reason wins; later ones are kept as extra notes). */
  private readonly blocked = new Map<number, string[]>();

  /** A new space for a prunable layer; returns its id. */
  add(producer: Producer): number {
    const id = this.parent.length;
    this.parent.push(id);
    this.producers.push(producer);
    return id;
  }

  get size(): number {
    return this.parent.length;
  }

  find(space: number): number {
    let root = space;
    while (this.parent[root] !== root) root = this.parent[root]!;
    // Path compression keeps later look-ups flat.
    let s = space;
    while (this.parent[s] !== root) {
      const next = this.parent[s]!;
      this.parent[s] = root;
      s = next;
    }
    return root;
  }

  /** Merges two spaces (their channels must be pruned alike); blocked reasons follow the merged root. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    this.parent[rb] = ra;
    const moved = this.blocked.get(rb);
    if (moved) {
      this.blocked.set(ra, [...(this.blocked.get(ra) ?? []), ...moved]);
      this.blocked.delete(rb);
    }
  }

  /** Two segments that meet element by element: merge them, or block when one has fixed channels. */
  pair(x: Segment, y: Segment, reason: string): void {
    if (x.space === FIXED && y.space === FIXED) return;
    if (x.space === FIXED) this.block(y.space, reason);
    else if (y.space === FIXED) this.block(x.space, reason);
    else this.union(x.space, y.space);
  }

  block(space: number, reason: string): void {
    if (space === FIXED) return;
    const root = this.find(space);
    const list = this.blocked.get(root);
    if (!list) this.blocked.set(root, [reason]);
    else if (!list.includes(reason)) list.push(reason);
  }

  /** Reasons the group of `space` cannot be pruned (empty when it can). */
  reasons(space: number): readonly string[] {
    return this.blocked.get(this.find(space)) ?? [];
  }

  /** Spaces grouped by root, in order of their first member. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let s = 0; s < this.parent.length; s++) {
      const root = this.find(s);
      const list = byRoot.get(root);
      if (list) list.push(s);
      else byRoot.set(root, [s]);
    }
    return [...byRoot.values()];
  }
}
