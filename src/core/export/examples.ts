// Example programs for TensorFlow Lite Micro that use the header: a plain C++ main.cc and an Arduino
// sketch. The API used is TFLM's current one (GetModel, MicroMutableOpResolver, MicroInterpreter with
// the arena, input(i)/output(i), Invoke, arena_used_bytes).
import type { DType } from '../ir/dtype';
import { commentText } from './comment';
import { aFormat, formatName, ioLine, modelIo, type IoTensor } from './describe';
import { arrayName } from './c-array';
import { tflmResolver } from './tflm-ops';
import type { CArrayOptions, ExportSubject, TextFile } from './types';

/** How TFLM holds an element type: C type, TfLiteType enumerator, TfLitePtrUnion member, integer range. */
interface CType {
  readonly c: string;
  readonly tflite: string;
  readonly member: string;
  readonly range?: readonly [number, number];
}

const C_TYPES: Partial<Record<DType, CType>> = {
  float32: { c: 'float', tflite: 'kTfLiteFloat32', member: 'f' },
  int8: { c: 'int8_t', tflite: 'kTfLiteInt8', member: 'int8', range: [-128, 127] },
  uint8: { c: 'uint8_t', tflite: 'kTfLiteUInt8', member: 'uint8', range: [0, 255] },
  int16: { c: 'int16_t', tflite: 'kTfLiteInt16', member: 'i16', range: [-32768, 32767] },
  int32: { c: 'int32_t', tflite: 'kTfLiteInt32', member: 'i32', range: [-2147483648, 2147483647] },
};

// Values printed per output: enough for a classifier's scores, not a flood for an image.
const PRINT_LIMIT = 16;

function isQuantized(t: IoTensor): boolean {
  return t.quant !== undefined && t.quant.scale.length > 0 && C_TYPES[t.dtype]?.range !== undefined;
}

interface Flavour {
  /** "interpreter." or "interpreter->". */
  readonly it: string;
  /** Statements that stop the program on an error (`return 1;` in main, `return;` in loop). */
  readonly fail: readonly string[];
  /** Statements printing a label (text for a string literal) and an int expression. */
  readonly print: (label: string, value: string) => string[];
  readonly printText: (text: string) => string[];
  /** Statements printing "label[index] = value" (two int expressions). */
  readonly printIndexed: (label: string, index: string, value: string) => string[];
}

/** Statements indented one level. */
function nested(...statements: (string | readonly string[])[]): string[] {
  return statements.flat().map((l) => `  ${l}`);
}

function helperLines(subject: ExportSubject): string[] {
  const lines = [
    '// Your value for element i of input `index`: replace with sensor data.',
    'float InputValue(int index, size_t i) {',
    '  (void)index;',
    '  (void)i;',
    '  return 0.0f;',
    '}',
  ];
  const { inputs, outputs } = modelIo(subject);
  if (inputs.some(isQuantized))
    lines.push(
      '',
      "// A real value to the tensor's integers, as TFLite quantizes: round(x / scale) + zero_point, clamped.",
      'int32_t Quantize(float x, float scale, int32_t zero_point, int32_t lo, int32_t hi) {',
      '  const long q = std::lround(x / scale) + zero_point;',
      '  return static_cast<int32_t>(q < lo ? lo : (q > hi ? hi : q));',
      '}',
    );
  if (outputs.some(isQuantized))
    lines.push(
      '',
      '// Integers back to real values: scale * (q - zero_point).',
      'float Dequantize(int32_t q, float scale, int32_t zero_point) {',
      '  return scale * static_cast<float>(q - zero_point);',
      '}',
    );
  return lines;
}

function inputLines(t: IoTensor, f: Flavour): string[] {
  const v = `input${t.index}`;
  const type = C_TYPES[t.dtype];
  const head = [`// ${commentText(`Input ${ioLine(t)}`)}`, `TfLiteTensor* ${v} = ${f.it}input(${t.index});`];
  if (!type) return [...head, `// ${t.dtype}: fill ${v}->data.raw (${v}->bytes bytes) yourself.`];
  const [lo, hi] = type.range ?? [0, 0];
  const value = isQuantized(t)
    ? `static_cast<${type.c}>(Quantize(InputValue(${t.index}, i), ${v}->params.scale, ${v}->params.zero_point, ${lo}, ${hi}))`
    : `static_cast<${type.c}>(InputValue(${t.index}, i))`;
  return [
    ...head,
    `if (${v}->type != ${type.tflite}) {`,
    ...nested(f.printText(`input ${t.index} is not ${t.dtype}`), f.fail),
    '}',
    `for (size_t i = 0; i < ${v}->bytes / sizeof(${type.c}); ++i) {`,
    `  ${v}->data.${type.member}[i] = ${value};`,
    '}',
  ];
}

function outputLines(t: IoTensor, f: Flavour): string[] {
  const v = `output${t.index}`;
  const type = C_TYPES[t.dtype];
  const head = [`// ${commentText(`Output ${ioLine(t)}`)}`, `const TfLiteTensor* ${v} = ${f.it}output(${t.index});`];
  if (!type) return [...head, `// ${t.dtype}: read ${v}->data.raw (${v}->bytes bytes) yourself.`];
  const read = `${v}->data.${type.member}[i]`;
  const real = isQuantized(t)
    ? `Dequantize(${read}, ${v}->params.scale, ${v}->params.zero_point)`
    : t.dtype === 'float32'
      ? read
      : `static_cast<float>(${read})`;
  return [
    ...head,
    `for (size_t i = 0; i < ${v}->bytes / sizeof(${type.c}) && i < ${PRINT_LIMIT}; ++i) {`,
    `  const float value = ${real};`,
    `  // Printed in thousandths: printf-style %f is not available on every MCU.`,
    ...nested(
      f.printIndexed(`output ${t.index}`, 'static_cast<int>(i)', 'static_cast<int>(std::lround(value * 1000.0f))'),
    ),
    '}',
  ];
}

function indent(lines: readonly string[], by = '  '): string[] {
  return lines.map((l) => (l ? by + l : l));
}

function setupLines(subject: ExportSubject, name: string, f: Flavour, interpreter: readonly string[]): string[] {
  const resolver = tflmResolver(subject.model);
  return [
    `const tflite::Model* model = tflite::GetModel(${name});`,
    'if (model->version() != TFLITE_SCHEMA_VERSION) {',
    ...nested(f.printText('the model schema version is not the one this TFLM expects'), f.fail),
    '}',
    '',
    ...resolver.lines,
    ...interpreter,
    `if (${f.it}AllocateTensors() != kTfLiteOk) {`,
    ...nested(f.printText(`AllocateTensors() failed: raise ${name}_ARENA_SIZE`), f.fail),
    '}',
    ...f.print('arena bytes used:', `static_cast<int>(${f.it}arena_used_bytes())`),
  ];
}

function runLines(subject: ExportSubject, f: Flavour): string[] {
  const { inputs, outputs } = modelIo(subject);
  return [
    ...inputs.flatMap((t) => [...inputLines(t, f), '']),
    `if (${f.it}Invoke() != kTfLiteOk) {`,
    ...nested(f.printText('Invoke() failed'), f.fail),
    '}',
    ...outputs.flatMap((t) => ['', ...outputLines(t, f)]),
  ];
}

const TFLM_INCLUDES = [
  '#include "tensorflow/lite/micro/micro_interpreter.h"',
  '#include "tensorflow/lite/micro/micro_log.h"',
  '#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"',
  '#include "tensorflow/lite/micro/system_setup.h"',
  '#include "tensorflow/lite/schema/schema_generated.h"',
];

function arenaLines(name: string): string[] {
  return [
    `// ${name}_ARENA_SIZE: planned activations + margin + TFLM bookkeeping (see the header's comment).`,
    `constexpr size_t kTensorArenaSize = ${name}_ARENA_SIZE;`,
    'alignas(16) uint8_t tensor_arena[kTensorArenaSize];',
  ];
}

function mainCc(subject: ExportSubject, name: string, header: string): string {
  const f: Flavour = {
    it: 'interpreter.',
    fail: ['return 1;'],
    print: (label, value) => [`MicroPrintf("${label} %d", ${value});`],
    printText: (text) => [`MicroPrintf("${text}");`],
    printIndexed: (label, index, value) => [`MicroPrintf("${label}[%d] x1000 = %d", ${index}, ${value});`],
  };
  const interpreter = ['tflite::MicroInterpreter interpreter(model, resolver, tensor_arena, kTensorArenaSize);'];
  return [
    `// ${commentText(`main.cc: runs "${subject.fileName}" once with TensorFlow Lite Micro and prints its outputs.`)}`,
    `// Generated by ${commentText(subject.generator ?? 'ScaleDown Studio')}. Build it in a TFLM project with ${header} beside it.`,
    '#include <cmath>',
    '#include <cstddef>',
    '#include <cstdint>',
    '',
    ...TFLM_INCLUDES,
    '',
    `#include "${header}"`,
    '',
    'namespace {',
    '',
    ...arenaLines(name),
    '',
    ...helperLines(subject),
    '',
    '}  // namespace',
    '',
    'int main() {',
    '  tflite::InitializeTarget();',
    ...indent(setupLines(subject, name, f, interpreter)),
    '',
    ...indent(runLines(subject, f)),
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

function sketch(subject: ExportSubject, name: string, header: string): string {
  const setup: Flavour = {
    it: 'interpreter->',
    fail: ['interpreter = nullptr;', 'return;'],
    print: (label, value) => [`Serial.print("${label} ");`, `Serial.println(${value});`],
    printText: (text) => [`Serial.println("${text}");`],
    printIndexed: (label, index, value) => [
      `Serial.print("${label}[");`,
      `Serial.print(${index});`,
      'Serial.print("] x1000 = ");',
      `Serial.println(${value});`,
    ],
  };
  const loop: Flavour = { ...setup, fail: ['return;'] };
  const interpreter = [
    'static tflite::MicroInterpreter static_interpreter(model, resolver, tensor_arena, kTensorArenaSize);',
    'interpreter = &static_interpreter;',
  ];
  return [
    `// ${commentText(`${name}.ino: runs "${subject.fileName}" with TensorFlow Lite Micro on an Arduino board.`)}`,
    `// Generated by ${commentText(subject.generator ?? 'ScaleDown Studio')}. Put ${header} in this sketch's folder and install`,
    "// a TFLM library for your board (e.g. Arduino_TensorFlowLite, or your board vendor's port).",
    '#include <TensorFlowLite.h>',
    '',
    '#include <cmath>',
    '#include <cstddef>',
    '#include <cstdint>',
    '',
    ...TFLM_INCLUDES.filter((l) => !l.includes('micro_log') && !l.includes('system_setup')),
    '',
    `#include "${header}"`,
    '',
    'namespace {',
    '',
    ...arenaLines(name),
    'tflite::MicroInterpreter* interpreter = nullptr;',
    '',
    ...helperLines(subject),
    '',
    '}  // namespace',
    '',
    'void setup() {',
    '  Serial.begin(115200);',
    ...indent(setupLines(subject, name, setup, interpreter)),
    '}',
    '',
    'void loop() {',
    '  if (interpreter == nullptr) return;',
    ...indent(runLines(subject, loop)),
    '  delay(1000);',
    '}',
    '',
  ].join('\n');
}

/**
 * TFLM examples that use the header: main.cc (plain C++) and NAME.ino (Arduino). For a model that is not
 * TFLite, one note file instead: TFLM runs .tflite models only.
 */
export function exampleFiles(subject: ExportSubject, header: TextFile, options: CArrayOptions = {}): TextFile[] {
  const name = arrayName(subject, options);
  if (subject.model.format !== 'tflite')
    return [
      {
        name: 'EXAMPLES.md',
        text:
          `# No TensorFlow Lite Micro example for ${subject.fileName}\n\n` +
          `TensorFlow Lite Micro runs TFLite (.tflite) models only, and this is ${aFormat(subject)} model. ` +
          `\`${header.name}\` still gives its bytes (\`${name}\`, \`${name}_len\`) to a runtime that reads ` +
          `${formatName(subject)}. Export a TFLite variant to get the TFLM examples.\n`,
      },
    ];
  return [
    { name: 'main.cc', text: mainCc(subject, name, header.name) },
    { name: `${name}.ino`, text: sketch(subject, name, header.name) },
  ];
}
