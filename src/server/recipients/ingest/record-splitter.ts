// Splits an upload into records and hands on each record's first column, working on bytes.
// One state machine covers .txt (one number per line) and .csv (first column; "..." quoting with
// "" escapes; a quoted field may span lines, so quote state is tracked across the whole record).
// Memory is bounded: only the first column is copied, into a fixed scratch buffer, and a record
// longer than MAX_RECORD_BYTES is reported as `line_too_long` and skipped up to the next LF.

export const MAX_RECORD_BYTES = 1024;

export interface RecordSink {
  /** A data record's first column, `bytes[start, end)`, starting at physical line `line` (1-based). */
  field(bytes: Uint8Array, start: number, end: number, line: number): void;
  /** A record over MAX_RECORD_BYTES; `bytes[start, end)` is the start of its first column. */
  lineTooLong(bytes: Uint8Array, start: number, end: number, line: number): void;
}

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

const FIELD = 0; // first column, unquoted
const QUOTED = 1; // first column, inside quotes
const QUOTED_QUOTE = 2; // first column, just after a quote inside quotes ("" escape or closing)
const REST = 3; // later columns
const REST_QUOTED = 4; // later columns, inside quotes
const SKIP = 5; // record too long: ignore everything up to the next LF

export class RecordSplitter {
  private readonly scratch = new Uint8Array(MAX_RECORD_BYTES);
  private state = FIELD;
  private fieldLength = 0;
  private fieldHasText = false; // non-blank seen in the first column (a quote may open it only before)
  private recordLength = 0;
  private recordHasContent = false; // anything besides blanks, separators and quotes
  private recordLine = 1;
  private headerDecided = false;
  /** Physical lines started so far. */
  lines = 0;
  headerSkipped = false;

  constructor(private readonly sink: RecordSink) {}

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = this.recordLength > 0 ? this.pushRecord(chunk, 0) : 0;
    while (i < n) {
      const next = this.headerDecided ? this.wholeRecord(chunk, i) : NEEDS_STATE_MACHINE;
      i = next === NEEDS_STATE_MACHINE ? this.pushRecord(chunk, i) : next;
    }
  }

  /**
   * The records that need no state machine, handed on without copying: a line without quotes (its
   * first column ends at the first separator: every line of a .txt and most CSV rows) and a line
   * whose first column is quoted, non-empty, without "" escapes, and followed by no other quote.
   * One JavaScript scan finds the end and the kind (a native indexOf per line costs more than the
   * few bytes of a phone number). Returns where the next record starts, or NEEDS_STATE_MACHINE
   * (quotes elsewhere; a record that runs past the chunk or the length limit).
   */
  private wholeRecord(chunk: Uint8Array, start: number): number {
    const limit = Math.min(chunk.length, start + MAX_RECORD_BYTES + 1);
    let fieldStart = start;
    let fieldEnd = -1;
    let hasContent = false;
    let lf = start;
    if (chunk[start] === QUOTE) {
      let close = start + 1;
      while (close < limit && chunk[close] !== QUOTE && chunk[close] !== LF) close++;
      if (close >= limit || chunk[close] !== QUOTE || close === start + 1) return NEEDS_STATE_MACHINE;
      fieldStart = start + 1;
      fieldEnd = close;
      hasContent = true;
      // Whatever follows the closing quote up to the line's end is not part of the number.
      for (lf = close + 1; lf < limit; lf++) {
        const kind = BYTE_KIND[chunk[lf]!]!;
        if (kind === LINE_END) break;
        if (kind === QUOTE_MARK) return NEEDS_STATE_MACHINE;
      }
    } else {
      for (; lf < limit; lf++) {
        const kind = BYTE_KIND[chunk[lf]!]!;
        if (kind === TEXT) hasContent = true;
        else if (kind === LINE_END) break;
        else if (kind === QUOTE_MARK) return NEEDS_STATE_MACHINE;
        else if (kind === SEPARATOR && fieldEnd < 0) fieldEnd = lf;
      }
      if (fieldEnd < 0) fieldEnd = lf;
    }
    if (lf === limit) return NEEDS_STATE_MACHINE;
    this.lines++;
    if (hasContent) {
      while (fieldEnd > fieldStart && chunk[fieldEnd - 1] === CR) fieldEnd--;
      this.sink.field(chunk, fieldStart, fieldEnd, this.lines);
    }
    return lf + 1;
  }

  /** Runs the state machine from `from` to the end of one record or of the chunk; returns where it stopped. */
  private pushRecord(chunk: Uint8Array, from: number): number {
    const scratch = this.scratch;
    let state = this.state;
    let fieldLength = this.fieldLength;
    let recordLength = this.recordLength;
    let fieldHasText = this.fieldHasText;
    let recordHasContent = this.recordHasContent;
    let i = from;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (recordLength === 0) {
        this.lines++;
        this.recordLine = this.lines;
      }
      if (b === LF) {
        if (state !== QUOTED && state !== REST_QUOTED) {
          this.endRecord(state === SKIP, fieldLength, recordHasContent);
          return i + 1;
        }
        this.lines++; // a line break inside quotes continues the record
      }
      recordLength++;
      if (recordLength > MAX_RECORD_BYTES && state !== SKIP) state = SKIP;
      switch (state) {
        case FIELD:
          if (b === COMMA || b === SEMICOLON) {
            state = REST;
          } else if (b === QUOTE && !fieldHasText) {
            state = QUOTED;
          } else {
            scratch[fieldLength++] = b;
            if (b !== SPACE && b !== TAB && b !== CR) {
              fieldHasText = true;
              recordHasContent = true;
            }
          }
          break;
        case QUOTED:
          if (b === QUOTE) {
            state = QUOTED_QUOTE;
          } else {
            scratch[fieldLength++] = b;
            recordHasContent = true;
          }
          break;
        case QUOTED_QUOTE:
          if (b === QUOTE) {
            scratch[fieldLength++] = b;
            recordHasContent = true;
            state = QUOTED;
          } else {
            // Whatever follows a closing quote up to the next separator is not part of the number.
            state = REST;
          }
          break;
        case REST:
          if (b === QUOTE) state = REST_QUOTED;
          else if (b !== SPACE && b !== TAB && b !== CR && b !== COMMA && b !== SEMICOLON) recordHasContent = true;
          break;
        case REST_QUOTED:
          if (b === QUOTE) state = REST;
          else recordHasContent = true;
          break;
        default: // SKIP
          break;
      }
    }
    this.state = state;
    this.fieldLength = fieldLength;
    this.recordLength = recordLength;
    this.fieldHasText = fieldHasText;
    this.recordHasContent = recordHasContent;
    return i;
  }

  /** Ends the last record when the input ends without a final LF (an open quote ends there too). */
  end(): void {
    if (this.recordLength > 0) this.endRecord(this.state === SKIP, this.fieldLength, this.recordHasContent);
  }

  private endRecord(tooLong: boolean, length: number, hasContent: boolean): void {
    this.state = FIELD;
    this.fieldLength = 0;
    this.fieldHasText = false;
    this.recordHasContent = false;
    this.recordLength = 0;
    if (tooLong) {
      this.headerDecided = true;
      this.sink.lineTooLong(this.scratch, 0, length, this.recordLine);
      return;
    }
    if (!hasContent) return; // blank lines and rows of empty cells are ignored
    let end = length;
    while (end > 0 && this.scratch[end - 1] === CR) end--;
    if (!this.headerDecided) {
      this.headerDecided = true;
      if (!containsDigit(this.scratch, end)) {
        this.headerSkipped = true;
        return;
      }
    }
    this.sink.field(this.scratch, 0, end, this.recordLine);
  }
}

const NEEDS_STATE_MACHINE = -1;

// What a byte is to the scan of a whole record: one table load instead of a chain of comparisons
// for the digits that make up most of a list.
const TEXT = 0;
const LINE_END = 1;
const QUOTE_MARK = 2;
const SEPARATOR = 3;
const BLANK = 4;
const BYTE_KIND = new Uint8Array(256);
BYTE_KIND[LF] = LINE_END;
BYTE_KIND[QUOTE] = QUOTE_MARK;
BYTE_KIND[COMMA] = SEPARATOR;
BYTE_KIND[SEMICOLON] = SEPARATOR;
for (const b of [SPACE, TAB, CR]) BYTE_KIND[b] = BLANK;

function containsDigit(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const b = bytes[i]!;
    if (b >= DIGIT_0 && b <= DIGIT_9) return true;
  }
  return false;
}
