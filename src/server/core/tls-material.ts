import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
  leaf: X509Certificate;
}

/** What Diagnostics shows about the client certificate in use. */
export interface CertificateInfo {
  subject: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  ok: boolean;
  error?: string;
}

const DAY_MS = 86_400_000;
const MAX_CHAIN = 10;

export class TlsMaterialError extends Error {
  override readonly name = 'TlsMaterialError';
}

function splitPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

function checkValidity(cert: X509Certificate, now: number, label: string): void {
  if (Date.parse(cert.validFrom) > now) throw new TlsMaterialError(`${label} is not valid yet (from ${cert.validFrom})`);
  if (Date.parse(cert.validTo) <= now) throw new TlsMaterialError(`${label} expired on ${cert.validTo}`);
}

const signs = (issuer: X509Certificate, cert: X509Certificate): boolean => cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * Reads and checks a client certificate set: the key matches the certificate, the certificate
 * (with any intermediates in the same file) chains to a CA in the CA file, and every
 * certificate on the way is within its validity. Throws TlsMaterialError otherwise.
 */
export async function loadTlsMaterial(files: TlsFiles, now = Date.now()): Promise<TlsMaterial> {
  let cert: Buffer;
  let key: Buffer;
  let ca: Buffer;
  try {
    [cert, key, ca] = await Promise.all([readFile(files.certFile), readFile(files.keyFile), readFile(files.caFile)]);
  } catch (err) {
    throw new TlsMaterialError(`cannot read certificate files: ${(err as Error).message}`);
  }
  let chain: X509Certificate[];
  let authorities: X509Certificate[];
  try {
    chain = splitPem(cert.toString('utf8'));
    authorities = splitPem(ca.toString('utf8'));
  } catch (err) {
    throw new TlsMaterialError(`cannot parse certificate: ${(err as Error).message}`);
  }
  const leaf = chain[0];
  if (!leaf) throw new TlsMaterialError(`${files.certFile} holds no certificate`);
  if (authorities.length === 0) throw new TlsMaterialError(`${files.caFile} holds no certificate`);
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new TlsMaterialError(`cannot parse private key: ${(err as Error).message}`);
  }
  if (!leaf.checkPrivateKey(privateKey)) throw new TlsMaterialError('private key does not match the certificate');

  checkValidity(leaf, now, 'certificate');
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const root = authorities.find((authority) => signs(authority, current));
    if (root) {
      checkValidity(root, now, 'CA certificate');
      return { cert, key, ca, leaf };
    }
    const intermediate = chain.find((candidate) => candidate !== current && signs(candidate, current));
    if (!intermediate) break;
    checkValidity(intermediate, now, 'intermediate certificate');
    current = intermediate;
  }
  throw new TlsMaterialError('certificate does not chain to the configured CA');
}

export function describeCertificate(leaf: X509Certificate, now = Date.now(), error?: string): CertificateInfo {
  const notAfter = Date.parse(leaf.validTo);
  const info: CertificateInfo = {
    subject: leaf.subject.replace(/\n/g, ', '),
    notAfter: new Date(notAfter).toISOString(),
    daysLeft: Math.floor((notAfter - now) / DAY_MS),
    ok: error === undefined && notAfter > now,
  };
  if (error !== undefined) info.error = error;
  else if (notAfter <= now) info.error = 'certificate expired';
  return info;
}
