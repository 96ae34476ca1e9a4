// Recipient uploads go through XMLHttpRequest because fetch() reports no upload progress.
import type { z } from 'zod';
import { ApiFailure, notResponding, type ErrorBody } from './client.js';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export function uploadFile<S extends z.ZodType>(url: string, file: File, onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<z.infer<S>> {
  return new Promise<z.infer<S>>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'text/plain');
    // Header values must be ASCII; other names travel percent-encoded (the server only displays them).
    xhr.setRequestHeader('x-file-name', (/^[\x20-\x7e]*$/.test(file.name) ? file.name : encodeURIComponent(file.name)).slice(0, 255));
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(notResponding());
    xhr.onabort = () => reject(new ApiFailure(0, 'aborted', 'Upload cancelled'));
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as z.infer<S>);
      const error = (parsed as { error?: ErrorBody } | null)?.error;
      reject(new ApiFailure(xhr.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${xhr.status}`, error?.details ?? null));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
