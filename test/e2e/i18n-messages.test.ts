// The message files: every key the UI asks for exists in English, and every language the console offers
// has every English key (plural forms aside) in its own words, so no screen falls back to English or
// shows a raw key.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };
import { CATALOGUE_LANGUAGES } from '../../src/domain/error-catalogue.js';
import { CONSOLE_LANGUAGES, consoleLocale } from '../../src/web/i18n/languages.js';

type Messages = { [key: string]: string | Messages };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`.replace(PLURAL, '')] : keys(v, `${prefix}${k}.`)));
}

function entries(messages: Messages, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : entries(v, `${prefix}${k}.`)));
}

/** Words that are the same in every language: protocol names and codes. */
const SAME_IN_EVERY_LANGUAGE = new Set(['ESME', 'TON', 'NPI']);
/** An English text a translation may keep: placeholders, punctuation and the words above only. */
const keepsNoEnglish = (text: string) =>
  text
    .replace(/\{\{[^}]+\}\}/g, ' ')
    .split(/[^A-Za-z]+/)
    .every((word) => word === '' || SAME_IN_EVERY_LANGUAGE.has(word));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const enKeys = new Set(keys(en));
const ruKeys = new Set(keys(ru));

const FILES: Record<string, Messages> = { en, ru };

describe('message files', () => {
  it('the console offers only languages with their own message file and error catalogue', () => {
    for (const code of Object.keys(CONSOLE_LANGUAGES)) {
      expect(FILES[code], code).toBeDefined();
      expect(CATALOGUE_LANGUAGES as readonly string[]).toContain(code);
    }
    // Uzbek is stored by the API but not offered: it is read in Russian, never in English.
    expect(Object.keys(CONSOLE_LANGUAGES)).not.toContain('uz');
    expect(consoleLocale('uz')).toBe('ru');
    expect(readFileSync('src/web/components/language-select.tsx', 'utf8')).not.toMatch(/value="uz"|Oʻzbek/);
  });

  it.each(Object.keys(CONSOLE_LANGUAGES).filter((code) => code !== 'en'))('%s says every English text in its own words', (code) => {
    const english = new Map(entries(en));
    const same = entries(FILES[code]!).filter(([key, text]) => english.get(key) === text && !keepsNoEnglish(text));
    expect(same).toEqual([]);
  });

  it('Russian has exactly the English keys', () => {
    expect([...enKeys].filter((k) => !ruKeys.has(k))).toEqual([]);
    expect([...ruKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('every literal key used in src/web exists', () => {
    const used = sources('src/web').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(100);
    expect([...new Set(used)].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('the cost reads as a sentence: one of a thing is singular, and Russian starts with a capital', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', interpolation: { escapeValue: false }, showSupportNotice: false });
    // Composed the way src/web/components/campaign-cost.tsx composes it.
    const cost = (lng: string, total: number, numbers: number, parts: number) =>
      `${i18n.t('cost.total', { lng, total, count: total })} ${i18n.t('cost.breakdown', { lng, numbers: i18n.t('cost.numbers', { lng, numbers, count: numbers }), parts: i18n.t('cost.parts', { lng, count: parts }) })}`;
    expect(cost('en', 1, 1, 1)).toBe('1 SMS part (1 number × 1 part)');
    expect(cost('en', 4, 2, 2)).toBe('4 SMS parts (2 numbers × 2 parts)');
    expect(cost('ru', 1, 1, 1)).toBe('Частей SMS: 1 (номеров: 1 × частей в сообщении: 1)');
    expect(cost('ru', 0, 0, 1)).toBe('Частей SMS: 0 (номеров: 0 × частей в сообщении: 1)');
    expect(i18n.t('cost.perMessage', { lng: 'ru', parts: 1, limit: 3 })).toMatch(/^Частей SMS в сообщении: 1 /);
  });

  it('keeps the upstream strings verbatim', () => {
    expect(en.core.banner).toBe('Core is unavailable — creating and starting campaigns is temporarily disabled');
    expect(en.monitoring.notConfigured).toBe('Configure environment variables to embed Grafana');
    expect(en.campaign.archiveConfirm).toBe('The campaign will be hidden from the main list. You can restore it from the archive.');
    expect(en.progress.loading).toBe('loading progress…');
    expect(en.invitationStatus.pending).toBe('Invited');
    expect(en.settings.plusModerator).toBe('+ Moderator');
  });
});
