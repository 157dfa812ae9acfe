// The types every op file needs, in one import.
export type { Node } from '../../ir/types';
export type { Kernel, KernelContext, OpDef, OpTable, RuntimeTensor } from '../types';
