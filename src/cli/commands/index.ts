import type { Command } from '../command';
import { convertCommand } from './convert';
import { inspectCommand } from './inspect';
import { quantizeCommand } from './quantize';

/** Every `scaledown` command; a new command is one file in this folder plus one line here. */
export const COMMANDS: readonly Command[] = [inspectCommand, convertCommand, quantizeCommand];
