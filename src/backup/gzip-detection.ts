import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

function isGzipError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
}

/** Thrown when a gzip stream ends early or is damaged; callers map it to their own message. */
export class GzipStreamError extends Error {
  override readonly name = 'GzipStreamError';
}

/**
 * Yields the input's bytes, gunzipped when the stream starts with the gzip magic bytes
 * (`mongodump --gzip` compresses the whole archive), unchanged otherwise.
 */
export async function* gunzipIfCompressed(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = Buffer.concat(head);
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (first.length > 0) yield first;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (first[0] !== GZIP_MAGIC[0] || first[1] !== GZIP_MAGIC[1]) {
    yield* replay();
    return;
  }
  const gunzip = createGunzip();
  // pipeline, unlike pipe, carries a failing source's error into the gunzip stream we iterate.
  pipeline(Readable.from(replay()), gunzip, (error) => {
    if (error) gunzip.destroy(error);
  });
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (isGzipError(error)) throw new GzipStreamError((error as Error).message);
    throw error;
  } finally {
    gunzip.destroy();
  }
}
