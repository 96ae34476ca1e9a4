// deploy/kubernetes validated against the Kubernetes and Prometheus Operator JSON schemas (the
// kubernetes-models packages in the lock: no network), then what an operator relies on.
import { readdirSync, readFileSync } from 'node:fs';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { envSchema } from '../../src/server/config/env-schema.js';
import { createAppMetrics } from '../../src/server/metrics/app-metrics.js';

type Json = Record<string, any>;

const folder = new URL('../../deploy/kubernetes/', import.meta.url);
const files = readdirSync(folder).filter((f) => f.endsWith('.yaml'));
const documents = files.flatMap((file) =>
  parseAllDocuments(readFileSync(new URL(file, folder), 'utf8')).map((doc, i) => {
    expect(doc.errors, `${file} #${i}`).toEqual([]);
    return { file, manifest: doc.toJS() as Json };
  }),
);

/** The schema-checked model of each kind we ship; a kind not listed here fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

const find = (kind: string, name?: string): Json => {
  const found = documents.find((d) => d.manifest.kind === kind && (name === undefined || d.manifest.metadata?.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} in deploy/kubernetes`);
  return found.manifest;
};
const podOf = (workload: Json): Json => (workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec);

/** nginx sizes: `1g` = 1 GiB. */
function nginxBytes(size: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(size);
  if (!m) throw new Error(`not an nginx size: ${size}`);
  return Number(m[1]) * 1024 ** ['', 'k', 'm', 'g'].indexOf(m[2]!.toLowerCase());
}

describe('deploy/kubernetes against the schemas', () => {
  it('holds the objects an operator expects', () => {
    expect(documents.map((d) => d.manifest.kind).sort()).toEqual(
      ['ConfigMap', 'CronJob', 'Deployment', 'Ingress', 'Job', 'PersistentVolumeClaim', 'PrometheusRule', 'Secret', 'Service', 'ServiceMonitor'].sort(),
    );
  });

  for (const { file, manifest } of documents) {
    it(`${file}: ${manifest.kind} ${manifest.metadata?.name} is valid`, () => {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `${manifest.apiVersion} ${manifest.kind} has no schema here`).toBeDefined();
      expect(() => new Model!(manifest as never).validate()).not.toThrow();
    });
  }

  it('a schema violation is caught (the check can fail)', () => {
    const broken = structuredClone(find('Deployment'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'three thousand';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
  });
});

describe('what the manifests promise', () => {
  const deployment = find('Deployment');
  const service = find('Service');
  const container = podOf(deployment).containers[0] as Json;
  const defaults = envSchema.parse({ NEXTAUTH_SECRET: 'x', CORE_ADMIN_API_KEY: 'x', BFF_PROXY_PASSWORD: 'x' });

  it('probes as operations.md §5 says: liveness /healthz, readiness /readyz', () => {
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
  });

  it('stops gracefully: a preStop pause, then SIGTERM with enough grace for the shutdown to finish', () => {
    const pause = Number(container.lifecycle.preStop.exec.command.at(-1));
    expect(container.lifecycle.preStop.exec.command[0]).toBe('sleep');
    expect(pause).toBeGreaterThan(0);
    expect(podOf(deployment).terminationGracePeriodSeconds).toBeGreaterThan(pause + defaults.SHUTDOWN_GRACE_SECONDS + 5);
  });

  it('the Ingress passes 1 GiB uploads through unbuffered and does not buffer event streams', () => {
    const ingress = find('Ingress');
    const a = ingress.metadata.annotations as Record<string, string>;
    expect(nginxBytes(a['nginx.ingress.kubernetes.io/proxy-body-size']!)).toBeGreaterThanOrEqual(defaults.UPLOAD_MAX_BYTES);
    expect(a['nginx.ingress.kubernetes.io/proxy-request-buffering']).toBe('off');
    expect(a['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(defaults.CORE_UPLOAD_BODY_TIMEOUT_MS / 1000);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    expect(service.spec.ports.map((p: Json) => p.name)).toContain(backend.port.name);
  });

  it('a Job runs the migrations with the image and settings of the Deployment', () => {
    const job = find('Job');
    const c = podOf(job).containers[0] as Json;
    expect(c.command).toEqual(['node', 'bin/mc.js', 'migrate']);
    expect(c.image).toBe(container.image);
    expect(c.envFrom).toEqual(container.envFrom);
    expect(podOf(job).restartPolicy).toBe('Never');
  });

  it('a CronJob makes the verified daily backup, keeps 7, on a persistent volume', () => {
    const cron = find('CronJob');
    expect(cron.spec.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const pod = podOf(cron);
    const c = pod.containers[0] as Json;
    expect(c.command.slice(0, 3)).toEqual(['node', '/app/bin/mc.js', 'backup']);
    expect(c.command.join(' ')).toMatch(/--keep 7\b/);
    expect(c.command).toContain('--verify');
    const mount = (c.volumeMounts as Json[]).find((m) => c.workingDir === m.mountPath)!;
    const volume = (pod.volumes as Json[]).find((v) => v.name === mount.name)!;
    expect(find('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)).toBeDefined();
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('the ServiceMonitor scrapes the Service’s port with the metrics token', () => {
    const monitor = find('ServiceMonitor');
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    const endpoint = monitor.spec.endpoints[0] as Json;
    expect(service.spec.ports.map((p: Json) => p.name)).toContain(endpoint.port);
    expect(endpoint.path).toBe('/metrics');
    expect(endpoint.authorization.credentials).toEqual({ name: 'message-center-secrets', key: 'METRICS_TOKEN' });
    expect(Object.keys(envSchema.shape)).toContain(endpoint.authorization.credentials.key);
  });

  it('alerts on Core down, a non-empty fallback file, poller lag and the 5xx rate, with metrics the registry exposes', async () => {
    const rules = (find('PrometheusRule').spec.groups as Json[]).flatMap((g) => g.rules as Json[]);
    const byMetric = (name: string) => rules.filter((r) => String(r.expr).includes(name));
    expect(byMetric('mc_core_up')).toHaveLength(1);
    expect(byMetric('mc_audit_fallback_bytes')).toHaveLength(1);
    expect(byMetric('mc_status_poller_lag_seconds')).toHaveLength(1);
    expect(rules.some((r) => /status=~"5\.\."/.test(String(r.expr)))).toBe(true);
    const known = new Set<string>();
    for (const metric of await createAppMetrics().registry.getMetricsAsJSON()) {
      known.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) known.add(metric.name + suffix);
    }
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^MessageCenter/);
      expect(rule.annotations.summary).toBeTruthy();
      for (const name of String(rule.expr).match(/\bmc_[a-z0-9_]+/g) ?? []) expect(known, `${rule.alert}: ${name}`).toContain(name);
    }
  });
});
