// The array initializer: the hot loop of the export. A 4 MB model is 24 MB of text, so bytes are written
// as ASCII into one preallocated buffer from a 256-entry table, then turned into a string in chunks —
// never one string concatenation per byte.

/** Bytes per line of the initializer (12 × "0x00, " = 72 columns after the indent). */
export const BYTES_PER_LINE = 12;

// Every piece of the text is two characters ("  ", "0x", "NN", ", ", ",\n"), so the text is written as
// 16-bit units: three stores per byte. The table holds each pair in the platform's byte order.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pair = (text: string): number => {
  const a = text.charCodeAt(0);
  const b = text.charCodeAt(1);
  return LITTLE_ENDIAN ? a | (b << 8) : (a << 8) | b;
};
const DIGITS = '0123456789abcdef';
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => pair(DIGITS[b >> 4]! + DIGITS[b & 15]!));
const INDENT = pair('  ');
const PREFIX = pair('0x');
const SEPARATOR = pair(', ');
const LINE_END = pair(',\n');

// String.fromCharCode takes its arguments on the stack: small chunks stay below engine limits and, in V8,
// are also the fastest size for it.
const CHUNK = 0x1000;

interface AsciiDecoder {
  decode(bytes: Uint8Array): string;
}
// TextDecoder (WHATWG Encoding) exists in every engine the core runs in (browsers, workers, Node >= 11)
// and turns 24 MB of ASCII into a string ~10x faster than fromCharCode; the core's lib does not declare
// it, so it is looked up, with fromCharCode as the fallback.
const Decoder = (globalThis as { TextDecoder?: new () => AsciiDecoder }).TextDecoder;
const decoder: AsciiDecoder | undefined = Decoder ? new Decoder() : undefined;

/** ASCII bytes as a string. */
export function asciiText(bytes: Uint8Array): string {
  if (decoder) return decoder.decode(bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

/**
 * The bytes as C initializer lines: `  0x00, 0x1c, …,\n`, 12 per line, every line ending in a comma and a
 * newline (a trailing comma after the last element is valid C and C++).
 */
export function hexLines(bytes: Uint8Array): string {
  const count = bytes.length;
  if (count === 0) return '';
  const lines = Math.ceil(count / BYTES_PER_LINE);
  const out = new Uint16Array(lines + count * 3);
  let at = 0;
  for (let i = 0; i < count; i += BYTES_PER_LINE) {
    out[at++] = INDENT;
    const end = Math.min(i + BYTES_PER_LINE, count);
    for (let j = i; j < end; j++) {
      out[at] = PREFIX;
      out[at + 1] = HEX_PAIRS[bytes[j]!]!;
      out[at + 2] = SEPARATOR;
      at += 3;
    }
    out[at - 1] = LINE_END;
  }
  return asciiText(new Uint8Array(out.buffer));
}
