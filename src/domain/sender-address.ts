// Sender address (saddr) rules and SMPP address defaults (product.md §2, sender_name_revisions).

export type SaddrKind = 'alphanumeric' | 'numeric';

export const TON_RANGE = { min: 0, max: 6 } as const;
export const NPI_RANGE = { min: 0, max: 18 } as const;

const NUMERIC = /^[0-9]{3,15}$/;
const ALPHANUMERIC = /^[A-Za-z0-9 .-]{1,11}$/;
const LETTER = /[A-Za-z]/;

export type SaddrRefusal = 'empty' | 'invalid_characters' | 'too_long' | 'no_letter' | 'numeric_length' | 'edge_space';

export type SaddrCheck = { ok: true; kind: SaddrKind } | { ok: false; reason: SaddrRefusal; message: string };

const messages: Record<SaddrRefusal, string> = {
  empty: 'Enter a sender address',
  invalid_characters: 'Use only Latin letters, digits, spaces, dots and hyphens',
  too_long: 'An alphanumeric sender address has at most 11 characters',
  no_letter: 'An alphanumeric sender address needs at least one letter',
  numeric_length: 'A numeric sender address has 3 to 15 digits',
  edge_space: 'A sender address cannot start or end with a space',
};

const refuse = (reason: SaddrRefusal): SaddrCheck => ({ ok: false, reason, message: messages[reason] });

/**
 * Numeric: 3–15 digits. Alphanumeric: 1–11 of `[A-Za-z0-9 .-]` with at least one letter (an
 * address of digits only is numeric). Leading or trailing spaces are refused: handsets trim them.
 */
export function checkSaddr(saddr: string): SaddrCheck {
  if (saddr.length === 0) return refuse('empty');
  if (/^[0-9]+$/.test(saddr)) return NUMERIC.test(saddr) ? { ok: true, kind: 'numeric' } : refuse('numeric_length');
  if (!/^[A-Za-z0-9 .-]*$/.test(saddr)) return refuse('invalid_characters');
  if (!ALPHANUMERIC.test(saddr)) return refuse('too_long');
  if (!LETTER.test(saddr)) return refuse('no_letter');
  if (saddr.trim() !== saddr) return refuse('edge_space');
  return { ok: true, kind: 'alphanumeric' };
}

export function isValidSaddr(saddr: string): boolean {
  return checkSaddr(saddr).ok;
}

export interface SmppAddressParams {
  ston: number;
  snpi: number;
  dton: number;
  dnpi: number;
}

/** Form defaults for a (possibly half-typed) saddr: digits only → numeric, anything else → alphanumeric. */
export function defaultsFor(saddr: string): SmppAddressParams {
  const numeric = /^[0-9]+$/.test(saddr);
  return numeric ? { ston: 1, snpi: 1, dton: 1, dnpi: 1 } : { ston: 5, snpi: 0, dton: 1, dnpi: 1 };
}

export function isValidTon(value: number): boolean {
  return Number.isInteger(value) && value >= TON_RANGE.min && value <= TON_RANGE.max;
}

export function isValidNpi(value: number): boolean {
  return Number.isInteger(value) && value >= NPI_RANGE.min && value <= NPI_RANGE.max;
}

export interface SenderAddress extends SmppAddressParams {
  saddr: string;
}

/** Every problem with a revision's address, by field (empty when valid). */
export function checkSenderAddress(address: SenderAddress): Array<{ field: keyof SenderAddress; message: string }> {
  const problems: Array<{ field: keyof SenderAddress; message: string }> = [];
  const saddr = checkSaddr(address.saddr);
  if (!saddr.ok) problems.push({ field: 'saddr', message: saddr.message });
  for (const field of ['ston', 'dton'] as const)
    if (!isValidTon(address[field])) problems.push({ field, message: `TON is an integer from ${TON_RANGE.min} to ${TON_RANGE.max}` });
  for (const field of ['snpi', 'dnpi'] as const)
    if (!isValidNpi(address[field])) problems.push({ field, message: `NPI is an integer from ${NPI_RANGE.min} to ${NPI_RANGE.max}` });
  return problems;
}
