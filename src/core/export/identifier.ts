// C identifiers from file names. The result must be usable as a global in C11 and C++17 alike, and its
// derived names (NAME_len, NAME_ARENA_SIZE, the include guard) must be too.

// C11 + C23 keywords, C++17 keywords and alternative tokens, and macros our headers may see
// (<stdalign.h>, <avr/pgmspace.h>): a name equal to one of these would not compile.
const RESERVED = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long ' +
    'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    '_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local ' +
    'alignas alignof bool constexpr false nullptr static_assert thread_local true typeof typeof_unqual ' +
    'asm catch char8_t char16_t char32_t class concept consteval constinit const_cast co_await co_return ' +
    'co_yield decltype delete dynamic_cast explicit export friend mutable namespace new noexcept operator ' +
    'private protected public reinterpret_cast requires static_cast template this throw try typeid typename ' +
    'using virtual wchar_t and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq ' +
    'complex imaginary noreturn NULL PROGMEM main'
  ).split(' '),
);

/**
 * A valid C identifier from any text: "my-model v2.onnx" → "my_model_v2_onnx". Accents are dropped,
 * other characters outside [A-Za-z0-9_] become '_', runs of '_' collapse (C++ reserves "__"), leading and trailing '_' go (C
 * reserves "_X" at file scope), a leading digit gets "model_" in front, and a keyword gets "_model" after.
 */
export function cIdentifier(text: string): string {
  let name = text
    // Accented letters keep their base letter ("é" → "e") rather than becoming '_'.
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (name === '') return 'model';
  if (/^[0-9]/.test(name)) name = `model_${name}`;
  if (RESERVED.has(name)) name = `${name}_model`;
  return name;
}

/** The include-guard macro of a header for `name` (already an identifier). */
export function guardMacro(name: string): string {
  return `${name.toUpperCase()}_H_`;
}

/** True when `text` is already a valid identifier of ours (what cIdentifier returns unchanged). */
export function isCIdentifier(text: string): boolean {
  return cIdentifier(text) === text;
}

/** The header's file name: the one asked for, else NAME.h. */
export function headerFileName(name: string, headerFile?: string): string {
  return headerFile ?? `${name}.h`;
}

/** The .cc beside a header: "model.h" → "model.cc". */
export function sourceFileName(header: string): string {
  return `${header.replace(/\.(h|hh|hpp|hxx)$/i, '')}.cc`;
}
