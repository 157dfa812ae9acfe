#!/usr/bin/env node
// Runs the TypeScript CLI straight from src/ (tsx compiles on the fly), so `npx scaledown` works in a
// fresh clone right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
