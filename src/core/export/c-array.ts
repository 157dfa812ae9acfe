// The model as a C array: one header (declarations + definition) or a .h/.cc pair. Valid C11 and C++17
// (checked by gcc and g++ with -Wall -Wextra -Werror in the tests), aligned, extern "C"-safe.
import { commentBlock, commentLines, commentText } from './comment';
import { arenaReserve, resolveOptions, type ResolvedOptions } from './describe';
import { hexLines } from './hex';
import { cIdentifier, guardMacro, headerFileName, sourceFileName } from './identifier';
import type { CArrayOptions, ExportSubject, TextFile } from './types';

// The array is declared `alignas(N)`, as TFLM's examples spell it. alignas is a keyword in C++11 and C23;
// in C11/C17 it is a macro from <stdalign.h>; older GCC/Clang C gets the attribute it stands for.
const ALIGN_MACRO = [
  '#if !defined(__cplusplus) && !defined(alignas)',
  '#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && __STDC_VERSION__ < 202311L',
  '#include <stdalign.h>',
  '#elif !(defined(__STDC_VERSION__) && __STDC_VERSION__ >= 202311L)',
  '#define alignas(n) __attribute__((aligned(n)))',
  '#endif',
  '#endif',
];

// avr-libc's PROGMEM keeps constants in flash on AVR, where const data is otherwise copied to RAM.
const PROGMEM_MACRO = [
  '#ifndef SCALEDOWN_PROGMEM',
  '#if defined(__AVR__)',
  '#include <avr/pgmspace.h>',
  '#define SCALEDOWN_PROGMEM PROGMEM',
  '#else',
  '#define SCALEDOWN_PROGMEM',
  '#endif',
  '#endif',
];

function sectionMacro(name: string, section: string): string[] {
  return [
    '#if defined(__GNUC__) || defined(__clang__)',
    `#define ${name}_SECTION __attribute__((section("${section}")))`,
    '#else',
    `#define ${name}_SECTION`,
    '#endif',
  ];
}

const CPP_OPEN = ['#ifdef __cplusplus', 'extern "C" {', '#endif'];
const CPP_CLOSE = ['#ifdef __cplusplus', '}  /* extern "C" */', '#endif'];

/** The array's name: options.name made an identifier, else one from the file name. */
export function arrayName(subject: ExportSubject, options: CArrayOptions = {}): string {
  return cIdentifier(options.name ?? subject.fileName);
}

function declarations(name: string): string[] {
  return [
    `/* The model file, byte for byte. */`,
    `extern const unsigned char ${name}[];`,
    `/* Its length in bytes. */`,
    `extern const unsigned int ${name}_len;`,
  ];
}

function definition(subject: ExportSubject, name: string, o: ResolvedOptions): string {
  const attributes = [o.progmem ? ' SCALEDOWN_PROGMEM' : '', o.section ? ` ${name}_SECTION` : ''].join('');
  const body = subject.bytes.length ? hexLines(subject.bytes) : '  0x00,\n';
  return (
    `alignas(${o.alignment}) const unsigned char ${name}[]${attributes} = {\n` +
    body +
    `};\nconst unsigned int ${name}_len = ${subject.bytes.length}u;\n`
  );
}

function headerText(subject: ExportSubject, name: string, o: ResolvedOptions): string {
  const guard = guardMacro(name);
  const arena = arenaReserve(subject, o);
  const top = [
    commentBlock(commentLines(subject, name, o)),
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    `/* Bytes of tensor arena to reserve (see above). */`,
    `#define ${name}_ARENA_SIZE ${arena.totalBytes}`,
    `/* Alignment of the array in bytes. */`,
    `#define ${name}_ALIGNMENT ${o.alignment}`,
    '',
  ];
  const macros = o.split
    ? []
    : [...ALIGN_MACRO, ...(o.progmem ? PROGMEM_MACRO : []), ...(o.section ? sectionMacro(name, o.section) : []), ''];
  const body = o.split
    ? [...CPP_OPEN, '', ...declarations(name), '', ...CPP_CLOSE]
    : [
        ...CPP_OPEN,
        '',
        ...declarations(name),
        '',
        `#ifndef ${name}_DECLARATIONS_ONLY`,
        definition(subject, name, o) + `#endif  /* ${name}_DECLARATIONS_ONLY */`,
        '',
        ...CPP_CLOSE,
      ];
  return [...top, ...macros, ...body, '', `#endif  /* ${guard} */`, ''].join('\n');
}

function sourceText(subject: ExportSubject, name: string, header: string, o: ResolvedOptions): string {
  return [
    `/* ${commentText(`${sourceFileName(header)}: the array ${header} declares (the model "${subject.fileName}").`)} */`,
    '/* Generated; do not edit: export again instead. */',
    `#include "${header}"`,
    '',
    ...ALIGN_MACRO,
    ...(o.progmem ? PROGMEM_MACRO : []),
    ...(o.section ? sectionMacro(name, o.section) : []),
    '',
    ...CPP_OPEN,
    '',
    definition(subject, name, o),
    ...CPP_CLOSE,
    '',
  ].join('\n');
}

/** The C array files: [NAME.h] or, with `split`, [NAME.h, NAME.cc]. Throws TransformError on bad options. */
export function cArrayFiles(subject: ExportSubject, options: CArrayOptions = {}): TextFile[] {
  const o = resolveOptions(options);
  const name = arrayName(subject, options);
  const header = headerFileName(name, o.headerFile);
  const files: TextFile[] = [{ name: header, text: headerText(subject, name, o) }];
  if (o.split) files.push({ name: sourceFileName(header), text: sourceText(subject, name, header, o) });
  return files;
}
