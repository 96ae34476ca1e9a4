import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/server/http/cursor.js';
import { requestIdFrom } from '../../src/server/http/request-id.js';
import { redactUrl } from '../../src/server/http/redact.js';

describe('request ids, cursors and log redaction', () => {
  it('keeps only safe request ids', () => {
    expect(requestIdFrom('abc-123_x.y')).toBe('abc-123_x.y');
    expect(requestIdFrom('a b')).not.toBe('a b');
    expect(requestIdFrom('x'.repeat(65))).toHaveLength(36);
    expect(requestIdFrom(undefined)).toHaveLength(36);
  });

  it('round-trips cursors and refuses foreign ones with a 400', () => {
    expect(decodeCursor(encodeCursor({ t: 1, id: 'x' }))).toEqual({ t: 1, id: 'x' });
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('%%%')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('logs invitation tokens as a template and escapes control characters', () => {
    expect(redactUrl('/api/invitations/SECRETTOKEN/accept')).toBe('/api/invitations/:token/accept');
    expect(redactUrl('/x\n{"forged":1}')).toBe('/x\\u000a{"forged":1}');
  });
});
