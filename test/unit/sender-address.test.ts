import { describe, expect, it } from 'vitest';
import {
  checkSaddr,
  checkSenderAddress,
  defaultsFor,
  isValidNpi,
  isValidSaddr,
  isValidTon,
} from '../../src/domain/sender-address.js';

describe('checkSaddr', () => {
  it.each([
    ['A', 'alphanumeric'],
    ['BANK', 'alphanumeric'],
    ['MyShop.uz', 'alphanumeric'],
    ['Pay-Me', 'alphanumeric'],
    ['Info 24', 'alphanumeric'],
    ['ABCDEFGHIJK', 'alphanumeric'],
    ['1a', 'alphanumeric'],
    ['a1234567890', 'alphanumeric'],
    ['z', 'alphanumeric'],
    ['123', 'numeric'],
    ['998901234567', 'numeric'],
    ['123456789012345', 'numeric'],
    ['12345678901', 'numeric'],
  ] as const)('%j is %s', (saddr, kind) => {
    expect(checkSaddr(saddr)).toEqual({ ok: true, kind });
    expect(isValidSaddr(saddr)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['1', 'numeric_length'],
    ['12', 'numeric_length'],
    ['1234567890123456', 'numeric_length'],
    ['ABCDEFGHIJKL', 'too_long'],
    ['A_B', 'invalid_characters'],
    ['Банк', 'invalid_characters'],
    ['Café', 'invalid_characters'],
    ['A+B', 'invalid_characters'],
    ['+998901234567', 'invalid_characters'],
    ['A\tB', 'invalid_characters'],
    ['AB\n', 'invalid_characters'],
    ['ABCDEFGHIJKLMNOP_', 'invalid_characters'],
    ['12-34', 'no_letter'],
    ['...', 'no_letter'],
    ['   ', 'no_letter'],
    ['123 456', 'no_letter'],
    [' BANK', 'edge_space'],
    ['BANK ', 'edge_space'],
  ] as const)('%j is refused: %s', (saddr, reason) => {
    expect(checkSaddr(saddr)).toMatchObject({ ok: false, reason, message: expect.any(String) });
    expect(isValidSaddr(saddr)).toBe(false);
  });
});

describe('defaultsFor', () => {
  it.each([
    ['BANK', { ston: 5, snpi: 0, dton: 1, dnpi: 1 }],
    ['Info 24', { ston: 5, snpi: 0, dton: 1, dnpi: 1 }],
    ['', { ston: 5, snpi: 0, dton: 1, dnpi: 1 }],
    ['1', { ston: 1, snpi: 1, dton: 1, dnpi: 1 }],
    ['998901234567', { ston: 1, snpi: 1, dton: 1, dnpi: 1 }],
    ['12-34', { ston: 5, snpi: 0, dton: 1, dnpi: 1 }],
  ] as const)('%j → %o', (saddr, expected) => {
    expect(defaultsFor(saddr)).toEqual(expected);
  });
});

describe('TON and NPI ranges', () => {
  it.each([
    [-1, false, false], [0, true, true], [1, true, true], [6, true, true], [7, false, true],
    [18, false, true], [19, false, false], [1.5, false, false], [Number.NaN, false, false], [Infinity, false, false],
  ])('%d: ton %s, npi %s', (value, ton, npi) => {
    expect(isValidTon(value)).toBe(ton);
    expect(isValidNpi(value)).toBe(npi);
  });
});

describe('checkSenderAddress', () => {
  it('accepts a valid address with its defaults', () => {
    expect(checkSenderAddress({ saddr: 'BANK', ...defaultsFor('BANK') })).toEqual([]);
  });

  it('names every bad field', () => {
    expect(checkSenderAddress({ saddr: '12', ston: 7, snpi: 19, dton: -1, dnpi: 2.5 }).map((p) => p.field)).toEqual([
      'saddr', 'ston', 'dton', 'snpi', 'dnpi',
    ]);
  });
});
