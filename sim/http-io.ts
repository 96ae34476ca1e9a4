import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { SimHttpError } from './jobs.js';

const MAX_JSON_BODY = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) throw new SimHttpError(413, 'body too large');
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SimHttpError(400, 'body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SimHttpError(400, 'invalid body', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

/** Runs a handler and turns SimHttpError into Core's `{error, details}` answers. */
export async function answer(res: ServerResponse, handler: () => Promise<void> | void): Promise<void> {
  try {
    await handler();
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof SimHttpError) {
      sendJson(res, err.status, err.details === undefined ? { error: err.message } : { error: err.message, details: err.details });
    } else {
      console.error('sim: unexpected error', err);
      sendJson(res, 500, { error: 'internal simulator error' });
    }
  }
}
