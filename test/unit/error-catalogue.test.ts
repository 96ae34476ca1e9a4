// The error catalogue: every code the server can emit has its status and a sentence of its own in
// each language, and every sentence fills its placeholders from the details the server sends.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_LANGUAGES, ERROR_CATALOGUE, errorMessage, FIELD_RULES, fieldMessage, isErrorCode, type ErrorCode } from '../../src/domain/error-catalogue.js';
import { ApiError } from '../../src/server/http/errors.js';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };

const GENERIC = [en.errors.generic, ru.errors.generic];
const HELPERS: Record<string, ErrorCode> = {
  badRequest: 'validation_failed',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  invalidState: 'invalid_state',
  rateLimited: 'rate_limited',
  databaseUnavailable: 'database_unavailable',
  coreUnavailable: 'core_unavailable',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every code and reason literal the server passes to ApiError or its helpers. */
function emitted(): { codes: Set<string>; reasons: Array<{ code: string; reason: string; file: string }> } {
  const codes = new Set<string>();
  const reasons: Array<{ code: string; reason: string; file: string }> = [];
  for (const file of sources('src/server')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new ApiError\(\s*'([a-z_]+)'(?:\s*,\s*\{\s*reason:\s*'([a-z_]+)')?/g)) {
      codes.add(m[1]!);
      if (m[2]) reasons.push({ code: m[1]!, reason: m[2], file });
    }
    for (const [helper, code] of Object.entries(HELPERS)) {
      for (const m of text.matchAll(new RegExp(`\\b${helper}\\(\\s*(?:'([a-z_]+)')?`, 'g'))) {
        codes.add(code);
        if (m[1]) reasons.push({ code, reason: m[1], file });
      }
    }
    // Codes kept in a table and passed on (e.g. the 410 answers of an invitation).
    if (/new ApiError\((?!')/.test(text)) for (const m of text.matchAll(/:\s*'([a-z]+_[a-z_]+)'/g)) if (isErrorCode(m[1]!)) codes.add(m[1]!);
  }
  return { codes, reasons };
}

const entries = Object.entries(ERROR_CATALOGUE) as Array<[ErrorCode, (typeof ERROR_CATALOGUE)[ErrorCode]]>;

/** The details of each sentence an entry can show: its example, once per reason. */
function samples(code: ErrorCode): Array<{ label: string; details: unknown }> {
  const e = ERROR_CATALOGUE[code] as { example?: unknown; reasons?: Record<string, unknown> };
  // With reasons, the code's own sentence is the one said when no reason (no details) is given.
  const base = [{ label: code, details: e.reasons ? undefined : e.example }];
  const variants = Object.keys(e.reasons ?? {}).map((reason) => ({ label: `${code}/${reason}`, details: { ...(e.example as object), reason } }));
  return [...base, ...variants];
}

describe('error catalogue', () => {
  it('has an entry for every code the server emits, and every reason the server gives', () => {
    const { codes, reasons } = emitted();
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((c) => !isErrorCode(c))).toEqual([]);
    const unknown = reasons.filter(({ code, reason }) => {
      const e = ERROR_CATALOGUE[code as ErrorCode] as { reasons?: Record<string, unknown> };
      return !Object.hasOwn(e.reasons ?? {}, reason);
    });
    expect(unknown).toEqual([]);
  });

  it('lists no code the server never emits (no dead entries)', () => {
    const { codes } = emitted();
    // member-routes passes the domain's refusal (own_role, super_admin_target) through a variable.
    const viaVariable = new Set(['own_role', 'super_admin_target']);
    expect(entries.map(([code]) => code).filter((c) => !codes.has(c) && !viaVariable.has(c))).toEqual([]);
  });

  it.each(entries.map(([code]) => code))('%s: an HTTP error status and a sentence in each language', (code) => {
    const e = ERROR_CATALOGUE[code];
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(600);
    for (const { label, details } of samples(code)) {
      if (details !== undefined) expect(e.details.safeParse(details).success, `${label}: the example fits the details shape`).toBe(true);
      const said = CATALOGUE_LANGUAGES.map((lang) => errorMessage(code, details, lang));
      for (const message of said) {
        expect(message, label).not.toMatch(/\{\w+\}/);
        expect(message.length, label).toBeGreaterThan(5);
        expect(GENERIC).not.toContain(message);
      }
      expect(said[0], `${label}: Russian is not a copy of English`).not.toBe(said[1]);
      expect(said[1], `${label}: Russian is written in Cyrillic`).toMatch(/[а-яё]/i);
    }
  });

  it('gives ApiError its status and English sentence; other codes and wrong details do not compile (tsc)', () => {
    const refused = new ApiError('last_admin', { workspace: 'Acme' });
    expect(refused).toMatchObject({ status: 422, code: 'last_admin', message: 'Acme must keep at least one admin.' });
    expect(new ApiError('invalid_state', { reason: 'campaign_transition', status: 'Done', action: 'start' }).message).toBe('A campaign that is Done cannot be started now.');
    const neverCalled = () => [
      // @ts-expect-error -- not a catalogue code
      new ApiError('no_such_code'),
      // @ts-expect-error -- last_admin needs the workspace
      new ApiError('last_admin'),
      // @ts-expect-error -- not a reason of invalid_state
      new ApiError('invalid_state', { reason: 'no_such_reason' }),
    ];
    expect(typeof neverCalled).toBe('function');
  });

  it('fills placeholders from the details, translating campaign actions', () => {
    expect(errorMessage('last_admin', { workspace: 'Acme' }, 'en')).toBe('Acme must keep at least one admin.');
    expect(errorMessage('last_admin', { workspace: 'Acme' }, 'ru')).toBe('В пространстве Acme должен остаться хотя бы один администратор.');
    expect(errorMessage('invalid_state', { reason: 'campaign_transition', status: 'Sending', action: 'approve' }, 'ru')).toBe('Кампанию в статусе Sending сейчас нельзя одобрить.');
    expect(errorMessage('validation_failed', [{ path: 'body.name', reason: 'x' }, { path: 'body.text', reason: 'y' }], 'en')).toBe('Check the marked fields: name, text.');
    expect(errorMessage('invalid_state', { reason: 'campaign_transition', status: 'Done', action: 'pause' }, 'en', (name, v) => (name === 'status' ? v.toUpperCase() : v))).toBe(
      'A campaign that is DONE cannot be paused now.',
    );
  });

  it.each(Object.keys(FIELD_RULES))('field rule %s: said in each language, limits filled', (rule) => {
    const problem = { rule: rule as keyof typeof FIELD_RULES, limit: 11, parts: 3 };
    const [enText, ruText] = CATALOGUE_LANGUAGES.map((lang) => fieldMessage(problem, lang));
    expect(enText).not.toMatch(/\{\w+\}/);
    expect(ruText).not.toMatch(/\{\w+\}/);
    expect(ruText).toMatch(/[а-яё]/i);
    expect(enText).not.toBe(ruText);
  });
});
