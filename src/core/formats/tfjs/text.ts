// UTF-8 and base64 without TextEncoder/TextDecoder/atob: the core's lib has no DOM or Node globals.
// model.json is UTF-8 JSON (RFC 8259), and proto3's JSON mapping writes `bytes` fields (AttrValue.s) as
// standard base64 with padding (RFC 4648 §4); readers must also accept the URL-safe alphabet (§5).

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
  // Every UTF-16 code unit takes at most 3 bytes.
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else code = 0xfffd;
    } else if (code >= 0xdc00 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** The text of UTF-8 bytes, or undefined when they are not valid UTF-8 (overlong forms and surrogates included). */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  const parts: string[] = [];
  // UTF-16 code units, flushed in chunks: String.fromCharCode takes its arguments on the stack.
  const units = new Uint16Array(8192 + 2);
  let n = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      units[n++] = b;
      i++;
    } else {
      const extra = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : 0;
      if (extra === 0) return undefined;
      let code = b & (0x3f >> extra);
      for (let k = 1; k <= extra; k++) {
        const c = bytes[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) return undefined;
        code = (code << 6) | (c & 0x3f);
      }
      const min = extra === 1 ? 0x80 : extra === 2 ? 0x800 : 0x10000;
      if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      if (code >= 0x10000) {
        units[n++] = 0xd800 + ((code - 0x10000) >> 10);
        units[n++] = 0xdc00 + ((code - 0x10000) & 0x3ff);
      } else units[n++] = code;
      i += extra + 1;
    }
    if (n >= 8192) {
      parts.push(String.fromCharCode(...units.subarray(0, n)));
      n = 0;
    }
  }
  parts.push(String.fromCharCode(...units.subarray(0, n)));
  return parts.join('');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
DECODE['-'.charCodeAt(0)] = 62;
DECODE['_'.charCodeAt(0)] = 63;

/** Standard base64 with padding. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/** Bytes of base64 text (standard or URL-safe alphabet, padding optional), or undefined when it is not base64. */
export function base64Decode(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const digit = code < 128 ? DECODE[code]! : -1;
    if (digit < 0) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
