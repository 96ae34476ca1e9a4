// Exports (CSV) are fetched rather than followed as plain links: a browser says nothing useful about
// a refused download ("Failed - Server problem"), while the console can say the catalogue's sentence
// (rate limited, database away, signed out) where the person clicked.
import { notResponding, refusalOf } from './client.js';

/** Chunks are folded into a Blob every this many bytes, so the browser may keep a large file off the page's heap. */
const FOLD_BYTES = 16 * 1024 * 1024;

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** The file name the server gives in `content-disposition`, else the URL's last segment. */
export function fileNameOf(disposition: string | null, url: string): string {
  const quoted = disposition?.match(/filename="([^"]+)"/)?.[1];
  return quoted ?? decodeURIComponent(new URL(url, 'http://x').pathname.split('/').pop() || 'download');
}

/** Reads the answer to its end, telling `onBytes` how much arrived; refusals and cut answers throw ApiFailure. */
export async function downloadFile(url: string, onBytes: (received: number) => void, signal?: AbortSignal): Promise<DownloadedFile> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', signal });
  } catch {
    throw notResponding();
  }
  if (!res.ok || !res.body) throw await refusalOf(res, url);
  const parts: BlobPart[] = [];
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  let received = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value as Uint8Array<ArrayBuffer>); // fetch's chunks are never shared memory
      pendingBytes += value.byteLength;
      received += value.byteLength;
      if (pendingBytes >= FOLD_BYTES) {
        parts.push(new Blob(pending));
        pending = [];
        pendingBytes = 0;
      }
      onBytes(received);
    }
  } catch {
    // The server or the network cut the file short: what arrived is not the file.
    throw notResponding();
  }
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  return { blob: new Blob([...parts, ...pending], { type }), fileName: fileNameOf(res.headers.get('content-disposition'), url) };
}

/** Hands the file to the browser's own download (the object URL lives only for the click). */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
