import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../src/server/recipients/ingest/file-name.js';

describe('sanitizeFileName', () => {
  it.each([
    [undefined, ''],
    ['numbers.csv', 'numbers.csv'],
    ['../../etc/passwd', '....etcpasswd'],
    ['C:\\Users\\a\\list.txt', 'C:Usersalist.txt'],
    ['a\u0000b\r\nc\u007f\u0085.txt', 'abc.txt'],
    ['invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['%D1%81%D0%BF%D0%B8%D1%81%D0%BE%D0%BA.csv', 'список.csv'],
    ['100%.csv', '100%.csv'],
    ['%2F..%2Fx', '..x'],
    ['  spaced.csv  ', 'spaced.csv'],
  ])('%j → %j', (header, expected) => {
    expect(sanitizeFileName(header)).toBe(expected);
  });

  it('keeps at most 255 characters without splitting a character', () => {
    expect(sanitizeFileName('a'.repeat(300))).toHaveLength(255);
    const emoji = sanitizeFileName('😀'.repeat(300));
    expect(Array.from(emoji)).toHaveLength(255);
    expect(emoji.endsWith('😀')).toBe(true);
  });
});
