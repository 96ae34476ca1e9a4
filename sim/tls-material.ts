import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:https';

export interface ServerTlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  /** A CA nobody's client certificate chains to: trusting only it rejects every client. */
  untrustedCa: Buffer;
}

export function loadServerTls(certsDir: string): ServerTlsMaterial {
  const read = (name: string): Buffer => {
    try {
      return readFileSync(join(certsDir, name));
    } catch (err) {
      throw new Error(`sim: cannot read ${join(certsDir, name)} — run scripts/dev-certs.sh first (${(err as Error).message})`);
    }
  };
  return { key: read('server.key'), cert: read('server.crt'), ca: read('ca.crt'), untrustedCa: read('rogue-ca.crt') };
}

/** mTLS options: a client certificate is required and must chain to the dev CA. */
export function mtlsOptions(material: ServerTlsMaterial) {
  return {
    key: material.key,
    cert: material.cert,
    ca: material.ca,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2' as const,
  };
}

/** The rejectClientCert fault: new handshakes fail for real, at the TLS layer. */
export function setClientCertRejection(server: Server, material: ServerTlsMaterial, reject: boolean): void {
  server.setSecureContext({ key: material.key, cert: material.cert, ca: reject ? material.untrustedCa : material.ca });
}
