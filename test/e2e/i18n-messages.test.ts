// The message files: every key the UI asks for exists in English, and Russian has every English key
// (plural forms aside), so no screen falls back to English or shows a raw key.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };

type Messages = { [key: string]: string | Messages };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`.replace(PLURAL, '')] : keys(v, `${prefix}${k}.`)));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const enKeys = new Set(keys(en));
const ruKeys = new Set(keys(ru));

describe('message files', () => {
  it('Russian has exactly the English keys', () => {
    expect([...enKeys].filter((k) => !ruKeys.has(k))).toEqual([]);
    expect([...ruKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('every literal key used in src/web exists', () => {
    const used = sources('src/web').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(100);
    expect([...new Set(used)].filter((k) => !enKeys.has(k))).toEqual([]);
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
