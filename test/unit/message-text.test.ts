import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, campaignCost, countSegments, isGsmChar } from '../../src/domain/message-text.js';

// The GSM 03.38 tables written independently as Unicode code points, row by row from 3GPP TS 23.038.
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const BASIC_CODE_POINTS = [
  0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5,
  0x394, 0x5f, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e, /* ESC */ 0xc6, 0xe6, 0xdf, 0xc9,
  0x20, 0x21, 0x22, 0x23, 0xa4, ...range(0x25, 0x3f),
  0xa1, ...range(0x41, 0x5a), 0xc4, 0xd6, 0xd1, 0xdc, 0xa7,
  0xbf, ...range(0x61, 0x7a), 0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
];
const EXTENSION_CODE_POINTS = [0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac];

describe('GSM-7 alphabet', () => {
  it('has 127 basic and 10 extension characters', () => {
    expect(new Set(BASIC_CODE_POINTS).size).toBe(127);
    expect(new Set(EXTENSION_CODE_POINTS).size).toBe(10);
  });

  it('classifies every code point below U+3000 exactly as the tables say', () => {
    const gsm = new Set([...BASIC_CODE_POINTS, ...EXTENSION_CODE_POINTS]);
    const wrong = range(0, 0x2fff)
      .filter((cp) => cp < 0xd800 || cp > 0xdfff)
      .filter((cp) => isGsmChar(String.fromCodePoint(cp)) !== gsm.has(cp))
      .map((cp) => cp.toString(16));
    expect(wrong).toEqual([]);
  });

  it.each(BASIC_CODE_POINTS.map((cp) => [cp.toString(16), String.fromCodePoint(cp)]))('basic U+%s counts 1 septet', (_hex, char) => {
    expect(countSegments(char)).toMatchObject({ encoding: 'GSM-7', units: 1, parts: 1 });
  });

  it.each(EXTENSION_CODE_POINTS.map((cp) => [cp.toString(16), String.fromCodePoint(cp)]))('extension U+%s counts 2 septets', (_hex, char) => {
    expect(countSegments(char)).toMatchObject({ encoding: 'GSM-7', units: 2, parts: 1 });
  });
});

const a = (n: number) => 'a'.repeat(n);
const ya = (n: number) => 'я'.repeat(n);
const euro = (n: number) => '€'.repeat(n);
const smile = (n: number) => '😀'.repeat(n);

type Expected = { encoding: 'GSM-7' | 'UCS-2'; units: number; parts: number; perPart: number; remainingInPart: number; nonGsmChars?: string[] };
const gsm = (units: number, parts: number, perPart: number, remainingInPart: number): Expected =>
  ({ encoding: 'GSM-7', units, parts, perPart, remainingInPart, nonGsmChars: [] });
const ucs = (units: number, parts: number, perPart: number, remainingInPart: number, nonGsmChars?: string[]): Expected =>
  ({ encoding: 'UCS-2', units, parts, perPart, remainingInPart, ...(nonGsmChars ? { nonGsmChars } : {}) });

const CASES: Array<[string, string, Expected]> = [
  ['empty text', '', gsm(0, 0, 160, 160)],
  ['one letter', 'a', gsm(1, 1, 160, 159)],
  ['159 letters', a(159), gsm(159, 1, 160, 1)],
  ['exactly 160', a(160), gsm(160, 1, 160, 0)],
  ['161 splits in two', a(161), gsm(161, 2, 153, 145)],
  ['153*2', a(306), gsm(306, 2, 153, 0)],
  ['153*2+1', a(307), gsm(307, 3, 153, 152)],
  ['153*3', a(459), gsm(459, 3, 153, 0)],
  ['153*3+1', a(460), gsm(460, 4, 153, 152)],
  ['153*10', a(1530), gsm(1530, 10, 153, 0)],
  ['1600 letters', a(1600), gsm(1600, 11, 153, 83)],
  ['one euro', '€', gsm(2, 1, 160, 158)],
  ['80 euros fill one part', euro(80), gsm(160, 1, 160, 0)],
  ['77 euros', euro(77), gsm(154, 1, 160, 6)],
  ['81 euros: 76 in part 1', euro(81), gsm(162, 2, 153, 143)],
  ['80 euros and a letter', euro(80) + 'a', gsm(161, 2, 153, 144)],
  ['153 euros: 76 + 76 + 1', euro(153), gsm(306, 3, 153, 151)],
  ['158 letters + €: still one part', a(158) + '€', gsm(160, 1, 160, 0)],
  ['159 letters + €: two parts', a(159) + '€', gsm(161, 2, 153, 145)],
  ['152 letters + €: one part (154 septets)', a(152) + '€', gsm(154, 1, 160, 6)],
  ['152 + € + 10: the € opens part 2', a(152) + '€' + a(10), gsm(164, 2, 153, 141)],
  ['152 + € + 152: 306 septets but 3 parts', a(152) + '€' + a(152), gsm(306, 3, 153, 152)],
  ['153 + € + 151: € starts part 2 exactly', a(153) + '€' + a(151), gsm(306, 2, 153, 0)],
  ['304 + €: fits part 2 exactly', a(304) + '€', gsm(306, 2, 153, 0)],
  ['305 + €: € moves to part 3', a(305) + '€', gsm(307, 3, 153, 151)],
  ['newline is GSM', 'a\nb', gsm(3, 1, 160, 157)],
  ['CR LF is GSM', 'a\r\nb', gsm(4, 1, 160, 156)],
  ['80 CR LF', '\r\n'.repeat(80), gsm(160, 1, 160, 0)],
  ['81 CR LF', '\r\n'.repeat(81), gsm(162, 2, 153, 144)],
  ['form feed counts 2', '\f', gsm(2, 1, 160, 158)],
  ['every extension char', '^{}\\[~]|€\f', gsm(20, 1, 160, 140)],
  ['braces placeholder', '{{code}}', gsm(12, 1, 160, 148)],
  ['Greek capitals in the table', 'ΔΦΓΛΩΠΨΣΘΞ', gsm(10, 1, 160, 150)],
  ['accented letters in the table', 'èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà', gsm(23, 1, 160, 137)],
  ['currency and marks', '£$¥¤§¿¡@_', gsm(9, 1, 160, 151)],
  ['punctuation', ' !"#%&\'()*+,-./:;<=>?', gsm(21, 1, 160, 139)],
  ['lowercase ç is not GSM', 'ç', ucs(1, 1, 70, 69, ['ç'])],
  ['backtick is not GSM', '`', ucs(1, 1, 70, 69, ['`'])],
  ['tab is not GSM', 'a\tb', ucs(3, 1, 70, 67, ['\t'])],
  ['capital À is not GSM', 'À', ucs(1, 1, 70, 69, ['À'])],
  ['Greek capital Alpha is not GSM', '\u0391', ucs(1, 1, 70, 69, ['\u0391'])],
  ['Greek small alpha is not GSM', 'α', ucs(1, 1, 70, 69, ['α'])],
  ['Ohm sign is not Omega', '\u2126', ucs(1, 1, 70, 69, ['\u2126'])],
  ['curly apostrophe', 'it’s', ucs(4, 1, 70, 66, ['’'])],
  ['non-breaking space', 'a\u00a0b', ucs(3, 1, 70, 67, ['\u00a0'])],
  ['cent sign', '¢', ucs(1, 1, 70, 69, ['¢'])],
  ['NUL is not @', '\u0000', ucs(1, 1, 70, 69, ['\u0000'])],
  ['ESC itself is not a character', '\u001b', ucs(1, 1, 70, 69, ['\u001b'])],
  ['decomposed é', 'e\u0301', ucs(2, 1, 70, 68, ['\u0301'])],
  ['Cyrillic word', 'Привет', ucs(6, 1, 70, 64, ['П', 'р', 'и', 'в', 'е', 'т'])],
  ['Cyrillic repeated letters listed once', 'мама', ucs(4, 1, 70, 66, ['м', 'а'])],
  ['70 Cyrillic', ya(70), ucs(70, 1, 70, 0, ['я'])],
  ['71 Cyrillic', ya(71), ucs(71, 2, 67, 63)],
  ['134 Cyrillic', ya(134), ucs(134, 2, 67, 0)],
  ['135 Cyrillic', ya(135), ucs(135, 3, 67, 66)],
  ['1600 Cyrillic', ya(1600), ucs(1600, 24, 67, 8)],
  ['mixed Latin and Cyrillic', 'Hello мир', ucs(9, 1, 70, 61, ['м', 'и', 'р'])],
  ['€ counts 1 in UCS-2', 'Цена 5€', ucs(7, 1, 70, 63, ['Ц', 'е', 'н', 'а'])],
  ['69 Cyrillic + €', ya(69) + '€', ucs(70, 1, 70, 0)],
  ['one emoji is 2 units', '😀', ucs(2, 1, 70, 68, ['😀'])],
  ['35 emoji fill one part', smile(35), ucs(70, 1, 70, 0)],
  ['35 emoji + letter: 33 in part 1', smile(35) + 'a', ucs(71, 2, 67, 62, ['😀'])],
  ['66 + emoji + 10: emoji opens part 2', ya(66) + '😀' + ya(10), ucs(78, 2, 67, 55)],
  ['65 + emoji + 67: exact fit', ya(65) + '😀' + ya(67), ucs(134, 2, 67, 0)],
  ['66 + emoji + 66: 134 units but 3 parts', ya(66) + '😀' + ya(66), ucs(134, 3, 67, 66)],
  ['ZWJ family', '👨\u200d👩\u200d👧', ucs(8, 1, 70, 62, ['👨', '\u200d', '👩', '👧'])],
  ['flag', '🇺🇿', ucs(4, 1, 70, 66, ['🇺', '🇿'])],
  ['non-GSM order of first appearance', 'ç a ` b ç', ucs(9, 1, 70, 61, ['ç', '`'])],
  ['a single non-GSM char switches the whole text', a(100) + 'ç', ucs(101, 2, 67, 33, ['ç'])],
];

describe('countSegments', () => {
  it('has a large table of cases', () => expect(CASES.length).toBeGreaterThanOrEqual(60));

  it.each(CASES)('%s', (_name, text, expected) => {
    expect(countSegments(text)).toMatchObject(expected);
  });

  it('counts characters as code points', () => {
    expect(countSegments('😀a€').characters).toBe(3);
    expect(countSegments(a(MAX_TEXT_LENGTH)).characters).toBe(1600);
  });
});

describe('campaignCost', () => {
  it('multiplies the accepted numbers by the parts of the text', () => {
    expect(campaignCost('a'.repeat(161), 400)).toEqual({ partsPerMessage: 2, totalParts: 800 });
    expect(campaignCost('Привет', 3)).toEqual({ partsPerMessage: 1, totalParts: 3 });
  });
  it('has no total without a list (Trigger), only the parts per message', () => {
    expect(campaignCost('Your code is {{code}}', null)).toEqual({ partsPerMessage: 1, totalParts: null });
  });
});
