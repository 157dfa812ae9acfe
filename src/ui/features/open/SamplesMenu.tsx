import { DropdownMenu } from '../../components/DropdownMenu';
import { useStudio } from '../../store';
import { openSample } from './samples';

/** The samples gallery: built-in models to open with one click. */
export function SamplesMenu() {
  const samples = useStudio((s) => s.samples);
  return (
    <DropdownMenu
      label="Samples"
      menuLabel="Samples"
      loadingNote="Loading samples…"
      emptyNote="No samples are available."
      entries={
        samples?.map((sample) => ({
          key: sample.id,
          title: sample.name,
          ...(sample.description ? { description: sample.description } : {}),
          onChoose: () => void openSample(sample),
        })) ?? null
      }
    />
  );
}
