import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CoreMetrics } from '../core/logger.js';
import type { CoreHealthStatus } from '../core/core-health.js';

/** Every metric name this registry exposes; the Grafana dashboard may only use these (tested). */
export const METRIC_NAMES = {
  httpDuration: 'mc_http_request_duration_seconds',
  coreDuration: 'mc_core_request_duration_seconds',
  coreErrors: 'mc_core_errors_total',
  coreUp: 'mc_core_up',
  auditWrites: 'mc_audit_writes_total',
  auditFallbackBytes: 'mc_audit_fallback_bytes',
  auditDrains: 'mc_audit_drains_total',
  pollerLag: 'mc_status_poller_lag_seconds',
  uploadBytes: 'mc_upload_bytes_total',
  dbReconnects: 'mc_db_driver_reconnects_total',
} as const;

/** Prefix of the process metrics (CPU, memory, event loop lag, GC) from prom-client. */
export const DEFAULT_METRICS_PREFIX = 'mc_';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The process's Prometheus registry (operations.md §5). Each process has its own registry, so
 * several servers in one test process never share counters. Other domains record through the
 * typed fields below, e.g. `app.metrics.auditWrites.inc({ sink: 'database' })`.
 */
export interface AppMetrics {
  registry: Registry;
  /** Labels: method, route (the route template, never the raw path), status. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Handed to createCoreServices: latency by Core/Proxy route template and error counts by kind. */
  core: CoreMetrics;
  /** sink: `database` | `fallback` | `refused` (fallback file over its cap). */
  auditWrites: Counter<'sink'>;
  /** Size of the audit fallback file in bytes (0 when healthy). */
  auditFallbackBytes: Gauge;
  /** outcome: `completed` | `failed`. */
  auditDrains: Counter<'outcome'>;
  /**
   * The status poller marks its start and each completed pass; `mc_status_poller_lag_seconds` is the
   * time since, read at scrape time (so it grows while passes fail or hang), 0 while no poller ran.
   */
  markPollerPass(at?: number): void;
  /** Bytes of recipient files received from uploads. */
  uploadBytes: Counter;
  /** Times the database driver's monitor was found stuck and the client connected again (db/monitor-watchdog.ts). */
  dbReconnects: Counter;
  /** Where `mc_core_up` reads the Core health state at scrape time. */
  watchCoreHealth(state: () => CoreHealthStatus): void;
  /** Records one HTTP request; `route` is the template (`/api/w/:slug/campaigns`), or `unmatched`. */
  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void;
}

export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRICS_PREFIX });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: METRIC_NAMES.httpDuration,
    help: 'HTTP request latency by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const coreDuration = new Histogram({
    name: METRIC_NAMES.coreDuration,
    help: 'Core and Proxy call latency by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const coreErrors = new Counter({ name: METRIC_NAMES.coreErrors, help: 'Failed Core and Proxy calls by kind', labelNames: ['kind'] as const, registers });

  let lastPollerPass: number | null = null;
  new Gauge({
    name: METRIC_NAMES.pollerLag,
    help: 'Seconds since the campaign status poller last completed a pass (since it started, before the first)',
    registers,
    collect() {
      this.set(lastPollerPass === null ? 0 : Math.max(0, Date.now() - lastPollerPass) / 1000);
    },
  });

  let coreHealth: () => CoreHealthStatus = () => 'unknown';
  new Gauge({
    name: METRIC_NAMES.coreUp,
    help: 'Core health as last checked: 1 ok, 0 down, -1 not checked yet',
    registers,
    collect() {
      const status = coreHealth();
      this.set(status === 'ok' ? 1 : status === 'down' ? 0 : -1);
    },
  });

  return {
    registry,
    httpDuration,
    core: {
      observeCall: (method, route, status, seconds) => coreDuration.observe({ method, route, status }, seconds),
      countError: (kind) => coreErrors.inc({ kind }),
    },
    auditWrites: new Counter({ name: METRIC_NAMES.auditWrites, help: 'Audit events written, by sink', labelNames: ['sink'] as const, registers }),
    auditFallbackBytes: new Gauge({ name: METRIC_NAMES.auditFallbackBytes, help: 'Size of the audit fallback file in bytes', registers }),
    auditDrains: new Counter({ name: METRIC_NAMES.auditDrains, help: 'Audit fallback drains, by outcome', labelNames: ['outcome'] as const, registers }),
    markPollerPass(at = Date.now()) {
      lastPollerPass = at;
    },
    uploadBytes: new Counter({ name: METRIC_NAMES.uploadBytes, help: 'Bytes of recipient files received', registers }),
    dbReconnects: new Counter({ name: METRIC_NAMES.dbReconnects, help: 'Database client reconnections after its monitor stopped checking', registers }),
    watchCoreHealth(state) {
      coreHealth = state;
    },
    observeHttp(method, route, status, seconds) {
      httpDuration.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
    },
  };
}
