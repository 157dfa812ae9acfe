// Acceptance (issue 7): every corpus model's header compiles as C11 and C++17 with -Wall -Wextra -Werror,
// single and split, with a section attribute; a program including it writes back the model's exact bytes;
// the TFLM examples compile (syntax) against a stub of the few TFLM declarations they use.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeModel } from '../analysis/analyze';
import { writeTflite } from '../formats/tflite/index';
import { tinyConvModel } from '../formats/tflite/test-models';
import { readModel } from '../formats/registry';
import { CORPUS_DIR, hasCorpus, listFiles, readBytes, REPO_ROOT } from '../../test-support/corpus';
import { cArrayFiles, cIdentifier, exampleFiles, TFLM_BUILTIN_METHODS, TFLM_CUSTOM_METHODS } from './index';
import type { ExportSubject, TextFile } from './types';

const COMPILERS = ((): boolean => {
  try {
    execFileSync('gcc', ['--version']);
    execFileSync('g++', ['--version']);
    return true;
  } catch {
    console.warn('[skip] gcc/g++ not found (apt-get install gcc g++); the C compile tests are skipped');
    return false;
  }
})();

const C_FLAGS = ['-std=c11', '-Wall', '-Wextra', '-Werror'];
const CXX_FLAGS = ['-std=c++17', '-Wall', '-Wextra', '-Werror'];
// Not .rodata.*: the default linker script merges those into .rodata, and the test looks for it by name.
const SECTION = 'scaledown_model';

interface Run {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

function exec(run: Run): Promise<{ ok: boolean; output: string }> {
  return new Promise((done) => {
    execFile(run.command, [...run.args], { cwd: run.cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      done({ ok: !error, output: `${run.command} ${run.args.join(' ')} (in ${run.cwd})\n${stdout}${stderr}` }),
    );
  });
}

// Compiles run in parallel, two at a time per core, so the whole corpus stays within a few seconds.
async function execAll(runs: readonly Run[], parallel = 4): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const r = await exec(runs[next++]!);
      if (!r.ok) failures.push(r.output.slice(0, 4000));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return failures;
}

function write(dir: string, files: readonly TextFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
}

let cached: ExportSubject[] | undefined;

/** Every model file of the corpus and the samples, each as the subject its own export describes. */
function subjects(): ExportSubject[] {
  cached ??= readSubjects();
  return cached;
}

function readSubjects(): ExportSubject[] {
  const paths = [
    ...listFiles(join(CORPUS_DIR, 'models'), ['.onnx', '.tflite', 'model.json']),
    ...listFiles(join(REPO_ROOT, 'public/samples'), ['.onnx', '.tflite']),
  ];
  const out: ExportSubject[] = [];
  for (const path of paths) {
    const folder = dirname(path);
    const main = { name: basename(path), bytes: readBytes(path) };
    // TF.js: model.json plus its weight files; each file is exported on its own (a header holds one file).
    const companions = path.endsWith('model.json')
      ? listFiles(folder, ['.bin']).map((p) => ({ name: basename(p), bytes: readBytes(p) }))
      : [];
    const model = readModel([main, ...companions]);
    const analysis = analyzeModel(model);
    const label = relative(CORPUS_DIR, path).startsWith('..') ? basename(path) : relative(CORPUS_DIR, path);
    for (const file of [main, ...companions])
      out.push({ fileName: file === main ? label : `${label}:${file.name}`, bytes: file.bytes, model, analysis });
  }
  return out;
}

const WRITER = (a: string, b: string) => `#include <stdint.h>
#include <stdio.h>
#include "a.h"
#include "b.h"

static int dump(const char* path, const unsigned char* data, unsigned int length, unsigned int alignment) {
  FILE* file = fopen(path, "wb");
  size_t written;
  if (!file) return 1;
  written = fwrite(data, 1, length, file);
  fclose(file);
  if (written != length) return 1;
  return ((uintptr_t)data % alignment) != 0 ? 4 : 0;
}

int main(int argc, char** argv) {
  if (argc < 3) return 8;
  return dump(argv[1], ${a}, ${a}_len, 16) | dump(argv[2], ${b}, ${b}_len, 64);
}
`;

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scaledown-c-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!COMPILERS || !hasCorpus())('C headers of the corpus', () => {
  it('compile as C11 and C++17 (single and split, with a section) and write back the exact bytes', async () => {
    const all = subjects();
    expect(all.length).toBeGreaterThanOrEqual(30);
    const runs: Run[] = [];
    const checks: { dir: string; subject: ExportSubject }[] = [];
    all.forEach((subject, i) => {
      const dir = join(root, `m${i}`);
      const a = `m${i}_a`;
      const b = `m${i}_b`;
      write(dir, [
        ...cArrayFiles(subject, { name: a, headerFile: 'a.h', section: SECTION }),
        ...cArrayFiles(subject, { name: b, headerFile: 'b.h', split: true, alignment: 64 }),
        { name: 'main.c', text: WRITER(a, b) },
      ]);
      runs.push(
        { command: 'gcc', args: [...C_FLAGS, '-x', 'c', 'main.c', 'b.cc', '-o', 'prog_c'], cwd: dir },
        { command: 'g++', args: [...CXX_FLAGS, '-x', 'c++', 'main.c', 'b.cc', '-o', 'prog_cxx'], cwd: dir },
      );
      checks.push({ dir, subject });
    });
    const failures = await execAll(runs);
    expect(failures).toEqual([]);
    console.log(`[c-header] ${runs.length} compile+link runs (gcc C11, g++ C++17) over ${all.length} model files`);

    const programs = checks.flatMap(({ dir }) =>
      ['prog_c', 'prog_cxx'].map((p) => ({ command: join(dir, p), args: [`${p}.a`, `${p}.b`], cwd: dir })),
    );
    expect(await execAll(programs)).toEqual([]);
    for (const { dir, subject } of checks)
      for (const p of ['prog_c', 'prog_cxx'])
        for (const part of ['a', 'b']) {
          const back = readFileSync(join(dir, `${p}.${part}`));
          // Compared as buffers: a mismatch names the model file.
          expect(Buffer.compare(back, subject.bytes), `${subject.fileName} (${p}, ${part})`).toBe(0);
        }
  });

  it('puts the array in the section asked for', () => {
    const dir = join(root, 'm0');
    const sections = execFileSync('readelf', ['-S', '-W', join(dir, 'prog_c')]).toString();
    expect(sections).toContain(SECTION);
  });
});

function smallSubject(fileName: string): ExportSubject {
  const model = tinyConvModel();
  const bytes = writeTflite(model)[0]!.bytes;
  return { fileName, bytes, model, analysis: analyzeModel(model) };
}

describe.skipIf(!COMPILERS)('names that are not C identifiers', () => {
  it('become identifiers both compilers take', async () => {
    const names = [
      'my-model v2.onnx',
      '2nd model.tflite',
      'int',
      'class',
      '__Reserved',
      'ünïcödé',
      '---',
      'main',
      'evil */ name ??/ /* x\n#error.tflite',
    ];
    const dir = join(root, 'names');
    const files: TextFile[] = [];
    const arrays = names.map((fileName, i) => {
      const subject = smallSubject(fileName);
      const name = cIdentifier(fileName);
      files.push(...cArrayFiles(subject, { headerFile: `h${i}.h` }));
      return name;
    });
    expect(arrays.slice(0, 2)).toEqual(['my_model_v2_onnx', 'model_2nd_model_tflite']);
    expect(new Set(arrays).size).toBe(names.length);
    const sum = arrays.map((a) => `${a}[0] + ${a}_len`).join(' + ');
    const main = [...names.map((_, i) => `#include "h${i}.h"`), `int main(void) { return (int)(${sum}) == 0; }`, ''];
    write(dir, [...files, { name: 'names.c', text: main.join('\n') }]);
    const failures = await execAll([
      { command: 'gcc', args: [...C_FLAGS, '-c', 'names.c', '-o', 'names_c.o'], cwd: dir },
      { command: 'g++', args: [...CXX_FLAGS, '-x', 'c++', '-c', 'names.c', '-o', 'names_cxx.o'], cwd: dir },
    ]);
    expect(failures).toEqual([]);
  });
});

// The few TFLM declarations the examples use, with TFLM's signatures (micro_interpreter.h,
// micro_mutable_op_resolver.h, common.h, micro_log.h, system_setup.h, schema_generated.h).
function tflmStub(): TextFile[] {
  const methods = [...Object.values(TFLM_BUILTIN_METHODS), ...Object.values(TFLM_CUSTOM_METHODS)];
  const core = `#pragma once
#include <cstddef>
#include <cstdint>
typedef enum { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;
typedef enum { kTfLiteNoType = 0, kTfLiteFloat32 = 1, kTfLiteInt32 = 2, kTfLiteUInt8 = 3, kTfLiteInt64 = 4,
  kTfLiteString = 5, kTfLiteBool = 6, kTfLiteInt16 = 7, kTfLiteComplex64 = 8, kTfLiteInt8 = 9 } TfLiteType;
typedef struct { float scale; int32_t zero_point; } TfLiteQuantizationParams;
typedef union { int32_t* i32; int64_t* i64; float* f; uint8_t* uint8; int16_t* i16; int8_t* int8; void* raw; } TfLitePtrUnion;
typedef struct { TfLiteType type; TfLitePtrUnion data; TfLiteQuantizationParams params; size_t bytes; } TfLiteTensor;
#define TFLITE_SCHEMA_VERSION (3)
namespace tflite {
struct Model { uint32_t version() const; };
inline const Model* GetModel(const void* buffer) { return static_cast<const Model*>(buffer); }
class MicroOpResolver { public: virtual ~MicroOpResolver(); };
template <unsigned int tOpCount> class MicroMutableOpResolver : public MicroOpResolver {
 public:
${methods.map((m) => `  TfLiteStatus ${m}();`).join('\n')}
};
class MicroInterpreter {
 public:
  MicroInterpreter(const Model* model, const MicroOpResolver& op_resolver, uint8_t* tensor_arena, size_t tensor_arena_size);
  TfLiteStatus AllocateTensors();
  TfLiteStatus Invoke();
  TfLiteTensor* input(size_t index);
  TfLiteTensor* output(size_t index);
  size_t arena_used_bytes() const;
};
void InitializeTarget();
}  // namespace tflite
void MicroPrintf(const char* format, ...) __attribute__((format(printf, 1, 2)));
`;
  const include = '#pragma once\n#include "tflm_stub.h"\n';
  return [
    { name: 'tflm_stub.h', text: core },
    ...['micro_interpreter.h', 'micro_log.h', 'micro_mutable_op_resolver.h', 'system_setup.h'].map((n) => ({
      name: `tensorflow/lite/micro/${n}`,
      text: include,
    })),
    { name: 'tensorflow/lite/schema/schema_generated.h', text: include },
    { name: 'TensorFlowLite.h', text: '#pragma once\n' },
    {
      name: 'Arduino.h',
      text: `#pragma once
struct SerialPort {
  void begin(unsigned long baud);
  void print(const char* text);
  void print(int value);
  void println(const char* text);
  void println(int value);
};
extern SerialPort Serial;
void delay(unsigned long ms);
`,
    },
  ];
}

describe.skipIf(!COMPILERS)('TFLM examples', () => {
  it('compile against a stub of TFLM, single header and split, for every corpus TFLite model', async () => {
    const stub = join(root, 'stub');
    for (const f of tflmStub()) write(join(stub, dirname(f.name)), [{ name: basename(f.name), text: f.text }]);
    const tflite = hasCorpus() ? subjects().filter((s) => s.model.format === 'tflite') : [];
    const all = [smallSubject('tiny_conv.tflite'), ...tflite];
    const runs: Run[] = [];
    all.forEach((subject, i) => {
      for (const split of [false, true]) {
        const dir = join(root, `ex${i}${split ? 's' : ''}`);
        const arrays = cArrayFiles(subject, { split });
        const examples = exampleFiles(subject, arrays[0]!, { split });
        write(dir, [...arrays, ...examples]);
        const ino = examples.find((f) => f.name.endsWith('.ino'))!.name;
        // The array itself is checked above; here the declarations are enough (and much faster to parse).
        const name = cIdentifier(subject.fileName);
        const common = [...CXX_FLAGS, '-I', stub, '-fsyntax-only', ...(split ? [] : [`-D${name}_DECLARATIONS_ONLY`])];
        // One g++ per folder for both programs (the Arduino stub header is harmless to main.cc).
        runs.push({
          command: 'g++',
          args: [...common, '-include', 'Arduino.h', '-x', 'c++', 'main.cc', ino],
          cwd: dir,
        });
      }
    });
    expect(await execAll(runs)).toEqual([]);
    console.log(`[c-header] ${runs.length * 2} example programs compiled (g++ -fsyntax-only against a TFLM stub)`);
  });
});
