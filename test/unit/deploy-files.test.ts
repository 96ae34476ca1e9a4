// The deployment files are checked statically: no container engine or registry is available here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envSchema } from '../../src/server/config/env-schema.js';
import { parseEnvFile } from '../../src/server/config/dev-env-file.js';
import { createAppMetrics } from '../../src/server/metrics/app-metrics.js';

const read = (path: string) => readFileSync(new URL(`../../deploy/${path}`, import.meta.url), 'utf8');
const ENV_NAMES = new Set(Object.keys(envSchema.shape));

// Parsed YAML/JSON of our own files, navigated by the assertions; a wrong path fails the test.
type Json = Record<string, any>;

interface DockerStage {
  from: string;
  name: string | null;
  instructions: { op: string; args: string }[];
}

/** Stages of a Dockerfile with their instructions (continuation lines joined, comments dropped). */
function dockerStages(text: string): DockerStage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? args, name: m?.[2] ?? null, instructions: [] });
    } else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const last = <T>(items: T[]): T => {
  const item = items.at(-1);
  if (item === undefined) throw new Error('empty');
  return item;
};

describe('deploy/Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = last(stages);
  const op = (stage: DockerStage, name: string) => stage.instructions.filter((i) => i.op === name);

  it('is multi-stage, and the default (last) stage is the runtime built on the shared app stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(runtime.name).toBe('runtime');
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['build', 'deps', 'app', 'simulator']));
    expect(op(stages.find((s) => s.name === 'deps')!, 'RUN')[0]?.args).toContain('npm ci --omit=dev');
  });

  it('runs as a non-root user in every final stage', () => {
    for (const stage of stages.filter((s) => s.name === 'runtime' || s.name === 'simulator')) {
      const user = last(op(stage, 'USER')).args;
      expect(user, stage.name ?? '').not.toMatch(/^(root|0)(:|$)/);
    }
  });

  it('has a HEALTHCHECK on /healthz and starts the compiled server on plain Node', () => {
    expect(last(op(runtime, 'HEALTHCHECK')).args).toMatch(/\/healthz/);
    expect(JSON.parse(last(op(runtime, 'CMD')).args)).toEqual(['node', 'dist/src/server/main.js']);
    for (const stage of stages) for (const i of op(stage, 'CMD')) expect(i.args, stage.name ?? '').not.toMatch(/tsx|\.ts"/);
  });

  it('bounds the memory of an upload (freed buffers back to the system, a small young generation), as the bench runs the server', () => {
    expect(op(runtime, 'ENV').map((i) => i.args)).toEqual(expect.arrayContaining(['MALLOC_MMAP_THRESHOLD_=65536', 'NODE_OPTIONS=--max-semi-space-size=4']));
  });

  it('builds every stage on Node.js 24 LTS', () => {
    for (const stage of stages.filter((s) => !stages.some((other) => other.name === s.from))) expect(stage.from, stage.name ?? '').toMatch(/^node:24(\.|-|$)/);
  });

  it('installs with `npm ci` from the lock and compiles with `npm run build` in the build stage', () => {
    const build = stages.find((s) => s.name === 'build')!;
    const runs = op(build, 'RUN').map((i) => i.args);
    expect(runs.some((r) => /^npm ci\b/.test(r) && !r.includes('--omit'))).toBe(true);
    expect(runs).toContain('npm run build');
    expect(op(build, 'COPY').map((i) => i.args)).toEqual(expect.arrayContaining(['package.json package-lock.json ./', 'tsconfig.json tsconfig.build.json vite.config.ts ./']));
  });

  it('puts no dev dependency in the final stages: node_modules come only from `npm ci --omit=dev`', () => {
    const finals = new Set<string>(['runtime', 'simulator']);
    // A final stage and the stages it is built FROM.
    for (const stage of [...stages].reverse()) if (stage.name && finals.has(stage.name)) finals.add(stage.from);
    for (const stage of stages.filter((s) => s.name && finals.has(s.name))) {
      for (const i of op(stage, 'RUN')) expect(i.args, stage.name ?? '').not.toMatch(/npm (ci|install)/);
      for (const copy of op(stage, 'COPY').filter((i) => i.args.includes('node_modules'))) {
        const from = /--from=(\S+)/.exec(copy.args)?.[1];
        const source = stages.find((s) => s.name === from);
        expect(source && op(source, 'RUN').some((i) => /npm ci --omit=dev/.test(i.args)), copy.args).toBe(true);
      }
    }
  });

  it('keeps every writable path under $TMPDIR=/tmp (read-only root file system)', () => {
    const app = stages.find((s) => s.name === 'app')!;
    expect(op(app, 'ENV').map((i) => i.args).join(' ')).toMatch(/TMPDIR=\/tmp/);
  });
});

describe('deploy/docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as Json;
  const services = compose.services as Record<string, Json>;

  it('runs MongoDB 7 as a one-node replica set with an init command', () => {
    expect(services.mongo?.image).toBe('mongo:7');
    expect(services.mongo?.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(services['mongo-init']?.command.join(' ')).toContain('rs.initiate');
    expect(services['message-center']?.environment.MONGODB_URI).toContain('replicaSet=rs0');
  });

  it('never publishes the simulator control port', () => {
    expect(services.simulator?.ports).toBeUndefined();
    expect(services.simulator?.build.target).toBe('simulator');
    for (const [name, service] of Object.entries(services)) {
      for (const port of (service.ports ?? []) as unknown[]) expect(String(port), name).not.toMatch(/8099/);
      for (const port of (service.expose ?? []) as unknown[]) expect(String(port), name).not.toMatch(/8099/);
    }
  });

  it('mounts the dev certificates read-only and gives MC a read-only root with a persistent $TMPDIR', () => {
    const mc = services['message-center']!;
    expect(mc.read_only).toBe(true);
    expect(mc.volumes).toEqual(expect.arrayContaining(['../certs:/certs:ro', 'mc-tmp:/tmp']));
    expect(services.simulator?.volumes).toContain('../certs:/certs:ro');
    expect(mc.environment.CORE_TLS_CERT_FILE).toMatch(/^\/certs\//);
    expect(mc.ports).toEqual(['3000:3000']);
  });

  it('gives the server time for its graceful shutdown (grace period + 5 s)', () => {
    const grace = envSchema.parse({ NEXTAUTH_SECRET: 'x', CORE_ADMIN_API_KEY: 'x', BFF_PROXY_PASSWORD: 'x' }).SHUTDOWN_GRACE_SECONDS;
    expect(Number(/^(\d+)s$/.exec(services['message-center']?.stop_grace_period)?.[1])).toBeGreaterThan(grace + 5);
  });

  it('only sets variables the server knows', () => {
    for (const service of [services['message-center']!, services.seed!]) {
      for (const key of Object.keys(service.environment)) expect(ENV_NAMES, key).toContain(key);
    }
    for (const key of Object.keys(parseEnvFile(read('mc.env.example')))) expect(ENV_NAMES, key).toContain(key);
  });
});

describe('deploy/kubernetes', () => {
  const docs = (file: string) => parseAllDocuments(read(`kubernetes/${file}`)).map((d) => d.toJS() as Json);
  const deployment = docs('deployment.yaml')[0]!;
  const configMap = docs('configmap.yaml')[0]!;
  const service = docs('service.yaml')[0]!;
  const pod = deployment.spec.template.spec as Json;
  const container = pod.containers[0] as Json;

  it('is a Deployment with /healthz liveness and /readyz readiness probes', () => {
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.replicas).toBeGreaterThan(1);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  it('requests 100m/256Mi and is limited to 500m/512Mi', () => {
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  });

  it('mounts the certificate Secret read-only, where the ConfigMap points the TLS files', () => {
    const volume = (pod.volumes as Json[]).find((v) => v.secret)!;
    const mount = (container.volumeMounts as Json[]).find((m) => m.name === volume.name)!;
    expect(mount.readOnly).toBe(true);
    for (const key of ['CORE_TLS_CERT_FILE', 'CORE_TLS_KEY_FILE', 'CORE_TLS_CA_FILE']) expect(configMap.data[key]).toMatch(new RegExp(`^${mount.mountPath}/`));
  });

  it('gives $TMPDIR an emptyDir under a read-only root file system, as a non-root user', () => {
    const tmp = (container.volumeMounts as Json[]).find((m) => m.mountPath === configMap.data.TMPDIR)!;
    expect((pod.volumes as Json[]).find((v) => v.name === tmp.name)?.emptyDir).toBeDefined();
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  it('wires the ConfigMap and the Secret, with only known variables and no secret in the ConfigMap', () => {
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: 'message-center-secrets' } }]);
    for (const key of Object.keys(configMap.data)) expect(ENV_NAMES, key).toContain(key);
    for (const secret of ['NEXTAUTH_SECRET', 'CORE_ADMIN_API_KEY', 'BFF_PROXY_PASSWORD', 'METRICS_TOKEN', 'MONGODB_URI']) expect(configMap.data).not.toHaveProperty(secret);
    expect(configMap.data.NODE_ENV).toBe('production');
  });

  it('has a Service selecting the Deployment’s pods on the container port', () => {
    expect(service.kind).toBe('Service');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(container.ports.map((p: Json) => p.name)).toContain(service.spec.ports[0].targetPort);
  });
});

describe('deploy/grafana dashboard', () => {
  const dashboard = JSON.parse(read('grafana/message-center-dashboard.json')) as Json;
  const exprs = (dashboard.panels as Json[]).flatMap((p) => (p.targets as Json[]).map((t) => String(t.expr)));

  it('queries only metrics our registry exposes', async () => {
    const registry = createAppMetrics().registry;
    const known = new Set<string>();
    for (const metric of await registry.getMetricsAsJSON()) {
      known.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) known.add(metric.name + suffix);
    }
    const used = new Set(exprs.flatMap((e) => e.match(/\bmc_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(10);
    for (const name of used) expect(known, name).toContain(name);
  });

  it('has a panel for every metric family of operations.md §5', () => {
    for (const family of ['mc_http_request_duration_seconds', 'mc_core_request_duration_seconds', 'mc_core_errors_total', 'mc_core_up', 'mc_audit_writes_total', 'mc_audit_fallback_bytes', 'mc_audit_drains_total', 'mc_status_poller_lag_seconds', 'mc_upload_bytes_total']) {
      expect(exprs.some((e) => e.includes(family)), family).toBe(true);
    }
  });
});

describe('docs/operations.md', () => {
  const runbook = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

  it('lists every configuration variable in its table', () => {
    const table = runbook.slice(runbook.indexOf('## 1. Configuration'), runbook.indexOf('## 2.'));
    for (const name of ENV_NAMES) {
      const stem = name.replace(/_(KEY|CA|CERT)_FILE$|_SERVER_NAME$/, '');
      expect(table.includes(`\`${name}\``) || new RegExp(`\`${stem}_[A-Z_]*FILE\``).test(table) || table.includes(`\`${stem}_TLS_`), name).toBe(true);
    }
  });

  it('keeps the seed document’s tool lines and the FerretDB restore caveat', () => {
    expect(runbook).toContain('mongorestore --uri="$MONGODB_URI" --db="$MONGODB_DB" --archive=FILE --gzip --drop --noIndexRestore');
    expect(runbook).toContain(`mongosh "$MONGODB_URI" --eval 'db.meta.findOne({_id:"schema"})'`);
    expect(runbook).toContain('--mode=insert');
    expect(runbook).toMatch(/^\d+ \d+ \* \* \* .*mc backup --keep 7/m);
  });
});
