import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../../src/web/api/download.js';

describe('the name an export is saved under', () => {
  it("is the server's content-disposition file name", () => {
    expect(fileNameOf('attachment; filename="audit-acme-2026-12-03.csv"', '/api/w/acme/audit.csv?action=x')).toBe('audit-acme-2026-12-03.csv');
  });
  it("is the URL's last segment, decoded and without the query, when the server names none", () => {
    expect(fileNameOf(null, '/api/w/acme/campaigns/c%201/report.csv?x=1')).toBe('report.csv');
    expect(fileNameOf('attachment', '/api/w/acme/campaigns/my%20list.csv')).toBe('my list.csv');
  });
  it('is "download" for a URL that ends in a slash', () => {
    expect(fileNameOf(null, '/api/')).toBe('download');
  });
});
