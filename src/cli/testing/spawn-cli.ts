import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../test-support/corpus';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/scaledown.js …args` as a user would; a 60 s timeout turns a hang into a failure. */
export function runScaledown(args: readonly string[], cwd: string = REPO_ROOT): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(REPO_ROOT, 'bin/scaledown.js'), ...args],
      { cwd, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The lines of a stream's text, without the final newline's empty line. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));
}
