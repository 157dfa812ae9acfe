import type { ErrorCode } from '../../messages';

/** A failure of the page itself (reading a file, fetching a sample), with a messages-table code. */
export class PageError extends Error {
  override readonly name = 'PageError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where a model file comes from: a dropped/picked File or a same-origin URL. */
export interface ModelSource {
  readonly name: string;
  /** Size in bytes when known up front (for overall progress). */
  readonly size?: number;
  read(onProgress: (fraction: number) => void, signal: AbortSignal): Promise<ArrayBuffer>;
}

// Reads a stream into one buffer, reporting progress; `expected` sizes the buffer when known.
async function drain(
  stream: ReadableStream<Uint8Array>,
  expected: number | undefined,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<ArrayBuffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      if (expected) onProgress(Math.min(1, received / expected));
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  onProgress(1);
  return out.buffer;
}

/** A File the user dropped or picked. */
export function fileSource(file: File): ModelSource {
  return {
    name: file.name,
    size: file.size,
    read: async (onProgress, signal) => {
      try {
        if (file.size === 0) return new ArrayBuffer(0);
        return await drain(file.stream(), file.size, onProgress, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new PageError('read-failed', `${file.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/** The last path segment of a URL, decoded: the name a downloaded model goes by. */
export function nameFromUrl(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? url.pathname;
  try {
    return decodeURIComponent(last) || 'model';
  } catch {
    return last || 'model';
  }
}

/**
 * A model at a URL of this site. Other origins are refused before any request is made: nothing leaves the
 * machine, and the page never asks another site for anything.
 */
export function urlSource(href: string, name?: string): ModelSource {
  const url = new URL(href, window.location.href);
  const sourceName = name ?? nameFromUrl(url);
  return {
    name: sourceName,
    read: async (onProgress, signal) => {
      if (url.origin !== window.location.origin)
        throw new PageError('not-same-origin', `${href} is not on ${window.location.origin}`);
      let response: Response;
      try {
        response = await fetch(url, { signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new PageError('fetch-failed', `${sourceName}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!response.ok || !response.body)
        throw new PageError(
          'fetch-failed',
          `${sourceName}: the server answered ${response.status} ${response.statusText}`,
        );
      const length = Number(response.headers.get('content-length'));
      return drain(response.body, Number.isFinite(length) && length > 0 ? length : undefined, onProgress, signal);
    },
  };
}
