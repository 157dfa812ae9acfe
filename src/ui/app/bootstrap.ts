import { openUrl } from '../features/open/actions';
import { loadSamples, openSample, openSampleById } from '../features/open/samples';
import { restoreSavedSession } from '../persistence/actions';
import { startAutosave } from '../persistence/autosave';
import { studioStore } from '../store';

const BOOT_PARAMS = ['url', 'sample', 'blank'];

/**
 * Drops the opening instructions from the address once they are followed, so a reload brings back the
 * session as it is then (the saved one) instead of starting over from the link.
 */
function forgetBootParams(params: URLSearchParams): void {
  if (!BOOT_PARAMS.some((p) => params.has(p))) return;
  const rest = new URLSearchParams(params);
  for (const p of BOOT_PARAMS) rest.delete(p);
  const query = rest.toString() ? `?${rest.toString()}` : '';
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${query}${window.location.hash}`);
}

/**
 * What the page opens first, from its query string: `?url=<same-origin path>`, `?sample=<id>`, `?blank`
 * (nothing), or by default the session saved in this browser (restored as it was), else the first sample
 * of the gallery. From then on the session is saved as it changes.
 */
export async function bootstrap(search: string): Promise<void> {
  const params = new URLSearchParams(search);
  const samples = loadSamples().catch(() => {
    studioStore.getState().setSamples([]);
    return [];
  });
  startAutosave();
  forgetBootParams(params);
  const url = params.get('url');
  if (url) return openUrl(url);
  const id = params.get('sample');
  if (id) {
    await samples;
    return openSampleById(id);
  }
  if (params.has('blank')) return;
  // A saved session wins over the default sample; one that failed to come back leaves the page empty
  // (its error shown) rather than replacing it with the sample.
  if ((await restoreSavedSession()) !== 'none') return;
  const [first] = await samples;
  if (first) return openSample(first);
}
