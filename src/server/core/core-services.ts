import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { createCoreClient, type CoreClient } from './core-client.js';
import { createCoreHealth, type CoreHealth } from './core-health.js';
import { createProxyClient, type ProxyClient } from './proxy-client.js';
import { createTlsPool, type TlsPool } from './tls-pool.js';
import type { CoreMetrics } from './logger.js';

/** Core and Proxy as the rest of the server sees them: one mTLS pool per upstream. */
export interface CoreServices {
  core: CoreClient;
  health: CoreHealth;
  proxy: ProxyClient;
  corePool: TlsPool;
  proxyPool: TlsPool;
  close(): Promise<void>;
}

export async function createCoreServices(config: Config, logger: Logger, metrics?: CoreMetrics): Promise<CoreServices> {
  const log = logger.child({ component: 'core' });
  const corePool = await createTlsPool({
    url: config.CORE_API_URL,
    certFile: config.CORE_TLS_CERT_FILE,
    keyFile: config.CORE_TLS_KEY_FILE,
    caFile: config.CORE_TLS_CA_FILE,
    serverName: config.CORE_TLS_SERVER_NAME,
    connections: config.CORE_AGENT_CONNECTIONS,
    bodyTimeoutMs: config.CORE_BODY_TIMEOUT_MS,
    logger: log,
  });
  const proxyPool = await createTlsPool({
    url: config.PROXY_API_URL,
    certFile: config.PROXY_TLS_CERT_FILE ?? config.CORE_TLS_CERT_FILE,
    keyFile: config.PROXY_TLS_KEY_FILE ?? config.CORE_TLS_KEY_FILE,
    caFile: config.PROXY_TLS_CA_FILE ?? config.CORE_TLS_CA_FILE,
    serverName: config.PROXY_TLS_SERVER_NAME,
    connections: config.CORE_AGENT_CONNECTIONS,
    bodyTimeoutMs: config.CORE_BODY_TIMEOUT_MS,
    logger: log,
  });
  const health = createCoreHealth({
    healthUrl: config.CORE_HEALTH_URL,
    intervalMs: config.CORE_HEALTH_INTERVAL_MS,
    downIntervalMs: config.CORE_HEALTH_DOWN_INTERVAL_MS,
    logger: log,
  });
  const core = createCoreClient({
    pool: corePool,
    apiKey: config.CORE_ADMIN_API_KEY,
    maxResponseBytes: config.CORE_MAX_RESPONSE_BYTES,
    uploadBodyTimeoutMs: config.CORE_UPLOAD_BODY_TIMEOUT_MS,
    logger: log,
    onNetworkFailure: (err) => health.markDown(err.message),
    onSuccess: () => health.markUp(),
    metrics,
  });
  const proxy = createProxyClient({
    loginUrl: config.PROXY_LOGIN_URL,
    apiUrl: config.PROXY_API_URL,
    pool: proxyPool,
    email: config.BFF_PROXY_EMAIL,
    password: config.BFF_PROXY_PASSWORD,
    appId: config.PROXY_APP_ID,
    logger: log,
    maxResponseBytes: config.CORE_MAX_RESPONSE_BYTES,
    metrics,
  });
  health.start();
  return {
    core,
    health,
    proxy,
    corePool,
    proxyPool,
    close: async () => {
      health.stop();
      await Promise.allSettled([corePool.close(), proxyPool.close()]);
    },
  };
}
