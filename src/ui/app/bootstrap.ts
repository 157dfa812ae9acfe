import { openUrl } from '../features/open/actions';
import { loadSamples, openSample, openSampleById } from '../features/open/samples';
import { studioStore } from '../store';

/**
 * What the page opens first, from its query string: `?url=<same-origin path>`, `?sample=<id>`, `?blank`
 * (nothing), or by default the first sample of the gallery.
 */
export async function bootstrap(search: string): Promise<void> {
  const params = new URLSearchParams(search);
  const samples = loadSamples().catch(() => {
    studioStore.getState().setSamples([]);
    return [];
  });
  const url = params.get('url');
  if (url) return openUrl(url);
  const id = params.get('sample');
  if (id) {
    await samples;
    return openSampleById(id);
  }
  if (params.has('blank')) return;
  const [first] = await samples;
  if (first) return openSample(first);
}
