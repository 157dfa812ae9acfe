// Adding one sample to public/samples/index.json without dropping the others (each sample has its own
// generator; each rewrites only its own entry).
import { existsSync, readFileSync } from 'node:fs';
import type { GalleryEntry } from './card';

/** The gallery with `entry` in place of the entry of the same id, or appended when it is new. */
export function withGalleryEntry(gallery: readonly GalleryEntry[], entry: GalleryEntry): GalleryEntry[] {
  const at = gallery.findIndex((e) => e.id === entry.id);
  return at < 0 ? [...gallery, entry] : gallery.map((e, i) => (i === at ? entry : e));
}

/** The gallery list stored at `path`, or an empty one when there is no file yet. */
export function readGallery(path: string): GalleryEntry[] {
  if (!existsSync(path)) return [];
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path} is not a list of samples`);
  return parsed as GalleryEntry[];
}
