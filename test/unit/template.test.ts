import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_VALUE_LENGTH, PLACEHOLDER_NAME, fillTemplate, parseTemplate } from '../../src/domain/template.js';

describe('parseTemplate', () => {
  it.each([
    ['', []],
    ['no placeholders', []],
    ['Your code is {{code}}', ['code']],
    ['{{code}}', ['code']],
    ['{{a}}{{b}}', ['a', 'b']],
    ['{{b}} then {{a}} then {{b}}', ['b', 'a']],
    ['{{x1_y2}}', ['x1_y2']],
    [`{{a${'b'.repeat(31)}}}`, [`a${'b'.repeat(31)}`]],
    ['single braces {code} are text', []],
    ['a closing }} alone is text', []],
    ['{ {code} }', []],
    ['{{code}}} trailing brace is text', ['code']],
    ['€ and {{amount}} UZS', ['amount']],
  ] as const)('%j → %j', (text, placeholders) => {
    expect(parseTemplate(text)).toEqual({ ok: true, placeholders });
  });

  it.each([
    ['{{ Bad }}', 0],
    ['{{Bad}}', 0],
    ['{{ code}}', 0],
    ['{{code }}', 0],
    ['{{}}', 0],
    ['{{1code}}', 0],
    ['{{_code}}', 0],
    ['{{co-de}}', 0],
    ['{{код}}', 0],
    [`{{a${'b'.repeat(32)}}}`, 0],
    ['text {{code', 5],
    ['{{code}', 0],
    ['{{{code}}}', 0],
    ['ok {{a}} then {{B}}', 14],
    ['{{a}}{{', 5],
  ] as const)('%j is malformed at %i', (text, index) => {
    const parsed = parseTemplate(text);
    expect(parsed).toMatchObject({ ok: false, error: { index, message: expect.stringContaining('{{name}}') } });
  });
});

describe('fillTemplate', () => {
  it('fills every occurrence', () => {
    expect(fillTemplate('Code {{code}}. Again: {{code}}, {{name}}', { code: '4711', name: 'Ann' })).toEqual({
      ok: true,
      text: 'Code 4711. Again: 4711, Ann',
    });
  });

  it('fills a template without placeholders with no vars', () => {
    expect(fillTemplate('Hello', {})).toEqual({ ok: true, text: 'Hello' });
  });

  it('does not read values as templates', () => {
    expect(fillTemplate('{{a}} {{b}}', { a: '{{b}}', b: '$&' })).toEqual({ ok: true, text: '{{b}} $&' });
  });

  it('accepts an empty value and a value of exactly the limit', () => {
    const value = 'я'.repeat(MAX_TEMPLATE_VALUE_LENGTH);
    expect(fillTemplate('[{{a}}][{{b}}]', { a: '', b: value })).toEqual({ ok: true, text: `[][${value}]` });
  });

  it.each([
    ['missing', '{{code}} {{name}}', { code: '1' }, { missing: ['name'], extra: [], tooLong: [] }],
    ['extra', '{{code}}', { code: '1', other: 'x' }, { missing: [], extra: ['other'], tooLong: [] }],
    ['vars for a plain text', 'Hello', { code: '1' }, { missing: [], extra: ['code'], tooLong: [] }],
    ['missing and extra', '{{a}}', { b: '1' }, { missing: ['a'], extra: ['b'], tooLong: [] }],
    ['too long', '{{a}}', { a: 'x'.repeat(161) }, { missing: [], extra: [], tooLong: ['a'] }],
    ['too long emoji counted per character', '{{a}}', { a: '😀'.repeat(161) }, { missing: [], extra: [], tooLong: ['a'] }],
    ['inherited names are not values', '{{constructor}}', {}, { missing: ['constructor'], extra: [], tooLong: [] }],
  ] as const)('refuses %s', (_name, text, vars, expected) => {
    expect(fillTemplate(text, vars)).toEqual({ ok: false, ...expected });
  });

  it('counts a value of 160 emoji as 160 characters', () => {
    expect(fillTemplate('{{a}}', { a: '😀'.repeat(160) })).toMatchObject({ ok: true });
  });

  it('throws on a malformed template (validated at save time)', () => {
    expect(() => fillTemplate('{{ Bad }}', {})).toThrow(/Malformed placeholder/);
  });
});

describe('PLACEHOLDER_NAME', () => {
  it.each([
    ['a', true], ['code', true], ['x_1', true], [`a${'9'.repeat(31)}`, true],
    ['', false], ['A', false], ['1a', false], ['_a', false], [`a${'9'.repeat(32)}`, false], ['a-b', false], ['a b', false],
  ] as const)('%j → %s', (name, valid) => {
    expect(PLACEHOLDER_NAME.test(name)).toBe(valid);
  });
});
