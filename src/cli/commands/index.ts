import type { Command } from '../command';
import { clusterCommand } from './cluster';
import { convertCommand } from './convert';
import { evalCommand } from './eval';
import { exportCommand } from '../export';
import { inspectCommand } from './inspect';
import { optimizeCommand } from './optimize';
import { planCommand } from '../plan';
import { pruneCommand } from './prune';
import { quantizeCommand } from './quantize';

/** Every `scaledown` command; a new command is one file in this folder plus one line here. */
export const COMMANDS: readonly Command[] = [
  inspectCommand,
  convertCommand,
  quantizeCommand,
  pruneCommand,
  clusterCommand,
  optimizeCommand,
  evalCommand,
  exportCommand,
  planCommand,
];
