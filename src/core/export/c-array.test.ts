import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../analysis/analyze';
import { TransformError } from '../errors';
import { writeTflite } from '../formats/tflite/index';
import { tinyConvModel } from '../formats/tflite/test-models';
import { commentLines, commentText } from './comment';
import { arenaReserve, describeQuant, flashBytes, resolveOptions } from './describe';
import { hexLines } from './hex';
import { cArrayFiles } from './index';
import { largeFcSubject } from './test-models';
import type { ExportSubject } from './types';

function tinySubject(fileName = 'tiny conv.tflite'): ExportSubject {
  const model = tinyConvModel();
  const bytes = writeTflite(model)[0]!.bytes;
  return { fileName, bytes, model, analysis: analyzeModel(model), generator: 'ScaleDown Studio tests' };
}

/** The bytes a header's initializer spells, read back from its text (a scan: 4 MB models are tested). */
function arrayBytes(text: string, name: string): Uint8Array {
  const start = text.indexOf('{', text.indexOf(`${name}[]`)) + 1;
  const end = text.indexOf('};', start);
  const out = new Uint8Array(end - start);
  const digit = (c: number): number => (c <= 57 ? c - 48 : c - 87);
  let n = 0;
  for (let i = text.indexOf('0x', start); i >= 0 && i < end; i = text.indexOf('0x', i + 4))
    out[n++] = digit(text.charCodeAt(i + 2)) * 16 + digit(text.charCodeAt(i + 3));
  return out.subarray(0, n);
}

function naiveHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 12) {
    const line = [...bytes.subarray(i, i + 12)].map((b) => `0x${b.toString(16).padStart(2, '0')},`).join(' ');
    out += `  ${line}\n`;
  }
  return out;
}

describe('hexLines', () => {
  it.each([0, 1, 11, 12, 13, 24, 257])('writes %i bytes as an oracle would', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
    expect(hexLines(bytes)).toBe(naiveHex(bytes));
  });

  it('covers every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    expect(hexLines(bytes)).toBe(naiveHex(bytes));
  });
});

describe('cArrayFiles', () => {
  it('writes one header: guard, extern "C", aligned array, length', () => {
    const subject = tinySubject();
    const files = cArrayFiles(subject);
    expect(files.map((f) => f.name)).toEqual(['tiny_conv_tflite.h']);
    const text = files[0]!.text;
    expect(text).toMatch(/#ifndef TINY_CONV_TFLITE_H_\n#define TINY_CONV_TFLITE_H_\n/);
    expect(text).toMatch(/#endif {2}\/\* TINY_CONV_TFLITE_H_ \*\/\n$/);
    expect(text).toContain('#ifdef __cplusplus\nextern "C" {\n#endif');
    expect(text).toContain('extern const unsigned char tiny_conv_tflite[];');
    expect(text).toContain('extern const unsigned int tiny_conv_tflite_len;');
    expect(text).toContain('alignas(16) const unsigned char tiny_conv_tflite[] = {\n');
    expect(text).toContain(`const unsigned int tiny_conv_tflite_len = ${subject.bytes.length}u;`);
    // alignas: a keyword in C++11 and C23, <stdalign.h> in C11/C17, the GCC attribute before C11.
    expect(text).toContain('#include <stdalign.h>');
    expect(text).toContain('#define alignas(n) __attribute__((aligned(n)))');
    expect(text).toContain(`#define tiny_conv_tflite_ARENA_SIZE ${arenaReserve(subject).totalBytes}\n`);
    expect(arrayBytes(text, 'tiny_conv_tflite')).toEqual(subject.bytes);
    expect(text).not.toContain('PROGMEM');
    expect(text).not.toContain('section(');
  });

  it('splits into declarations and a .cc definition', () => {
    const subject = tinySubject();
    const [h, cc] = cArrayFiles(subject, { split: true, name: 'g_model', headerFile: 'model_data.h' });
    expect([h!.name, cc!.name]).toEqual(['model_data.h', 'model_data.cc']);
    expect(h!.text).toContain('extern const unsigned char g_model[];');
    expect(h!.text).not.toMatch(/0x[0-9a-f]{2},/);
    expect(cc!.text).toContain('#include "model_data.h"');
    expect(cc!.text).toContain('alignas(16) const unsigned char g_model[] = {');
    expect(arrayBytes(cc!.text, 'g_model')).toEqual(subject.bytes);
  });

  it('adds PROGMEM for AVR, guarded, and a section attribute on request', () => {
    const avr = cArrayFiles(tinySubject(), { progmem: true, name: 'm' })[0]!.text;
    expect(avr).toContain('#if defined(__AVR__)\n#include <avr/pgmspace.h>\n#define SCALEDOWN_PROGMEM PROGMEM\n#else');
    expect(avr).toContain('const unsigned char m[] SCALEDOWN_PROGMEM = {');
    expect(avr).toContain('pgm_read_byte');
    const placed = cArrayFiles(tinySubject(), { section: '.rodata.model', name: 'm', alignment: 64 })[0]!.text;
    expect(placed).toContain('#define m_SECTION __attribute__((section(".rodata.model")))');
    expect(placed).toContain('alignas(64) const unsigned char m[] m_SECTION = {');
  });

  it.each([
    [{ alignment: 3 }, 'power of two'],
    [{ alignment: 0 }, 'power of two'],
    [{ alignment: 8192 }, 'power of two'],
    [{ section: 'a"b' }, 'section name'],
    [{ section: '' }, 'section name'],
    [{ section: '.x', progmem: true }, 'not both'],
    [{ arenaMarginPercent: -5 }, 'margin'],
    [{ headerFile: 'a"b.h' }, '#include'],
  ])('refuses %j', (options, message) => {
    expect(() => cArrayFiles(tinySubject(), options)).toThrow(TransformError);
    expect(() => cArrayFiles(tinySubject(), options)).toThrow(message);
  });

  it('keeps any file name inside the comment', () => {
    const subject = tinySubject('evil */ name ??/ /* x\n#error.tflite');
    const text = cArrayFiles(subject)[0]!.text;
    const comment = text.slice(0, text.indexOf('*/') + 2);
    expect(text.indexOf('*/')).toBe(text.indexOf('\n */\n') + 2);
    expect(comment).toContain('evil * / name ? ?/ / * x #error.tflite');
    expect(commentText('a*/b/*c??d\u2028e')).toBe('a* /b/ *c? ?d e');
  });

  it('exports a 4 MB model byte for byte', () => {
    const subject = largeFcSubject(1024);
    expect(subject.bytes.length).toBeGreaterThan(4 * 1024 * 1024);
    const [h] = cArrayFiles(subject);
    // Buffer.compare, not toEqual: a deep equality over 4M elements takes seconds.
    expect(Buffer.compare(arrayBytes(h!.text, 'large_fc_tflite'), subject.bytes)).toBe(0);
  });
});

describe('the comment block', () => {
  it('states inputs, outputs, quantization, the arena and the resolver', () => {
    const subject = {
      ...tinySubject(),
      lineage: [{ kind: 'quantize', summary: 'int8, per channel' }],
      accuracy: { data: 'mnist-digits', samples: 1000, top1: 0.987, agreement: 0.99 },
    };
    const lines = commentLines(subject, 'tiny', resolveOptions({}));
    const text = lines.join('\n');
    expect(text).toContain('[0] input  float32 [1, 8, 8, 3]');
    expect(text).toContain('[0] probs  int8 [1, 10]  scale 0.00390625, zero point -128');
    expect(text).toContain('recipe    1. quantize: int8, per channel');
    expect(text).toContain(
      'accuracy  top-1 98.70 %, agreement with the original 99.00 % on mnist-digits (1,000 samples)',
    );
    const arena = arenaReserve(subject);
    expect(text).toContain(`reserve tiny_ARENA_SIZE = ${arena.totalBytes.toLocaleString('en-US')} bytes`);
    expect(text).toContain(`${subject.analysis.arenaBytes.toLocaleString('en-US')} planned activations`);
    expect(text).toContain('margin (20 % of the plan)');
    expect(text).toContain('static tflite::MicroMutableOpResolver<5> resolver;');
    expect(text).toContain('resolver.AddConv2D();');
  });

  it('describes per-channel quantization with its channel count', () => {
    expect(describeQuant({ scale: [0.5, 0.25, 0.125], zeroPoint: [0, 0, 0], axis: 3 })).toBe(
      'per-channel (axis 3, 3 channels): scale 0.125 to 0.5, zero point 0',
    );
    expect(describeQuant({ scale: [0.1], zeroPoint: [-3] })).toBe('scale 0.1, zero point -3');
    expect(describeQuant(undefined)).toBe('not quantized');
  });
});

describe('arena and flash figures', () => {
  it('reserves the plan plus the margin plus TFLM bookkeeping, 16-byte aligned', () => {
    const subject = tinySubject();
    const r = arenaReserve(subject, { arenaMarginPercent: 50 });
    expect(r.plannedBytes).toBe(subject.analysis.arenaBytes);
    expect(r.marginBytes).toBe(Math.ceil(subject.analysis.arenaBytes / 2));
    expect(r.overheadBytes).toBeGreaterThan(1024);
    expect(r.totalBytes % 16).toBe(0);
    expect(r.totalBytes).toBeGreaterThanOrEqual(r.plannedBytes + r.marginBytes + r.overheadBytes);
    expect(r.totalBytes - 16).toBeLessThan(r.plannedBytes + r.marginBytes + r.overheadBytes);
  });

  it('counts the array padded to its alignment', () => {
    const subject = tinySubject();
    const n = subject.bytes.length;
    expect(flashBytes(subject)).toBe(Math.ceil(n / 16) * 16);
    expect(flashBytes(subject, { alignment: 1024 })).toBe(Math.ceil(n / 1024) * 1024);
  });
});
