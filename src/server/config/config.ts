import { envSchema, type Env } from './env-schema.js';
import { productionSecretProblems } from './production-secrets.js';
import os from 'node:os';
import path from 'node:path';

export type RuntimeMode = 'production' | 'development' | 'test';

export interface Config extends Env {
  mode: RuntimeMode;
  mongodbUri: string;
  auditFallbackFile: string;
  publicOrigin: string;
  secureCookies: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const DEV_DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27018/';

export function runtimeMode(nodeEnv: string | undefined): RuntimeMode {
  return nodeEnv === 'development' || nodeEnv === 'test' ? nodeEnv : 'production';
}

/** Parses the environment; every problem becomes one line, e.g. `NEXTAUTH_SECRET must be at least 32 bytes`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const source = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(source);
  const secret = source.NEXTAUTH_SECRET;
  const secretProblem = secret && Buffer.byteLength(secret) < 32 ? ['NEXTAUTH_SECRET must be at least 32 bytes'] : [];
  if (!parsed.success) {
    throw new ConfigError([...parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`), ...secretProblem]);
  }
  const e = parsed.data;
  const mode = runtimeMode(e.NODE_ENV);
  const problems: string[] = [...secretProblem];
  if (mode === 'production') {
    if (!e.MONGODB_URI) problems.push('MONGODB_URI is required in production');
    if (!e.METRICS_TOKEN) problems.push('METRICS_TOKEN is required in production');
    for (const [name, value] of [['CORE_API_URL', e.CORE_API_URL], ['PROXY_LOGIN_URL', e.PROXY_LOGIN_URL], ['PROXY_API_URL', e.PROXY_API_URL]] as const) {
      if (!value.startsWith('https:')) problems.push(`${name} must be https in production`);
    }
    problems.push(...productionSecretProblems(e));
  }
  if (problems.length) throw new ConfigError(problems);
  if (mode !== 'production') {
    // Development and tests talk to the simulator with the dev PKI of scripts/dev-certs.sh.
    e.CORE_TLS_CERT_FILE ??= 'certs/mc-client.crt';
    e.CORE_TLS_KEY_FILE ??= 'certs/mc-client.key';
    e.CORE_TLS_CA_FILE ??= 'certs/ca.crt';
  }
  const tmp = e.TMPDIR ?? os.tmpdir();
  const publicUrl = new URL(e.NEXTAUTH_URL);
  return {
    ...e,
    mode,
    mongodbUri: e.MONGODB_URI ?? DEV_DEFAULT_MONGODB_URI,
    auditFallbackFile: e.AUDIT_FALLBACK_FILE ?? path.join(tmp, 'core-admin-audit-fallback.jsonl'),
    publicOrigin: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname),
  };
}
