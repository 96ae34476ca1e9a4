// SMS segment counting (product.md §4, 3GPP TS 23.038): what the wizard shows and what the server enforces.

export const MAX_TEXT_LENGTH = 1600;

/** The GSM 03.38 default alphabet in table order, without ESC (0x1B), which is not a character. */
export const GSM_BASIC_CHARS =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  '\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039EÆæßÉ' + // ΔΦΓΛΩΠΨΣΘΞ: Greek capitals, not Latin look-alikes
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Sent as ESC + one character, so each counts 2 units. */
export const GSM_EXTENSION_CHARS = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC_CHARS);
const extension = new Set(GSM_EXTENSION_CHARS);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const LIMITS: Record<SmsEncoding, { single: number; perPart: number }> = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
};

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Characters as the user sees them (code points); compare with MAX_TEXT_LENGTH. */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  parts: number;
  perPart: number;
  remainingInPart: number;
  /** The characters that forced UCS-2, each once, in order of first appearance. */
  nonGsmChars: string[];
}

export function isGsmChar(char: string): boolean {
  return basic.has(char) || extension.has(char);
}

function unitsOf(char: string, encoding: SmsEncoding): number {
  if (encoding === 'GSM-7') return extension.has(char) ? 2 : 1;
  return char.length; // a character outside the BMP is a surrogate pair: 2 units
}

export function countSegments(text: string): SegmentCount {
  const chars = Array.from(text);
  const nonGsmChars = [...new Set(chars.filter((char) => !isGsmChar(char)))];
  const encoding: SmsEncoding = nonGsmChars.length === 0 ? 'GSM-7' : 'UCS-2';
  const limits = LIMITS[encoding];
  const charUnits = chars.map((char) => unitsOf(char, encoding));
  const units = charUnits.reduce((sum, n) => sum + n, 0);
  const base = { encoding, characters: chars.length, units, nonGsmChars };

  if (units <= limits.single) {
    return { ...base, parts: units === 0 ? 0 : 1, perPart: limits.single, remainingInPart: limits.single - units };
  }
  // Escape pairs and surrogate pairs are never split: a character that does not fit opens the next part.
  let parts = 1;
  let used = 0;
  for (const n of charUnits) {
    if (used + n > limits.perPart) {
      parts += 1;
      used = 0;
    }
    used += n;
  }
  return { ...base, parts, perPart: limits.perPart, remainingInPart: limits.perPart - used };
}

/**
 * The bill of a campaign before it is sent: every accepted number receives every part of the text.
 * A Trigger campaign has no list; its parts per message are those of the template as written
 * (filled values may add parts, up to the SMS limit).
 */
export function campaignCost(text: string, acceptedNumbers: number | null): { partsPerMessage: number; totalParts: number | null } {
  const partsPerMessage = countSegments(text).parts;
  return { partsPerMessage, totalParts: acceptedNumbers === null ? null : acceptedNumbers * partsPerMessage };
}
