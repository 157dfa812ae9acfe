// The user's data as the engine takes it: a folder of images picked (webkitdirectory) or dropped (read
// through the File and Directory Entries API), a .zip of one, and the bytes of every source.
import type { EvaluateSource, InputFile } from '../../../workers/protocol';
import type { ImageSet } from '../../store/evaluate-slice';
import { PageError } from '../open/read-bytes';
import { sampleUrl } from '../open/samples';
import type { ResolvedEvaluateForm } from './form';

/** The built-in digits (src/core/data: MNIST_DIGITS_FILE), served from public/samples. */
export const MNIST_FILE = 'mnist-digits.npz';

// Extensions of images a browser decodes (as src/core/data/image-folder.ts lists them).
const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;
// Finder's and Windows' companions are not data (the engine skips them too).
const JUNK = /(^|\/)(\.|__MACOSX\/)|(^|\/)(thumbs\.db|desktop\.ini)$/i;

export const isZip = (name: string): boolean => /\.zip$/i.test(name);

/** Only the images of a folder travel to the engine; its other files are left on disk. */
function imagesOnly(files: readonly { path: string; file: File }[]): { path: string; file: File }[] {
  return files.filter((f) => IMAGE.test(f.path) && !JUNK.test(f.path));
}

/** An image set from files with their paths inside a folder ("flowers/daisy/1.jpg"), or one .zip. */
export function imageSetOf(files: readonly { path: string; file: File }[]): ImageSet | undefined {
  const first = files[0];
  if (!first) return undefined;
  if (files.length === 1 && isZip(first.file.name)) return { name: first.file.name, files: [first], zip: true };
  // A dropped or picked folder names the set; class folders dropped side by side share no root.
  const root = first.path.split('/')[0] ?? '';
  const shared = files.every((f) => f.path.split('/').length >= 3 && f.path.startsWith(`${root}/`));
  return { name: shared ? root : 'dropped images', files: imagesOnly(files), zip: false };
}

/** The files of an `<input webkitdirectory>` with their paths inside the chosen folder. */
export function fromDirectoryInput(list: FileList | readonly File[]): ImageSet | undefined {
  const files = [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  return imageSetOf(files);
}

// The File and Directory Entries API's shapes, as far as a drop needs them.
interface Entry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
}
interface FileEntry extends Entry {
  file(success: (file: File) => void, failure: (error: unknown) => void): void;
}
interface DirectoryEntry extends Entry {
  createReader(): { readEntries(success: (entries: Entry[]) => void, failure: (error: unknown) => void): void };
}

const entryFile = (entry: FileEntry): Promise<File> => new Promise((ok, fail) => entry.file(ok, fail));

async function walk(entry: Entry, out: { path: string; file: File }[]): Promise<void> {
  if (entry.isFile) {
    out.push({ path: entry.fullPath.replace(/^\//, ''), file: await entryFile(entry as FileEntry) });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as DirectoryEntry).createReader();
  // readEntries hands a directory over in chunks (Chromium: 100 at a time) until it gives an empty one.
  for (;;) {
    const chunk = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (chunk.length === 0) break;
    for (const child of chunk) await walk(child, out);
  }
}

/**
 * What a drop holds: a folder (read recursively), a .zip, or plain files. The entries must be taken
 * while the drop event runs; they are read afterwards.
 */
export function droppedEntries(transfer: DataTransfer): () => Promise<ImageSet | undefined> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? (item.webkitGetAsEntry() as Entry | null) : null))
    .filter((e): e is Entry => e !== null);
  const plain = [...transfer.files];
  return async () => {
    if (entries.length === 0) return imageSetOf(plain.map((file) => ({ path: file.name, file })));
    const files: { path: string; file: File }[] = [];
    for (const entry of entries) await walk(entry, files);
    return imageSetOf(files);
  };
}

async function bytesOf(file: File, name = file.name): Promise<ArrayBuffer> {
  try {
    return await file.arrayBuffer();
  } catch {
    throw new PageError('read-failed', `${name}: the file could not be read`);
  }
}

let mnist: Promise<ArrayBuffer> | undefined;

/** The built-in digits, downloaded once (each request gets its own copy: buffers are transferred). */
async function mnistBytes(): Promise<ArrayBuffer> {
  mnist ??= (async () => {
    let response: Response;
    try {
      response = await fetch(sampleUrl(MNIST_FILE));
    } catch {
      throw new PageError('fetch-failed', `${MNIST_FILE}: the built-in digits could not be downloaded`);
    }
    if (!response.ok) throw new PageError('fetch-failed', `${MNIST_FILE}: the server answered ${response.status}`);
    return response.arrayBuffer();
  })();
  mnist.catch(() => (mnist = undefined));
  return (await mnist).slice(0);
}

/** The source of the form's data, its bytes read (a fresh copy for each request). */
export async function sourceOf(form: ResolvedEvaluateForm): Promise<EvaluateSource> {
  switch (form.data) {
    case 'mnist':
      return { kind: 'mnist', pixelScale: form.pixelScale, file: { name: MNIST_FILE, bytes: await mnistBytes() } };
    case 'file': {
      const file = form.file!;
      return { kind: 'file', file: { name: file.name, bytes: await bytesOf(file) } };
    }
    case 'csv': {
      const file = form.csvFile!;
      const label = form.labelColumn ?? -1;
      return {
        kind: 'csv',
        file: { name: file.name, bytes: await bytesOf(file) },
        ...(label >= 0 ? { labelColumn: label } : {}),
      };
    }
    case 'images': {
      const set = form.images!;
      const files: InputFile[] = [];
      for (const f of set.files)
        files.push({ name: set.zip ? f.file.name : f.path, bytes: await bytesOf(f.file, f.path) });
      return {
        kind: 'images',
        files,
        ...(typeof form.image === 'object' ? { preprocessing: form.image } : {}),
      };
    }
  }
}

/** The first lines of a text file (enough to see its columns). */
export async function headOf(file: File, bytes = 64 * 1024): Promise<string> {
  try {
    return await file.slice(0, bytes).text();
  } catch {
    throw new PageError('read-failed', `${file.name}: the file could not be read`);
  }
}
