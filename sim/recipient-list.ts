// Recipient numbers stored compactly: benchmarks push ~10M numbers, so no per-number objects.
// A normalised number has 7–15 digits, which a float64 holds exactly; the digit count is
// kept beside it so that leading zeros survive.
const CHUNK = 65_536;

export class RecipientList {
  private readonly values: Float64Array[] = [];
  private readonly lengths: Uint8Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(value: number, digits: number): void {
    const offset = this.count % CHUNK;
    if (offset === 0) {
      this.values.push(new Float64Array(CHUNK));
      this.lengths.push(new Uint8Array(CHUNK));
    }
    const chunk = this.values.length - 1;
    this.values[chunk]![offset] = value;
    this.lengths[chunk]![offset] = digits;
    this.count += 1;
  }

  pushString(number: string): void {
    if (!/^[0-9]{7,15}$/.test(number)) throw new RangeError(`not a normalised number: ${number}`);
    this.push(Number(number), number.length);
  }

  at(index: number): string {
    if (index < 0 || index >= this.count) throw new RangeError(`index ${index} out of range`);
    const chunk = Math.floor(index / CHUNK);
    const offset = index % CHUNK;
    return String(this.values[chunk]![offset]!).padStart(this.lengths[chunk]![offset]!, '0');
  }
}

/** Parses a text/plain stream of one number per line into a RecipientList, byte by byte. */
export class RecipientParser {
  readonly list = new RecipientList();
  private value = 0;
  private digits = 0;
  private line = 1;
  private invalid = false;
  error: string | null = null;

  write(chunk: Uint8Array): void {
    if (this.error) return;
    // The line's state in locals while the bytes run (the simulator shares the bench's two cores).
    let { value, digits, invalid } = this;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte >= 48 && byte <= 57) {
        value = value * 10 + (byte - 48);
        digits += 1;
      } else if (byte === 10) {
        this.value = value;
        this.digits = digits;
        this.invalid = invalid;
        this.endLine();
        if (this.error) return;
        value = 0;
        digits = 0;
        invalid = false;
      } else if (byte !== 13 && byte !== 32 && byte !== 9) {
        invalid = true;
      }
    }
    this.value = value;
    this.digits = digits;
    this.invalid = invalid;
  }

  end(): void {
    if (!this.error) this.endLine();
  }

  private endLine(): void {
    if (this.invalid || (this.digits > 0 && (this.digits < 7 || this.digits > 15))) {
      this.error = `line ${this.line}: not a normalised number (7–15 digits)`;
    } else if (this.digits > 0) {
      this.list.push(this.value, this.digits);
    }
    this.value = 0;
    this.digits = 0;
    this.invalid = false;
    this.line += 1;
  }
}
