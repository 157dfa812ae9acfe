// Timing helpers shared by the benchmarks: median of several runs, printed as one aligned row.

/** Median wall time in ms of `runs` calls of `work` (after one warm-up call). */
export async function medianMs(work: () => unknown, runs = 5): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Prints one benchmark row: what was measured, the figure, and an optional note. */
export function row(label: string, ms: number, note = ''): void {
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms  ${note}`);
}

/** Prints a section heading. */
export function section(title: string): void {
  console.log(`\n${title}`);
}
