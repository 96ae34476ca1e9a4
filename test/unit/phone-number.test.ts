import { describe, expect, it } from 'vitest';
import {
  compileNumberRule,
  normalizeNumber,
  numberKeyFromBytes,
  numberKeyToDigits,
  writeNumberKeyDigits,
  type NormalizedNumber,
} from '../../src/domain/phone-number.js';

const rule = { defaultCountryCode: '998', localNumberLength: 9 };

describe('normalizeNumber', () => {
  const cases: [string, NormalizedNumber][] = [
    ['998901234567', { ok: true, digits: '998901234567' }],
    ['+998 90 123-45-67', { ok: true, digits: '998901234567' }],
    ['(+998) 90.123.45.67', { ok: true, digits: '998901234567' }],
    ['00998901234567', { ok: true, digits: '998901234567' }],
    ['00 998 90 123 45 67', { ok: true, digits: '998901234567' }],
    ['901234567', { ok: true, digits: '998901234567' }],
    ['(90) 123-45-67', { ok: true, digits: '998901234567' }],
    ['\t901234567 ', { ok: true, digits: '998901234567' }],
    // Written with an international prefix, a 9-digit number already has its country code.
    ['+901234567', { ok: true, digits: '901234567' }],
    ['00901234567', { ok: true, digits: '901234567' }],
    ['1234567', { ok: true, digits: '1234567' }],
    ['123456789012345', { ok: true, digits: '123456789012345' }],
    ['+123456789012345', { ok: true, digits: '123456789012345' }],
    ['00123456789012345', { ok: true, digits: '123456789012345' }],
    // Leading zeros are kept: these are different numbers.
    ['0901234567', { ok: true, digits: '0901234567' }],
    ['0012345678', { ok: true, digits: '12345678' }],
    ['000901234567', { ok: true, digits: '0901234567' }],
    ['0 0-998 90 123 45 67', { ok: true, digits: '998901234567' }],
    ['', { ok: false, reason: 'empty' }],
    ['   ', { ok: false, reason: 'empty' }],
    ['+', { ok: false, reason: 'empty' }],
    ['( - )', { ok: false, reason: 'empty' }],
    ['00', { ok: false, reason: 'empty' }],
    ['123456', { ok: false, reason: 'too_short' }],
    ['+123456', { ok: false, reason: 'too_short' }],
    ['00123456', { ok: false, reason: 'too_short' }],
    ['1234567890123456', { ok: false, reason: 'too_long' }],
    ['+1234567890123456', { ok: false, reason: 'too_long' }],
    ['1'.repeat(400), { ok: false, reason: 'too_long' }],
    ['99890123456a', { ok: false, reason: 'bad_characters' }],
    ['998+901234567', { ok: false, reason: 'bad_characters' }],
    ['++998901234567', { ok: false, reason: 'bad_characters' }],
    ['0+998901234567', { ok: false, reason: 'bad_characters' }],
    ['+0+998901234567', { ok: false, reason: 'bad_characters' }],
    ['998/901234567', { ok: false, reason: 'bad_characters' }],
    ['٩٩٨٩٠١٢٣٤٥٦٧', { ok: false, reason: 'bad_characters' }],
    ['998 90 123 45 67\r', { ok: false, reason: 'bad_characters' }],
  ];
  it.each(cases)('%j → %j', (raw, expected) => {
    expect(normalizeNumber(raw, rule)).toEqual(expected);
  });

  it('prepends the configured country code to numbers of the configured local length', () => {
    expect(normalizeNumber('1234567', { defaultCountryCode: '44', localNumberLength: 7 })).toEqual({ ok: true, digits: '441234567' });
    expect(normalizeNumber('12345', { defaultCountryCode: '44', localNumberLength: 5 })).toEqual({ ok: true, digits: '4412345' });
    expect(normalizeNumber('123456789012', { defaultCountryCode: '9989', localNumberLength: 12 })).toEqual({ ok: false, reason: 'too_long' });
  });

  it('refuses a malformed rule', () => {
    expect(() => compileNumberRule({ defaultCountryCode: '+998', localNumberLength: 9 })).toThrow(/DEFAULT_COUNTRY_CODE/);
    expect(() => compileNumberRule({ defaultCountryCode: '0', localNumberLength: 9 })).toThrow(/DEFAULT_COUNTRY_CODE/);
    expect(() => compileNumberRule({ defaultCountryCode: '998', localNumberLength: 0 })).toThrow(/LOCAL_NUMBER_LENGTH/);
    expect(() => compileNumberRule({ defaultCountryCode: '998', localNumberLength: 9.5 })).toThrow(/LOCAL_NUMBER_LENGTH/);
  });
});

describe('number keys', () => {
  const compiled = compileNumberRule(rule);
  const keyOf = (text: string): number => {
    const bytes = Buffer.from(`xx${text}yy`);
    return numberKeyFromBytes(bytes, 2, bytes.length - 2, compiled);
  };

  it('reads only the given byte range', () => {
    expect(numberKeyToDigits(keyOf('901234567'))).toBe('998901234567');
  });

  it('are exact and distinct at the extremes of length', () => {
    const samples = ['1000000', '0123456', '9999999', '100000000000000', '999999999999999', '012345678901234'];
    const keys = samples.map(keyOf);
    expect(new Set(keys).size).toBe(samples.length);
    for (const [i, key] of keys.entries()) {
      expect(Number.isSafeInteger(key)).toBe(true);
      expect(numberKeyToDigits(key)).toBe(samples[i]);
      const target = new Uint8Array(20);
      const end = writeNumberKeyDigits(key, target, 3);
      expect(Buffer.from(target.subarray(3, end)).toString()).toBe(samples[i]);
    }
  });

  it('are written back digit for digit at every length', () => {
    const target = new Uint8Array(40);
    for (let length = 7; length <= 15; length++) {
      for (const digits of ['0'.repeat(length), '9'.repeat(length), '0'.padEnd(length, '1'), '12345678901234567'.slice(0, length), '10000000'.padStart(length, '0').slice(-length)]) {
        const end = writeNumberKeyDigits(keyOf(`+${digits}`), target, 5);
        expect(Buffer.from(target.subarray(5, end)).toString()).toBe(digits);
      }
    }
  });
});
