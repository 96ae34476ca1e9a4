// A streaming PUT for the recipient upload tests and bench: node:http, so the test controls the
// body chunk by chunk (Content-Length or chunked), can stop or cut it, and sees how much was sent.
import http from 'node:http';

export interface PutOutcome {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
  /** Body bytes the client managed to hand to its socket before the answer came (or it stopped). */
  bytesSent: number;
}

export interface PutOptions {
  url: string;
  cookie: string | null;
  contentType?: string;
  fileName?: string;
  contentLength?: number;
  body: AsyncIterable<Buffer>;
  /** Destroys the request after this many body bytes (a client that goes away). */
  abortAfterBytes?: number;
  timeoutMs?: number;
}

export function putStream(o: PutOptions): Promise<PutOutcome> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { origin: 'http://localhost:3000', 'content-type': o.contentType ?? 'text/csv' };
    if (o.cookie) headers.cookie = o.cookie;
    if (o.fileName !== undefined) headers['x-file-name'] = o.fileName;
    if (o.contentLength !== undefined) headers['content-length'] = String(o.contentLength);
    const req = http.request(o.url, { method: 'PUT', headers });
    let bytesSent = 0;
    let answered = false;
    const timer = setTimeout(() => req.destroy(new Error('upload timed out')), o.timeoutMs ?? 60_000);
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers, bytesSent });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      if (answered) return; // the server closed after answering: the answer counts
      if (o.abortAfterBytes !== undefined && bytesSent >= o.abortAfterBytes) return resolve({ status: 0, body: null, headers: {}, bytesSent });
      reject(err);
    });
    void (async () => {
      try {
        for await (const chunk of o.body) {
          if (answered || req.destroyed) return;
          bytesSent += chunk.length;
          if (!req.write(chunk)) await drained(req);
          if (o.abortAfterBytes !== undefined && bytesSent >= o.abortAfterBytes) {
            req.destroy();
            return;
          }
        }
        if (!answered && !req.destroyed) req.end();
      } catch (err) {
        req.destroy(err as Error);
      }
    })();
  });
}

function drained(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

/** Chunks of a file read from disk. */
export async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const { createReadStream } = await import('node:fs');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
}

/** `total` bytes of valid-looking lines in 64 KiB chunks, made on demand (never held). */
export async function* generatedLines(total: number, delayMs = 0): AsyncGenerator<Buffer> {
  const line = '998901234567\n';
  const chunk = Buffer.from(line.repeat(Math.floor(65536 / line.length)));
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    yield chunk;
  }
}
