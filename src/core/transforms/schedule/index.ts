// Execution-order transforms: the main graph's nodes re-sequenced (e.g. into a memory-optimised order).
export { reorderNodes } from './reorder-nodes';
