// The `scaledown` command (bin/scaledown.js runs this file through tsx). Everything, even an unexpected
// exception, ends as one stderr line and an exit code: never a stack trace.

export {};

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`scaledown: internal error: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  process.exitCode = 1;
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// A reader closing the pipe early (`scaledown inspect m.onnx | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') fail(error);
});

try {
  // Imported here rather than statically so that even a module failing to load is reported in one line.
  const { runCli } = await import('./run');
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  });
} catch (error) {
  fail(error);
}
