import { describe, expect, it } from 'vitest';
import { checkCampaignRules, type ScheduleFields } from '../../src/server/campaigns/campaign-rules.js';

const now = new Date('2026-11-25T12:00:00Z');
const later = (h: number) => new Date(now.getTime() + h * 3600_000);
const base: ScheduleFields = { mode: 'OnDemand', text: 'Hello', sms_limit: 3, start_at: null, end_at: null, daily_time: null };
const all = new Set(['start_at', 'end_at', 'daily_time', 'text']);
const paths = (c: Partial<ScheduleFields>, given: ReadonlySet<string> = all) =>
  checkCampaignRules({ ...base, ...c }, given, now).problems.map((p) => `${p.path}: ${p.reason}`);

describe('campaign field rules per mode', () => {
  const cases: [string, Partial<ScheduleFields>, RegExp[]][] = [
    ['OnDemand plain', {}, []],
    ['OnDemand with start_at', { start_at: later(1) }, [/body.start_at: an OnDemand campaign starts on approval/]],
    ['OnDemand with daily_time', { daily_time: '10:00' }, [/body.daily_time: only Spread/]],
    ['OnTime without start_at', { mode: 'OnTime' }, [/body.start_at: required for an OnTime/]],
    ['OnTime in the past', { mode: 'OnTime', start_at: later(-1) }, [/body.start_at: must be in the future/]],
    ['OnTime ok', { mode: 'OnTime', start_at: later(2) }, []],
    ['Spread missing all', { mode: 'Spread' }, [/start_at: required/, /end_at: required/, /daily_time: required/]],
    ['Spread end before start', { mode: 'Spread', start_at: later(5), end_at: later(2), daily_time: '10:00' }, [/body.end_at: must be after start_at/]],
    ['Spread equal start and end', { mode: 'Spread', start_at: later(5), end_at: later(5), daily_time: '10:00' }, [/must be after start_at/]],
    ['Spread ok', { mode: 'Spread', start_at: later(1), end_at: later(48), daily_time: '10:00' }, []],
    ['Trigger without end_at', { mode: 'Trigger', text: 'Code {{code}}' }, [/body.end_at: required for a Trigger/]],
    ['Trigger malformed placeholder', { mode: 'Trigger', text: 'Code {{ Bad }}', end_at: later(3) }, [/body.text:/]],
    ['Trigger ok', { mode: 'Trigger', text: 'Code {{code}}', end_at: later(3) }, []],
    ['text over the parts limit', { text: 'x'.repeat(161), sms_limit: 1 }, [/body.text: the text needs 2 SMS parts \(GSM-7\), more than the limit of 1/]],
    ['UCS-2 over the limit', { text: 'я'.repeat(71), sms_limit: 1 }, [/needs 2 SMS parts \(UCS-2\)/]],
    ['text over 1600 characters', { text: 'x'.repeat(1601), sms_limit: 10 }, [/body.text: at most 1600 characters \(this text has 1601\)/]],
  ];
  for (const [name, c, expected] of cases) {
    it(name, () => {
      const got = paths(c);
      expect(got).toHaveLength(expected.length);
      expected.forEach((re, i) => expect(got[i]).toMatch(re));
    });
  }

  it('does not refuse a past date that this request did not set', () => {
    expect(paths({ mode: 'OnTime', start_at: later(-1) }, new Set(['text']))).toEqual([]);
  });

  it('reports the segment count it used', () => {
    const r = checkCampaignRules({ ...base, text: 'Привет' }, all, now);
    expect(r.segments.encoding).toBe('UCS-2');
    expect(r.segments.parts).toBe(1);
  });
});
