import { parseArgs } from 'node:util';
import { UsageError, type Command, type CommandIO, type ParsedArgs } from './command';
import { COMMANDS } from './commands/index';
import { describeError } from './error-line';

const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return (
    [
      'Usage: scaledown <command> [options]',
      '',
      'Commands:',
      ...lines,
      '',
      "Run 'scaledown <command> --help' for its options.",
    ].join('\n') + '\n'
  );
}

function commandHelp(command: Command): string {
  const notes = command.notes?.length ? ['', ...command.notes] : [];
  const options = [...command.optionHelp, '  -h, --help                 show this help'];
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...options, ...notes].join('\n') + '\n';
}

// node:util's messages are long and mention '--' tricks; say just what was wrong.
function parseProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${option ?? message}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `option '${option ?? '?'}' needs a value`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument';
  return message;
}

// The model file the error line should name, found even when strict parsing fails.
function firstPositional(command: Command, args: readonly string[]): string | undefined {
  try {
    const loose = parseArgs({
      args: [...args],
      options: { ...command.options, ...COMMON_OPTIONS },
      allowPositionals: true,
      strict: false,
    });
    return loose.positionals[0];
  } catch {
    return undefined;
  }
}

function parseCommandArgs(command: Command, args: readonly string[]): ParsedArgs {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...command.options, ...COMMON_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(parseProblem(error));
  }
}

/** Runs `scaledown <argv…>`; returns the exit code. Every failure becomes exactly one stderr line. */
export async function runCli(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(
      `scaledown: no command given (usage: scaledown <command> [options]; commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`,
    );
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topLevelHelp());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`scaledown: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  let file = firstPositional(command, rest);
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values['help'] === true) {
      io.stdout(commandHelp(command));
      return 0;
    }
    file = args.positionals[0];
    if (args.positionals.length < command.minPositionals)
      throw new UsageError(
        `expects ${command.minPositionals === 1 ? 'a model file' : `${command.minPositionals} files`}`,
      );
    if (command.maxPositionals !== undefined && args.positionals.length > command.maxPositionals)
      throw new UsageError(`takes at most ${command.maxPositionals} files`);
    return await command.run(args, io);
  } catch (error) {
    const { line, exitCode } = describeError(error, file ?? `scaledown ${command.name}`, command.usage);
    io.stderr(`${line}\n`);
    return exitCode;
  }
}
