import { once } from 'node:events';
import type { Writable } from 'node:stream';

const FLUSH_THRESHOLD = 256 * 1024;

/**
 * Collects small writes (BSON documents are often tiny) into larger chunks and honours the
 * destination's backpressure, so memory stays bounded whatever the input size.
 */
export class BufferedOutput {
  private parts: Uint8Array[] = [];
  private partsLength = 0;
  private written = 0;

  constructor(private readonly out: Writable) {}

  /** Total bytes accepted so far. */
  get bytes(): number {
    return this.written + this.partsLength;
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.parts.push(bytes);
    this.partsLength += bytes.length;
    if (this.partsLength >= FLUSH_THRESHOLD) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.partsLength === 0) return;
    const chunk = Buffer.concat(this.parts, this.partsLength);
    this.written += this.partsLength;
    this.parts = [];
    this.partsLength = 0;
    if (this.out.errored) throw this.out.errored;
    if (!this.out.write(chunk)) await waitForDrain(this.out);
  }
}

async function waitForDrain(out: Writable): Promise<void> {
  const stopWaiting = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: stopWaiting.signal }),
      once(out, 'close', { signal: stopWaiting.signal }).then(() => {
        throw new Error('the output stream closed before everything was written');
      }),
    ]);
  } finally {
    stopWaiting.abort();
  }
}
