// Recipient number normalisation (product.md §5). Pure: no I/O.
//
// A valid number is kept as a "number key": the double 10^d + n, where d is the digit count and n
// the digits' value. The leading 1 keeps leading zeros ("0901234567" ≠ "901234567"), the key is
// never 0 (so 0 can mark an empty hash slot) and stays below 2^53 (d ≤ 15), so it is exact.

export const MIN_NUMBER_DIGITS = 7;
export const MAX_NUMBER_DIGITS = 15;

export type InvalidNumberReason = 'empty' | 'bad_characters' | 'too_short' | 'too_long';

export interface NumberRule {
  /** Digits prepended to a number written without `+`/`00` that has exactly `localNumberLength` digits. */
  defaultCountryCode: string;
  localNumberLength: number;
}

export type NormalizedNumber = { ok: true; digits: string } | { ok: false; reason: InvalidNumberReason };

/** Negative results of `numberKeyFromBytes`; `-code - 1` indexes this list. */
export const INVALID_NUMBER_REASONS: readonly InvalidNumberReason[] = ['empty', 'bad_characters', 'too_short', 'too_long'];
const EMPTY = -1;
const BAD_CHARACTERS = -2;
const TOO_SHORT = -3;
const TOO_LONG = -4;

const POW10: readonly number[] = Array.from({ length: MAX_NUMBER_DIGITS + 2 }, (_, i) => 10 ** i);

const DIGIT_0 = 48;
const PLUS = 43;

// What a byte is in a number: its digit's value (0-9) or one of these. One table load per byte:
// every line of every upload passes here.
const SEPARATOR = 10; // what people type inside numbers: space, tab, '-', '(', ')', '.'
const PLUS_SIGN = 11;
const OTHER = 12;
const NUMBER_BYTE = new Uint8Array(256).fill(OTHER);
for (let d = 0; d <= 9; d++) NUMBER_BYTE[DIGIT_0 + d] = d;
for (const c of ' \t-().') NUMBER_BYTE[c.charCodeAt(0)] = SEPARATOR;
NUMBER_BYTE[PLUS] = PLUS_SIGN;

/** A NumberRule checked once, with the country code pre-encoded for the hot path. */
export interface CompiledNumberRule {
  localNumberLength: number;
  countryCodeDigits: number;
  countryCodeValue: number;
}

export function compileNumberRule(rule: NumberRule): CompiledNumberRule {
  if (!/^[1-9][0-9]{0,3}$/.test(rule.defaultCountryCode)) {
    throw new Error(`DEFAULT_COUNTRY_CODE must be 1–4 digits, got "${rule.defaultCountryCode}"`);
  }
  if (!Number.isInteger(rule.localNumberLength) || rule.localNumberLength < 1 || rule.localNumberLength > MAX_NUMBER_DIGITS) {
    throw new Error(`LOCAL_NUMBER_LENGTH must be an integer 1–${MAX_NUMBER_DIGITS}, got ${rule.localNumberLength}`);
  }
  return {
    localNumberLength: rule.localNumberLength,
    countryCodeDigits: rule.defaultCountryCode.length,
    countryCodeValue: Number(rule.defaultCountryCode),
  };
}

/**
 * Normalises the bytes [start, end) of `bytes` (the hot path of ingestion: no strings made).
 * Returns a number key (> 0) for a valid number, or a negative code naming the reason
 * (see `invalidReasonOf`).
 */
export function numberKeyFromBytes(bytes: Uint8Array, start: number, end: number, rule: CompiledNumberRule): number {
  let digits = 0;
  let leadingZeros = 0;
  let plus = false;
  let i = start;
  // Up to the first significant digit: separators, one '+' before any digit, leading zeros.
  for (; i < end; i++) {
    const kind = NUMBER_BYTE[bytes[i]!]!;
    if (kind === 0) {
      leadingZeros++;
      digits++;
    } else if (kind < 10) break;
    else if (kind === PLUS_SIGN && digits === 0 && !plus) plus = true;
    else if (kind !== SEPARATOR) return BAD_CHARACTERS;
  }
  // The rest: digits and separators only. Leading zeros add nothing to the value, so it stays
  // exact for any number that can be valid.
  let value = 0;
  for (; i < end; i++) {
    const kind = NUMBER_BYTE[bytes[i]!]!;
    if (kind < 10) {
      value = value * 10 + kind;
      digits++;
    } else if (kind !== SEPARATOR) return BAD_CHARACTERS;
  }
  if (digits === 0) return EMPTY;
  const international = plus || leadingZeros >= 2;
  if (!plus && leadingZeros >= 2) digits -= 2;
  // A number written with + or 00 already carries its country code.
  if (!international && digits === rule.localNumberLength) {
    value += rule.countryCodeValue * POW10[digits]!;
    digits += rule.countryCodeDigits;
  }
  if (digits < MIN_NUMBER_DIGITS) return digits === 0 ? EMPTY : TOO_SHORT;
  if (digits > MAX_NUMBER_DIGITS) return TOO_LONG;
  return POW10[digits]! + value;
}

export function invalidReasonOf(code: number): InvalidNumberReason {
  const reason = INVALID_NUMBER_REASONS[-code - 1];
  if (reason === undefined) throw new Error(`not an invalid-number code: ${code}`);
  return reason;
}

/** The digit count of a number key (7–15). */
export function numberKeyLength(key: number): number {
  let d = MIN_NUMBER_DIGITS;
  while (d < MAX_NUMBER_DIGITS && key >= POW10[d + 1]!) d++;
  return d;
}

/** Two ASCII digits per value 0–99, for writing numbers a pair at a time. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = DIGIT_0 + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = DIGIT_0 + (i % 10);
}

/**
 * Writes the digits of a number key at `offset`; returns the offset after them. The value is cut
 * into two parts below 10^8 (integers, so the divisions are integer ones) written two digits at a
 * time: every accepted number passes here, and a float division per digit cost a third more.
 */
export function writeNumberKeyDigits(key: number, target: Uint8Array, offset: number): number {
  const length = numberKeyLength(key);
  const value = key - POW10[length]!;
  const upper = Math.floor(value / 1e8);
  let low = (value - upper * 1e8) | 0;
  let high = upper | 0; // below 10^7: at most 15 digits
  const end = offset + length;
  let i = end;
  // length ≥ MIN_NUMBER_DIGITS (7): the low part fills its 8 digits unless the number is shorter.
  // The two loops stay written out: one helper called per part measured ~1.5× slower (25 M keys).
  const lowEnd = end - Math.min(length, 8);
  while (i - lowEnd >= 2) {
    const next = (low / 100) | 0;
    const pair = (low - next * 100) << 1;
    target[--i] = DIGIT_PAIRS[pair + 1]!;
    target[--i] = DIGIT_PAIRS[pair]!;
    low = next;
  }
  if (i > lowEnd) target[--i] = DIGIT_0 + low;
  while (i - offset >= 2) {
    const next = (high / 100) | 0;
    const pair = (high - next * 100) << 1;
    target[--i] = DIGIT_PAIRS[pair + 1]!;
    target[--i] = DIGIT_PAIRS[pair]!;
    high = next;
  }
  if (i > offset) target[--i] = DIGIT_0 + high;
  return end;
}

export function numberKeyToDigits(key: number): string {
  return String(key).slice(1);
}

const UTF8 = new TextEncoder();

export function normalizeNumber(raw: string, rule: NumberRule): NormalizedNumber {
  const bytes = UTF8.encode(raw);
  const key = numberKeyFromBytes(bytes, 0, bytes.length, compileNumberRule(rule));
  return key > 0 ? { ok: true, digits: numberKeyToDigits(key) } : { ok: false, reason: invalidReasonOf(key) };
}
