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

const setValues = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
const issueLines = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${i.path.map(String).join('.')} ${/received undefined$/.test(i.message) ? 'is required' : i.message}`);

function databaseLocation(e: Pick<Env, 'MONGODB_URI' | 'AUDIT_FALLBACK_FILE' | 'TMPDIR'>): Pick<Config, 'mongodbUri' | 'auditFallbackFile'> {
  return {
    mongodbUri: e.MONGODB_URI ?? DEV_DEFAULT_MONGODB_URI,
    auditFallbackFile: e.AUDIT_FALLBACK_FILE ?? path.join(e.TMPDIR ?? os.tmpdir(), 'core-admin-audit-fallback.jsonl'),
  };
}

/** Parses the environment; every problem becomes one line, e.g. `NEXTAUTH_SECRET must be at least 32 bytes`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const source = setValues(env);
  const parsed = envSchema.safeParse(source);
  const secret = source.NEXTAUTH_SECRET;
  const secretProblem = secret && Buffer.byteLength(secret) < 32 ? ['NEXTAUTH_SECRET must be at least 32 bytes'] : [];
  if (!parsed.success) {
    throw new ConfigError([...issueLines(parsed.error), ...secretProblem]);
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
  const publicUrl = new URL(e.NEXTAUTH_URL);
  return {
    ...e,
    mode,
    ...databaseLocation(e),
    publicOrigin: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname),
  };
}

/** What every operator command needs: where the database is and where the audit fallback file lies. */
const DATABASE_SETTINGS = { NODE_ENV: true, MONGODB_URI: true, MONGODB_DB: true, AUDIT_RETENTION_DAYS: true, AUDIT_FALLBACK_FILE: true, TMPDIR: true } as const;

export type DatabaseSettings = Pick<Env, keyof typeof DATABASE_SETTINGS> & Pick<Config, 'mode' | 'mongodbUri' | 'auditFallbackFile'>;

/**
 * The database settings plus the `extra` ones a command names (same names, parsing and defaults
 * as loadConfig), so `mc backup` never asks for a Core key. Production still needs MONGODB_URI.
 */
export function loadDatabaseSettings<K extends keyof Env = never>(env: NodeJS.ProcessEnv, extra: readonly K[] = []): DatabaseSettings & Pick<Env, K> {
  const mask = { ...DATABASE_SETTINGS, ...Object.fromEntries(extra.map((k) => [k, true])) } as Record<keyof Env, true>;
  const parsed = envSchema.pick(mask).safeParse(setValues(env));
  if (!parsed.success) throw new ConfigError(issueLines(parsed.error));
  const e = parsed.data as Env;
  const mode = runtimeMode(e.NODE_ENV);
  if (mode === 'production' && !e.MONGODB_URI) throw new ConfigError(['MONGODB_URI is required in production']);
  return { ...(e as Pick<Env, keyof typeof DATABASE_SETTINGS | K>), mode, ...databaseLocation(e) };
}
