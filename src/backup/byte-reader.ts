/**
 * Reads exact byte counts from a chunked stream, holding no more than the chunk being
 * consumed plus the bytes asked for.
 */
export class ByteReader {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private pending: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private exhausted = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /**
   * Returns exactly `length` bytes, or fewer only when the stream ends first
   * (an empty array means it had already ended).
   */
  async read(length: number): Promise<Uint8Array> {
    const available = this.pending.length - this.offset;
    if (available >= length) {
      const slice = this.pending.subarray(this.offset, this.offset + length);
      this.offset += length;
      return slice;
    }
    const result = new Uint8Array(length);
    result.set(this.pending.subarray(this.offset), 0);
    let filled = available;
    this.pending = new Uint8Array(0);
    this.offset = 0;
    while (filled < length) {
      const chunk = await this.nextChunk();
      if (chunk === null) return result.subarray(0, filled);
      const take = Math.min(chunk.length, length - filled);
      result.set(chunk.subarray(0, take), filled);
      filled += take;
      if (take < chunk.length) {
        this.pending = chunk;
        this.offset = take;
      }
    }
    return result;
  }

  /** Stops the underlying stream early (lets a file or gunzip stream close). */
  async close(): Promise<void> {
    if (!this.exhausted) {
      this.exhausted = true;
      await this.chunks.return?.();
    }
  }

  private async nextChunk(): Promise<Uint8Array | null> {
    while (!this.exhausted) {
      const next = await this.chunks.next();
      if (next.done) {
        this.exhausted = true;
        return null;
      }
      if (next.value.length > 0) return next.value;
    }
    return null;
  }
}
