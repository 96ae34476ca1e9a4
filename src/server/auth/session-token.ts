import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  /** user id */
  u: string;
  /** users.session_version when issued */
  v: number;
  /** issued at, ms */
  iat: number;
  /** last activity, ms (sliding idle timeout) */
  la: number;
}

export const SESSION_MAX_AGE_MS = 8 * 3600_000;

export function deriveKey(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
}

/** `payload.signature`, both base64url; HMAC-SHA256 with a key derived from NEXTAUTH_SECRET. */
export class SessionTokens {
  private readonly key: Buffer;

  constructor(secret: string, private readonly idleMs: number) {
    this.key = deriveKey(secret, 'session');
  }

  sign(claims: SessionClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** Returns the claims when the signature holds and neither the 8-hour nor the idle limit passed. */
  verify(token: string | undefined, now = Date.now()): SessionClaims | null {
    if (!token || token.length > 1024) return null;
    const [payload, sig] = token.split('.');
    if (!payload || !sig) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return null;
    }
    if (typeof claims.u !== 'string' || typeof claims.v !== 'number' || typeof claims.iat !== 'number' || typeof claims.la !== 'number') return null;
    if (now - claims.iat > SESSION_MAX_AGE_MS || now - claims.la > this.idleMs) return null;
    return claims;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
