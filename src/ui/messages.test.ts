import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, errorTitle, type ErrorCode } from './messages';

// Every code the engine and the page can produce (a new code without a message fails to compile here).
const CODES: Record<ErrorCode, true> = {
  'empty-file': true,
  'unknown-format': true,
  truncated: true,
  malformed: true,
  'out-of-bounds': true,
  'missing-file': true,
  unsupported: true,
  'shape-mismatch': true,
  'rank-mismatch': true,
  'bad-attribute': true,
  'invalid-options': true,
  'not-applicable': true,
  'invalid-result': true,
  cancelled: true,
  'unknown-model': true,
  'unknown-tensor': true,
  'no-data': true,
  'invalid-recipe': true,
  internal: true,
  'read-failed': true,
  'fetch-failed': true,
  'not-same-origin': true,
  'unknown-sample': true,
  'no-samples': true,
  'invalid-project': true,
  'session-not-restored': true,
  'unsupported-op': true,
  'unsupported-case': true,
  'bad-feed': true,
  'bad-magic': true,
  'fortran-order': true,
  'missing-array': true,
  empty: true,
  'unsupported-dtype': true,
};

describe('messages table', () => {
  it('has a sentence for every code', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(Object.keys(CODES).sort());
    for (const code of Object.keys(CODES) as ErrorCode[]) {
      const text = ERROR_MESSAGES[code]('model.onnx');
      expect(text.length).toBeGreaterThan(10);
      expect(text.endsWith('.')).toBe(true);
    }
  });

  it('names the file in file errors', () => {
    for (const code of ['empty-file', 'unknown-format', 'truncated', 'malformed', 'missing-file'] as const)
      expect(errorTitle(code, 'bad.onnx')).toContain('bad.onnx');
  });

  it('falls back to the internal message for unknown codes', () => {
    expect(errorTitle('no-such-code', 'x.onnx')).toBe(ERROR_MESSAGES.internal('x.onnx'));
  });
});
