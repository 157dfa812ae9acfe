// A folder of images with one sub-folder per class (DESIGN.md, "Datasets"), dropped as files with their
// relative paths or as a .zip. A shared root folder ("flowers/daisy/1.jpg") is allowed; classes are the
// folder names just above the images, sorted, and their index is the label.
import { unzipSync } from 'fflate';
import { DatasetError } from '../errors';

/** Extensions of images a browser decodes (createImageBitmap). */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'] as const;

export interface ImageItem {
  /** Path inside the folder or archive, '/'-separated. */
  readonly path: string;
  /** Index into `classes`. */
  readonly label: number;
  readonly bytes: Uint8Array;
}

export interface ImageFolder {
  /** The folder or archive name, for messages. */
  readonly name: string;
  /** Class names (folder names), sorted; a class's index is its label. */
  readonly classes: readonly string[];
  /** The images, by class then path. */
  readonly items: readonly ImageItem[];
}

const normalize = (path: string): string[] =>
  path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');

// Finder's __MACOSX copies, dot files (.DS_Store, ._x.jpg) and Windows' thumbnails are not data.
const isJunk = (segments: readonly string[]): boolean =>
  segments.some((s) => s.startsWith('.') || s === '__MACOSX') ||
  /^(thumbs\.db|desktop\.ini)$/i.test(segments[segments.length - 1] ?? '');

export const isImagePath = (path: string): boolean => {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext !== undefined && (IMAGE_EXTENSIONS as readonly string[]).includes(ext);
};

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Classes and items of an image folder. `entries` are its files (`bytes` of non-images are not read);
 * `folders` optionally names directories too (a zip's directory entries), so an empty class is reported.
 */
export function listImageFolder(
  entries: readonly { path: string; bytes: Uint8Array }[],
  name = 'the folder',
  folders: readonly string[] = [],
): ImageFolder {
  const files = entries
    .map((e) => ({ segments: normalize(e.path), bytes: e.bytes }))
    .filter((f) => !isJunk(f.segments));
  const images = files.filter((f) => f.segments.length > 0 && isImagePath(f.segments[f.segments.length - 1]!));
  const fail = (code: 'empty' | 'malformed', why: string): never => {
    throw new DatasetError(code, `${name}: ${why}`, name);
  };
  if (images.length === 0) fail('empty', `holds no images (${IMAGE_EXTENSIONS.join(', ')}; one sub-folder per class)`);
  const depth = images[0]!.segments.length;
  const other = images.find((f) => f.segments.length !== depth);
  if (other)
    fail(
      'malformed',
      `images sit at different depths ("${images[0]!.segments.join('/')}" and "${other.segments.join('/')}"): ` +
        'put every image directly in its class folder',
    );
  if (depth < 2)
    fail('malformed', `has no class folders: put the images in one sub-folder per class (e.g. cat/1.png, dog/1.png)`);
  // Segments above the class folder must be one shared root.
  const root = images[0]!.segments.slice(0, depth - 2);
  const stray = images.find((f) => f.segments.slice(0, depth - 2).join('/') !== root.join('/'));
  if (stray)
    fail(
      'malformed',
      `images sit under different folders ("${images[0]!.segments.slice(0, -1).join('/')}/" and ` +
        `"${stray.segments.slice(0, -1).join('/')}/"): drop one folder whose sub-folders are the classes`,
    );
  const classes = [...new Set(images.map((f) => f.segments[depth - 2]!))].sort(compare);
  // A folder at class level with no image in it (only other files, or nothing) is most likely a mistake.
  const underRoot = (segments: readonly string[]): string | undefined =>
    segments.length > root.length && root.every((s, i) => segments[i] === s) ? segments[root.length] : undefined;
  const candidates = [
    ...files.filter((f) => f.segments.length > root.length + 1).map((f) => f.segments),
    ...folders.map(normalize).filter((s) => !isJunk(s)),
  ];
  for (const segments of candidates) {
    const folder = underRoot(segments);
    if (folder !== undefined && !classes.includes(folder))
      fail('empty', `the class folder "${[...root, folder].join('/')}" holds no images`);
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const items = images
    .map((f) => ({ path: f.segments.join('/'), label: index.get(f.segments[depth - 2]!)!, bytes: f.bytes }))
    .sort((a, b) => a.label - b.label || compare(a.path, b.path));
  return { name, classes, items };
}

/** Classes and items of a .zip of an image folder (only the images are decompressed). */
export function listImageZip(zipBytes: Uint8Array, name = 'images.zip'): ImageFolder {
  if (zipBytes[0] !== 0x50 || zipBytes[1] !== 0x4b)
    throw new DatasetError('bad-magic', `${name}: is not a .zip archive`, name);
  const folders: string[] = [];
  const others: { path: string; bytes: Uint8Array }[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zipBytes, {
      filter: (file) => {
        if (file.name.endsWith('/')) folders.push(file.name);
        else if (!isImagePath(file.name)) others.push({ path: file.name, bytes: new Uint8Array(0) });
        return !file.name.endsWith('/') && isImagePath(file.name);
      },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DatasetError('truncated', `${name}: the zip archive is damaged or cut short (${why})`, name);
  }
  const entries = [...Object.entries(files).map(([path, bytes]) => ({ path, bytes })), ...others];
  return listImageFolder(entries, name, folders);
}
