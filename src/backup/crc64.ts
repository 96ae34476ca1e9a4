// CRC-64 as mongodump computes it: Go's hash/crc64 with the ECMA table (reflected polynomial
// 0xC96C5795D7870F42, initial value and final XOR all ones; known elsewhere as CRC-64/XZ).
// The 64-bit state is kept as two 32-bit halves so the per-byte loop avoids BigInt.

const REFLECTED_ECMA_HIGH = 0xc96c5795;
const REFLECTED_ECMA_LOW = 0xd7870f42;

const tableHigh = new Uint32Array(256);
const tableLow = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let high = 0;
  let low = n;
  for (let bit = 0; bit < 8; bit++) {
    const carry = low & 1;
    low = ((low >>> 1) | ((high & 1) << 31)) >>> 0;
    high = high >>> 1;
    if (carry) {
      high = (high ^ REFLECTED_ECMA_HIGH) >>> 0;
      low = (low ^ REFLECTED_ECMA_LOW) >>> 0;
    }
  }
  tableHigh[n] = high;
  tableLow[n] = low;
}

/** Incremental checksum: `update` with every chunk in order, then `digest`. */
export class Crc64 {
  // The inverted running state, as Go keeps it between Write calls.
  private high = 0xffffffff;
  private low = 0xffffffff;

  update(bytes: Uint8Array): this {
    let high = this.high;
    let low = this.low;
    for (let i = 0; i < bytes.length; i++) {
      const index = (low ^ (bytes[i] as number)) & 0xff;
      low = ((low >>> 8) | (high << 24)) ^ (tableLow[index] as number);
      high = (high >>> 8) ^ (tableHigh[index] as number);
    }
    this.high = high >>> 0;
    this.low = low >>> 0;
    return this;
  }

  /** The unsigned 64-bit checksum of everything passed to `update` so far. */
  digest(): bigint {
    return (BigInt((~this.high) >>> 0) << 32n) | BigInt((~this.low) >>> 0);
  }
}
