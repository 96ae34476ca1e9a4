import { describe, expect, it } from 'vitest';
import { auditCsvRow, csvCell, csvRow } from '../../src/server/audit/audit-csv.js';

describe('audit CSV cells (RFC 4180 + formula defusing)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=a,b', `"'=a,b"`],
    ['a=b', 'a=b'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes null and undefined as empty cells and ends rows with CRLF', () => {
    expect(csvRow(['a', null, undefined, 'b'])).toBe('a,,,b\r\n');
  });

  it('renders an event row with JSON before/after', () => {
    const row = auditCsvRow({
      id: 'i',
      ts: '2026-01-01T00:00:00.000Z',
      actor: { type: 'user', id: 'u', email: '=evil@example.test' },
      workspace_id: null,
      action: 'campaign.paused',
      resource: { type: 'campaign', id: 'c' },
      before: { status: 'Sending' },
      after: null,
      ip: null,
      user_agent: 'Mozilla, "quoted"',
      request_id: 'r',
      object: null,
    });
    expect(row).toBe(`2026-01-01T00:00:00.000Z,i,campaign.paused,user,u,'=evil@example.test,,campaign,c,,"Mozilla, ""quoted""",r,"{""status"":""Sending""}",\r\n`);
  });
});
