// .npy / .npz reading and writing: round trips of every dtype, files written by NumPy itself, and the
// errors a damaged or unsupported file gets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { readNpy, writeNpy, type NpyArray } from './npy';
import { readNpz, writeNpz } from './npz';

const SAMPLES: readonly NpyArray[] = [
  { dtype: 'float32', shape: [2, 3], data: Float32Array.of(1.5, -2, 0, 3.25, 1e-8, -7) },
  { dtype: 'float64', shape: [3], data: Float64Array.of(Math.PI, -1e300, 0.1) },
  { dtype: 'int8', shape: [4], data: Int8Array.of(-128, -1, 0, 127) },
  { dtype: 'uint8', shape: [2, 2], data: Uint8Array.of(0, 1, 254, 255) },
  { dtype: 'int16', shape: [2], data: Int16Array.of(-32768, 32767) },
  { dtype: 'uint16', shape: [2], data: Uint16Array.of(0, 65535) },
  { dtype: 'int32', shape: [2, 1], data: Int32Array.of(-2147483648, 2147483647) },
  { dtype: 'int64', shape: [2], data: BigInt64Array.of(-(2n ** 63n), 2n ** 53n + 1n) },
  { dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) },
  { dtype: 'float32', shape: [], data: Float32Array.of(42) },
  { dtype: 'float32', shape: [0, 5], data: new Float32Array(0) },
];

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

describe('.npy', () => {
  it.each(SAMPLES.map((s) => [`${s.dtype} [${s.shape.join(', ')}]`, s] as const))('round-trips %s', (_, sample) => {
    const bytes = writeNpy(sample);
    // numpy.lib.format: the data starts on a 64-byte boundary.
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const back = readNpy(bytes);
    expect(back.dtype).toBe(sample.dtype);
    expect(back.shape).toEqual(sample.shape);
    expect(Array.from(back.data as ArrayLike<number | bigint>)).toEqual(
      Array.from(sample.data as ArrayLike<number | bigint>),
    );
  });

  it('reads data that does not start on an element boundary (a copy)', () => {
    const bytes = writeNpy(SAMPLES[1]!);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(readNpy(shifted.subarray(3)).data as Float64Array)).toEqual(
      Array.from(SAMPLES[1]!.data as Float64Array),
    );
  });

  it('names the file and the problem', () => {
    const good = writeNpy(SAMPLES[0]!);
    expect(code(() => readNpy(new Uint8Array(0), 'a.npy'))).toMatch(/^empty: a\.npy/);
    expect(code(() => readNpy(new TextEncoder().encode('hello, not numpy'), 'a.npy'))).toMatch(
      /^bad-magic: a\.npy: is not a NumPy \.npy file/,
    );
    expect(code(() => readNpy(good.subarray(0, good.length - 4), 'a.npy'))).toMatch(
      /^truncated: a\.npy: holds 20 bytes of data but shape \(2, 3\) of <f4 needs 24/,
    );
    expect(code(() => readNpy(good.subarray(0, 30), 'a.npy'))).toMatch(
      /^truncated: a\.npy: the file ends inside its header/,
    );
    const patch = (from: string, to: string): Uint8Array => {
      const text = new TextDecoder('latin1').decode(good).replace(from, to);
      return Uint8Array.from(text, (c) => c.charCodeAt(0));
    };
    expect(code(() => readNpy(patch("'fortran_order': False", "'fortran_order': True "), 'f.npy'))).toMatch(
      /^fortran-order: f\.npy: is stored in Fortran/,
    );
    expect(code(() => readNpy(patch("'<f4'", "'<c8'"), 'c.npy'))).toMatch(/^unsupported-dtype: c\.npy: dtype '<c8'/);
    expect(code(() => readNpy(patch("'<f4'", "'>f4'"), 'b.npy'))).toMatch(/big-endian/);
    expect(code(() => readNpy(patch("'descr'", "'descx'"), 'm.npy'))).toMatch(
      /^malformed: m\.npy: the header has no 'descr'/,
    );
  });
});

describe('.npz', () => {
  const arrays = { x: SAMPLES[0]!, y: SAMPLES[3]! };

  it.each([true, false])('round-trips (compress %s) with reproducible bytes', (compress) => {
    const bytes = writeNpz(arrays, { compress });
    expect(writeNpz(arrays, { compress })).toEqual(bytes);
    const back = readNpz(bytes).arrays;
    expect(Object.keys(back).sort()).toEqual(['x', 'y']);
    expect(Array.from(back['x']!.data as Float32Array)).toEqual(Array.from(arrays.x.data as Float32Array));
    expect(back['y']!.shape).toEqual([2, 2]);
  });

  it('refuses what is not an archive of arrays', () => {
    const bytes = writeNpz(arrays);
    expect(code(() => readNpz(writeNpy(SAMPLES[0]!), 'd.npz'))).toMatch(/^bad-magic: d\.npz: is not an \.npz file/);
    expect(code(() => readNpz(bytes.subarray(0, 40), 'd.npz'))).toMatch(
      /^truncated: d\.npz: the zip archive is damaged/,
    );
    expect(code(() => readNpz(new Uint8Array(0), 'd.npz'))).toMatch(/^empty/);
    const broken = writeNpz({ x: SAMPLES[0]! }, { compress: false });
    // Corrupt the magic of the stored .npy inside the archive: the error names the member.
    const at = broken.findIndex((b, i) => b === 0x93 && broken[i + 1] === 0x4e);
    broken[at] = 0;
    expect(code(() => readNpz(broken, 'd.npz'))).toMatch(/^bad-magic: d\.npz\/x\.npy/);
  });
});

const numpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!numpy)('NumPy interop (/usr/bin/python3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scaledown-npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const python = (code: string): string => {
    const run = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', cwd: dir });
    if (run.status !== 0) throw new Error(run.stderr);
    return run.stdout.trim();
  };

  it('reads what numpy.save / savez / savez_compressed write', () => {
    python(`
import numpy as np
x = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
np.save('f.npy', x)
np.save('i8.npy', np.array([-3, 2**40], dtype=np.int64))
np.save('b.npy', np.array([True, False]))
np.save('big.npy', np.zeros((70000,), dtype='<u2'))  # format 1.0 still; large data
np.savez('s.npz', x=x, y=np.array([1, 2], dtype=np.uint8))
np.savez_compressed('c.npz', x=x.astype(np.float16), y=np.array([[0, 1]], dtype=np.int32))
np.save('fortran.npy', np.asfortranarray(x))
`);
    const f = readNpy(readFileSync(join(dir, 'f.npy')), 'f.npy');
    expect(f.shape).toEqual([2, 3, 4]);
    expect(f.data[23]).toBeCloseTo(23 / 7, 6);
    expect(Array.from(readNpy(readFileSync(join(dir, 'i8.npy'))).data as BigInt64Array)).toEqual([-3n, 2n ** 40n]);
    expect(readNpy(readFileSync(join(dir, 'b.npy'))).dtype).toBe('bool');
    expect(readNpy(readFileSync(join(dir, 'big.npy'))).data.length).toBe(70000);
    const s = readNpz(readFileSync(join(dir, 's.npz')), 's.npz').arrays;
    expect(Array.from(s['y']!.data as Uint8Array)).toEqual([1, 2]);
    const c = readNpz(readFileSync(join(dir, 'c.npz')), 'c.npz').arrays;
    expect(c['x']!.dtype).toBe('float16');
    expect(c['y']!.shape).toEqual([1, 2]);
    expect(code(() => readNpy(readFileSync(join(dir, 'fortran.npy')), 'fortran.npy'))).toMatch(/^fortran-order/);
  });

  it('writes files numpy reads back equal', () => {
    writeFileSync(join(dir, 'ours.npy'), writeNpy(SAMPLES[7]!));
    writeFileSync(join(dir, 'ours.npz'), writeNpz({ x: SAMPLES[0]!, flags: SAMPLES[8]! }));
    expect(python(`import numpy as np; a = np.load('ours.npy'); print(a.dtype, a.tolist())`)).toBe(
      `int64 [-9223372036854775808, 9007199254740993]`,
    );
    expect(python(`import numpy as np; d = np.load('ours.npz'); print(d['x'].tolist(), d['flags'].dtype)`)).toBe(
      `[[1.5, -2.0, 0.0], [3.25, 9.99999993922529e-09, -7.0]] bool`,
    );
  });
});
