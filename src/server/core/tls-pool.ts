import { unwatchFile, watchFile } from 'node:fs';
import { Agent, type Dispatcher } from 'undici';
import type { CoreLogger } from './logger.js';
import { describeCertificate, loadTlsMaterial, type CertificateInfo, type TlsMaterial } from './tls-material.js';

export interface TlsPoolOptions {
  url: string;
  /** Required when `url` is https; verification of the peer is always on. */
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  serverName?: string;
  connections: number;
  bodyTimeoutMs: number;
  logger: CoreLogger;
  /** How often the certificate files are stat-polled (polling also sees Kubernetes symlink swaps). */
  watchIntervalMs?: number;
  /** Quiet time after the last file change before reloading, so a cert+key copy is read as one change. */
  reloadDebounceMs?: number;
}

export interface TlsPool {
  /** The upstream's origin, e.g. https://localhost:8080. */
  readonly origin: string;
  /** The current pool; take it per request, since a reload replaces it. */
  dispatcher(): Dispatcher;
  /** Client certificate in use, or null for a plain-http upstream. */
  certificate(): CertificateInfo | null;
  /** Re-reads the files now; false when the new material was refused (old one kept). */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

function buildAgent(options: TlsPoolOptions, material: TlsMaterial | null): Agent {
  return new Agent({
    connections: options.connections,
    bodyTimeout: options.bodyTimeoutMs,
    headersTimeout: options.bodyTimeoutMs,
    connect: material
      ? {
          cert: material.cert,
          key: material.key,
          ca: material.ca,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
          ...(options.serverName ? { servername: options.serverName } : {}),
        }
      : {},
  });
}

/**
 * One keep-alive pool per upstream with mutual TLS. The certificate files are watched; a
 * change that passes the checks in loadTlsMaterial builds a new pool and drains the old one
 * (requests already dispatched finish on it). Refused material is logged and kept out.
 */
export async function createTlsPool(options: TlsPoolOptions): Promise<TlsPool> {
  const url = new URL(options.url);
  const origin = url.origin;
  if (url.protocol !== 'https:') {
    const agent = buildAgent(options, null);
    return { origin, dispatcher: () => agent, certificate: () => null, reload: async () => true, close: () => agent.close() };
  }
  const { certFile, keyFile, caFile } = options;
  if (!certFile || !keyFile || !caFile) throw new Error(`${origin}: https needs certFile, keyFile and caFile`);
  const files = { certFile, keyFile, caFile };

  let material = await loadTlsMaterial(files);
  let agent = buildAgent(options, material);
  let lastError: string | undefined;
  let closed = false;
  let reloading: Promise<boolean> | null = null;

  const sameMaterial = (next: TlsMaterial): boolean =>
    next.cert.equals(material.cert) && next.key.equals(material.key) && next.ca.equals(material.ca);

  const reloadNow = async (): Promise<boolean> => {
    let next: TlsMaterial;
    try {
      next = await loadTlsMaterial(files);
    } catch (err) {
      lastError = (err as Error).message;
      options.logger.error({ origin, certFile, error: lastError }, '[core-tls] new certificate refused; keeping the previous one');
      return false;
    }
    lastError = undefined;
    if (closed || sameMaterial(next)) return true;
    const previous = agent;
    material = next;
    agent = buildAgent(options, next);
    options.logger.info({ origin, subject: next.leaf.subject, notAfter: next.leaf.validTo }, '[core-tls] certificate reloaded');
    previous.close().catch((err: unknown) => {
      options.logger.warn({ origin, error: String(err) }, '[core-tls] closing the previous pool failed');
    });
    return true;
  };

  // Serialised: a reload that races another would otherwise build two pools.
  const reload = (): Promise<boolean> => {
    const run = (reloading ?? Promise.resolve(true)).then(reloadNow);
    reloading = run.finally(() => {
      if (reloading === run) reloading = null;
    });
    return run;
  };

  let debounce: NodeJS.Timeout | undefined;
  const onChange = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void reload(), options.reloadDebounceMs ?? 500);
    debounce.unref();
  };
  const watchOptions = { interval: options.watchIntervalMs ?? 2_000, persistent: false };
  for (const file of [certFile, keyFile, caFile]) watchFile(file, watchOptions, onChange);

  return {
    origin,
    dispatcher: () => agent,
    certificate: () => describeCertificate(material.leaf, Date.now(), lastError),
    reload,
    async close() {
      closed = true;
      clearTimeout(debounce);
      for (const file of [certFile, keyFile, caFile]) unwatchFile(file, onChange);
      await agent.close();
    },
  };
}
