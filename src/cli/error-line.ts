import { isCoreError } from '../core/index';
import { FileError, UsageError } from './command';

/** Collapses whitespace so a message never spans lines. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

// Core messages often start with the file's name already; the line names it once.
function withoutPrefix(message: string, names: readonly string[]): string {
  for (const name of names) if (name && message.startsWith(`${name}: `)) return message.slice(name.length + 2);
  return message;
}

/**
 * The one stderr line and exit code for an error: `<file>: <code>: <problem>` (exit 1), usage errors with
 * the synopsis (exit 2), and anything unexpected as `<file>: internal error: <message>` — never a stack.
 */
export function describeError(
  error: unknown,
  file: string | undefined,
  usage: string,
): { line: string; exitCode: number } {
  const where = file ?? 'scaledown';
  const base = file ? (file.split(/[\\/]/).pop() ?? file) : '';
  if (error instanceof UsageError) {
    const subject = error.subject ?? where;
    return { line: oneLine(`${subject}: ${error.message} (usage: ${usage})`), exitCode: 2 };
  }
  if (error instanceof FileError)
    return { line: oneLine(`${error.file}: ${error.code}: ${error.message}`), exitCode: 1 };
  if (isCoreError(error)) {
    const names = [file ?? '', base, error.subject ?? ''];
    return { line: oneLine(`${where}: ${error.code}: ${withoutPrefix(error.message, names)}`), exitCode: 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: oneLine(`${where}: internal error: ${message || 'unknown failure'}`), exitCode: 1 };
}
