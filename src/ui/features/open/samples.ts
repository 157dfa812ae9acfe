import { studioStore } from '../../store';
import type { SampleCard, SampleEntry } from '../../store/types';
import { openUrl } from './actions';

const base = (): string => import.meta.env.BASE_URL ?? '/';

/** URL of a file in public/samples. */
export function sampleUrl(file: string): string {
  return `${base()}samples/${file}`;
}

function isEntry(value: unknown): value is SampleEntry {
  const v = value as Partial<Record<keyof SampleEntry, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.file === 'string'
  );
}

/** The samples gallery (public/samples/index.json); malformed entries are skipped. */
export async function loadSamples(): Promise<SampleEntry[]> {
  const response = await fetch(sampleUrl('index.json'));
  if (!response.ok) throw new Error(`samples/index.json: ${response.status}`);
  const data: unknown = await response.json();
  const list = Array.isArray(data) ? data : [];
  const samples = list.filter(isEntry);
  studioStore.getState().setSamples(samples);
  return samples;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The fields of a sample card the model panel shows; anything else in the file is ignored. */
export function parseCard(data: unknown): SampleCard | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const held = typeof d.heldOut === 'object' && d.heldOut !== null ? (d.heldOut as Record<string, unknown>) : {};
  const samples = num(held.samples);
  const top1 = num(held.top1);
  const input = typeof d.input === 'object' && d.input !== null ? (d.input as Record<string, unknown>) : {};
  const inputRange = input.range === '0..1' || input.range === '0..255' ? input.range : undefined;
  const card: SampleCard = {
    ...(text(d.description) ? { description: text(d.description) } : {}),
    ...(text(d.architecture) ? { architecture: text(d.architecture) } : {}),
    ...(text(d.trainedOn) ? { trainedOn: text(d.trainedOn) } : {}),
    ...(top1 !== undefined ? { heldOut: { top1, ...(samples !== undefined ? { samples } : {}) } } : {}),
    ...(inputRange ? { inputRange } : {}),
  };
  return Object.keys(card).length > 0 ? card : undefined;
}

async function loadCard(sample: SampleEntry): Promise<SampleCard | undefined> {
  if (!sample.card) return sample.description ? { description: sample.description } : undefined;
  const response = await fetch(sampleUrl(sample.card));
  if (!response.ok) return undefined;
  return parseCard(await response.json());
}

/** Opens a gallery sample, with its card. */
export function openSample(sample: SampleEntry): Promise<void> {
  return openUrl(sampleUrl(sample.file), sample.file, { card: loadCard(sample) });
}

/** Opens the sample with this id, or shows that there is none. */
export async function openSampleById(id: string): Promise<void> {
  const samples = studioStore.getState().samples ?? (await loadSamples());
  const sample = samples.find((s) => s.id === id);
  if (sample) return openSample(sample);
  studioStore.getState().setError({ code: 'unknown-sample', fileName: id, message: `no sample has the id "${id}"` });
}
