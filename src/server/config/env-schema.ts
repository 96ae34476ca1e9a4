import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
const url = (def: string) => z.string().url().default(def);
const optionalString = z.string().min(1).optional();

const isAddressOrCidr = (entry: string): boolean => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};
/**
 * Which proxies' X-Forwarded-For is believed (Fastify `trustProxy`): `false` (none), a hop
 * count, or a comma-separated list of addresses and CIDRs. `true` (believe anyone) is refused:
 * it would let every client choose the IP its login limit is counted under.
 */
const trustProxy = z.string().transform((raw, ctx): false | number | string[] => {
  const v = raw.trim();
  if (v === 'false' || v === '0') return false;
  if (/^[0-9]{1,2}$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length && entries.every(isAddressOrCidr)) return entries;
  ctx.addIssue({ code: 'custom', message: 'must be false, a hop count, or a comma-separated list of proxy addresses/CIDRs (e.g. 10.0.0.0/8)' });
  return z.NEVER;
});

/** Every setting of operations.md §1 with its default. Upstream names are kept. */
export const envSchema = z.object({
  NODE_ENV: z.string().default('production'),
  MONGODB_URI: optionalString,
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('core_admin'),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: int(2_000, 100, 60_000),
  NEXTAUTH_SECRET: z.string({ error: 'is required' }).min(1, 'is required'),
  NEXTAUTH_URL: url('http://localhost:3000'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  TRUST_PROXY: trustProxy.default(false),
  CORE_API_URL: url('https://localhost:8080'),
  CORE_HEALTH_URL: url('http://localhost:8092/health'),
  CORE_ADMIN_API_KEY: z.string().min(1),
  CORE_TLS_CERT_FILE: optionalString,
  CORE_TLS_KEY_FILE: optionalString,
  CORE_TLS_CA_FILE: optionalString,
  CORE_TLS_SERVER_NAME: optionalString,
  PROXY_LOGIN_URL: url('https://localhost:8088/api/v1/user/login'),
  PROXY_API_URL: url('https://localhost:8088'),
  PROXY_APP_ID: z.string().default('message-center'),
  BFF_PROXY_EMAIL: z.string().default('bff@message-center.local'),
  BFF_PROXY_PASSWORD: z.string().min(1),
  PROXY_TLS_CERT_FILE: optionalString,
  PROXY_TLS_KEY_FILE: optionalString,
  PROXY_TLS_CA_FILE: optionalString,
  PROXY_TLS_SERVER_NAME: optionalString,
  CORE_AGENT_CONNECTIONS: int(32, 1, 1024),
  CORE_BODY_TIMEOUT_MS: int(60_000, 100),
  CORE_UPLOAD_BODY_TIMEOUT_MS: int(1_800_000, 1000),
  CORE_MAX_RESPONSE_BYTES: int(16 * 1024 * 1024, 1024),
  CORE_HEALTH_INTERVAL_MS: int(60_000, 50),
  CORE_HEALTH_DOWN_INTERVAL_MS: int(5_000, 50),
  CORE_POLL_INTERVAL_MS: int(5_000, 50),
  UPLOAD_MAX_BYTES: int(1024 * 1024 * 1024, 1),
  /** A request body that sends nothing for this long is cut off (inactivity, not total time). */
  BODY_IDLE_TIMEOUT_MS: int(30_000, 100),
  UPLOAD_CONCURRENCY: int(2, 1, 64),
  UPLOAD_DEDUPE_MEMORY_MB: int(128, 1, 4096),
  DEFAULT_COUNTRY_CODE: z.string().regex(/^[0-9]{1,4}$/).default('998'),
  LOCAL_NUMBER_LENGTH: int(9, 4, 14),
  AUDIT_RETENTION_DAYS: int(90, 1, 36500),
  AUDIT_FALLBACK_FILE: optionalString,
  TMPDIR: optionalString,
  ADMIN_DIAGNOSTICS_ENABLED: bool.default(false),
  GRAFANA_PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Message Center <no-reply@message-center.local>'),
  LOGIN_MAX_ATTEMPTS: int(3, 1, 100),
  LOGIN_LOCKOUT_SECONDS: int(60, 1),
  LOGIN_RATE_PER_IP: int(20, 1),
  BCRYPT_COST: int(12, 4, 15),
  TRIGGER_RATE_PER_SEC: int(100, 1),
  SESSION_IDLE_MINUTES: int(30, 1),
  /** How often each replica checks its last-known users against the database (session_version). */
  SESSION_CACHE_CHECK_MS: int(5_000, 50),
  METRICS_TOKEN: optionalString,
  SEED_SUPER_ADMIN_EMAIL: z.string().email().default('admin@message-center.local'),
  SEED_SUPER_ADMIN_NAME: z.string().min(1).default('Super Admin'),
  SEED_SUPER_ADMIN_PASSWORD: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTO_MIGRATE: bool.default(false),
  SHUTDOWN_GRACE_SECONDS: int(20, 0, 3600),
  WEB_DIST_DIR: optionalString,
});

export type Env = z.infer<typeof envSchema>;
