import { describe, expect, it } from 'vitest';
import { bodyOf, checkForm, formFrom, formKeyOf } from '../../src/web/screens/admin/presets-form-state.js';

const proxy = {
  esmes: [
    { id: 'esme-a', name: 'A', enabled: true, rate_limit_per_sec: 150, strategies: [{ id: 'cp1', name: 'cp1' }, { id: 'cp2', name: 'cp2' }] },
    { id: 'esme-b', name: 'B', enabled: false, rate_limit_per_sec: 10, strategies: [] },
  ],
};

describe('presets form state', () => {
  it('round-trips saved presets, keeping an ESME the Proxy no longer has so it can be dropped', () => {
    const presets = { esmes: [{ id: 'esme-a', rate_limit_per_sec: 100, strategies: ['cp2'] }, { id: 'esme-gone', rate_limit_per_sec: null, strategies: null }], saddrs: ['BRAND'], updated_at: null };
    const form = formFrom(presets, proxy);
    expect(form.esmes.map((r) => [r.id, r.offered, r.atProxy === null])).toEqual([['esme-a', true, false], ['esme-b', false, false], ['esme-gone', true, true]]);
    expect(bodyOf(form)).toEqual({ esmes: [{ id: 'esme-a', rate_limit_per_sec: 100, strategies: ['cp2'] }, { id: 'esme-gone', rate_limit_per_sec: null, strategies: null }], saddrs: ['BRAND'] });
    expect(bodyOf({ ...form, narrow: false }).esmes).toBeNull();
    expect(bodyOf(formFrom({ esmes: null, saddrs: [], updated_at: null }, proxy))).toEqual({ esmes: null, saddrs: [] });
  });

  it('finds rates outside 1…the Proxy ceiling, invalid and repeated saddrs, and maps server paths to rows', () => {
    const form = formFrom({ esmes: [{ id: 'esme-a', rate_limit_per_sec: null, strategies: null }], saddrs: [], updated_at: null }, proxy);
    const withRate = (rate: string) => ({ ...form, esmes: form.esmes.map((r) => (r.id === 'esme-a' ? { ...r, rate } : r)) });
    expect(checkForm(withRate('151'))).toEqual({ 'rate:esme-a': { rule: 'too_large', limit: 150 } });
    expect(checkForm(withRate('0'))).toEqual({ 'rate:esme-a': { rule: 'too_small', limit: 1 } });
    expect(checkForm(withRate('1.5'))).toEqual({ 'rate:esme-a': { rule: 'wrong_type' } });
    expect(checkForm(withRate('150'))).toEqual({});
    expect(checkForm({ ...withRate('999'), narrow: false })).toEqual({});
    expect(checkForm({ ...form, saddrs: ['OK', 'Bad_1', 'OK'] })).toEqual({ 'saddr:1': { saddr: 'invalid_characters' }, 'saddr:2': { rule: 'in_use' } });
    expect(formKeyOf(form, 'esmes.0.rate_limit_per_sec')).toBe('rate:esme-a');
    expect(formKeyOf(form, 'esmes.0.strategies.1')).toBe('strategies:esme-a');
    expect(formKeyOf(form, 'saddrs.3')).toBe('saddr:3');
    expect(formKeyOf(form, 'esmes.5.id')).toBeNull();
  });
});
