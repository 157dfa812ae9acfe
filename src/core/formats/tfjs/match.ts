// Recognising a TF.js model.json without parsing it: a JSON object whose text names a "modelTopology" or a
// "weightsManifest" key. A byte scan, so a large model.json is parsed once, by the reader.

const KEYS = ['"modelTopology"', '"weightsManifest"'].map((k) => Uint8Array.from(k, (c) => c.charCodeAt(0)));

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  for (
    let i = haystack.indexOf(first);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(first, i + 1)
  ) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** True when the bytes start (after whitespace or a BOM) with `{` and contain a TF.js model key. */
export function sniffTfjs(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b) return false;
  return KEYS.some((key) => indexOf(bytes, key) >= 0);
}
