// The first invalid lines of an upload, kept for the result table (product.md §5).
import type { InvalidNumberReason } from '../../../domain/phone-number.js';

export const MAX_SAMPLE_ERRORS = 100;
const MAX_VALUE_CHARS = 64;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

export type InvalidLineReason = InvalidNumberReason | 'line_too_long';

export interface InvalidLine {
  /** 1-based physical line where the record starts. */
  line: number;
  /** The first column as written, at most 64 characters, control characters removed. */
  value: string;
  reason: InvalidLineReason;
}

export class InvalidLineSample {
  readonly lines: InvalidLine[] = [];

  add(line: number, bytes: Uint8Array, start: number, end: number, reason: InvalidLineReason): void {
    if (this.lines.length >= MAX_SAMPLE_ERRORS) return;
    // 4 bytes per character at most, so this decodes enough for 64 characters.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(end - start, MAX_VALUE_CHARS * 4)).toString('utf8');
    const value = Array.from(text.replace(CONTROL, '')).slice(0, MAX_VALUE_CHARS).join('');
    this.lines.push({ line, value, reason });
  }
}
