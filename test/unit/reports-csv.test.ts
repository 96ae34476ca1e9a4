import { describe, expect, it } from 'vitest';
import { REPORT_CSV_HEADER, reportCsvRow } from '../../src/server/reports/delivery-report.js';

const message = (fields: Partial<{ number: string; status: 'queued' | 'sent' | 'delivered' | 'failed'; error: string | null; parts: number; updated_at: string }>) => ({
  message_id: 'm1',
  number: '998901234567',
  status: 'delivered' as const,
  error: null,
  parts: 1,
  updated_at: '2026-11-26T00:00:00.000Z',
  ...fields,
});

describe('delivery report CSV rows', () => {
  it('writes the header and plain rows with CRLF', () => {
    expect(REPORT_CSV_HEADER).toBe('number,status,error,parts,time\r\n');
    expect(reportCsvRow(message({}))).toBe('998901234567,delivered,,1,2026-11-26T00:00:00.000Z\r\n');
  });

  it('quotes per RFC 4180', () => {
    expect(reportCsvRow(message({ status: 'failed', error: 'rejected, "blocked"\nby operator' }))).toBe(
      '998901234567,failed,"rejected, ""blocked""\nby operator",1,2026-11-26T00:00:00.000Z\r\n',
    );
  });

  it.each(['=cmd()', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('defuses a cell starting like a formula: %j', (error) => {
    const cell = reportCsvRow(message({ error })).split(',')[2]!;
    expect(cell.replace(/^"/, '').startsWith(`'${error[0]}`)).toBe(true);
  });
});
