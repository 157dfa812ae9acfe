import { expect, it } from 'vitest';
import { lines, runScaledown } from './spawn-cli';

/** A command line the CLI must refuse: its exit code and what its one stderr line says. */
export interface Refusal {
  readonly what: string;
  /** The arguments (a function, so paths in a temporary folder made in `beforeAll` resolve in time). */
  readonly args: () => string[];
  readonly code: number;
  readonly says: RegExp;
}

/** One test per refusal: the exit code, nothing on stdout, and exactly one line on stderr saying `says`. */
export function itRefusesEach(refusals: readonly Refusal[]): void {
  for (const f of refusals)
    it.concurrent(`refuses ${f.what} in one stderr line`, async () => {
      const r = await runScaledown(f.args());
      expect(r.code).toBe(f.code);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(f.says);
    });
}
