// The clean list as it is sent on: digits and '\n' per number, gathered into ~64 KiB buffers.
import { MAX_NUMBER_DIGITS, writeNumberKeyDigits } from '../../../domain/phone-number.js';

export const BATCH_BYTES = 64 * 1024;

export class CleanListBatches {
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  private readonly ready: Buffer[] = [];

  append(key: number): void {
    if (this.used + MAX_NUMBER_DIGITS + 1 > BATCH_BYTES) {
      this.ready.push(this.batch.subarray(0, this.used));
      this.batch = Buffer.allocUnsafe(BATCH_BYTES);
      this.used = 0;
    }
    this.used = writeNumberKeyDigits(key, this.batch, this.used);
    this.batch[this.used++] = 10;
  }

  /** Full batches made since the last call. */
  takeReady(): Buffer[] {
    return this.ready.splice(0);
  }

  /** Everything left, including a partly filled batch. */
  takeAll(): Buffer[] {
    const all = this.takeReady();
    if (this.used > 0) all.push(this.batch.subarray(0, this.used));
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    return all;
  }
}
