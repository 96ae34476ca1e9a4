// Tells a binary file (spreadsheet, archive, image, UTF-16 text) from a text list by its start.

export const SNIFF_BYTES = 8192;
const MAX_CONTROL_SHARE = 0.05;

export function looksBinary(start: Uint8Array): boolean {
  let control = 0;
  for (let i = 0; i < start.length; i++) {
    const b = start[i]!;
    if (b === 0) return true;
    // Tab, LF, FF and CR occur in text; other C0 controls and DEL hardly ever do.
    if ((b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 127) control++;
  }
  return control > start.length * MAX_CONTROL_SHARE;
}

const BOM = [0xef, 0xbb, 0xbf];

/** Length of a UTF-8 byte-order mark at the start (0 or 3). */
export function utf8BomLength(start: Uint8Array): number {
  return start.length >= 3 && start[0] === BOM[0] && start[1] === BOM[1] && start[2] === BOM[2] ? 3 : 0;
}
