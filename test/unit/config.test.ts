import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, runtimeMode } from '../../src/server/config/config.js';
import { parseEnvFile } from '../../src/server/config/dev-env-file.js';

const base = { NEXTAUTH_SECRET: 'x'.repeat(32), CORE_ADMIN_API_KEY: 'k', BFF_PROXY_PASSWORD: 'p' };

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('configuration', () => {
  it('applies the defaults of operations.md §1', () => {
    const c = loadConfig({ ...base, NODE_ENV: 'development' });
    expect(c.PORT).toBe(3000);
    expect(c.MONGODB_DB).toBe('core_admin');
    expect(c.mongodbUri).toBe('mongodb://127.0.0.1:27018/');
    expect(c.LOGIN_MAX_ATTEMPTS).toBe(3);
    expect(c.LOGIN_LOCKOUT_SECONDS).toBe(60);
    expect(c.UPLOAD_MAX_BYTES).toBe(1024 ** 3);
    expect(c.UPLOAD_DEDUPE_MEMORY_MB).toBe(128);
    expect(c.AUDIT_RETENTION_DAYS).toBe(90);
    expect(c.auditFallbackFile).toMatch(/core-admin-audit-fallback\.jsonl$/);
    expect(c.AUTO_MIGRATE).toBe(false);
    expect(c.BCRYPT_COST).toBe(12);
  });

  it('reads TRUST_PROXY as none, a hop count, or proxy addresses and CIDRs, and refuses trusting everyone', () => {
    const trust = (v?: string) => loadConfig({ ...base, NODE_ENV: 'development', ...(v === undefined ? {} : { TRUST_PROXY: v }) }).TRUST_PROXY;
    expect(trust()).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.5,fd00::/8')).toEqual(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    for (const bad of ['true', '10.0.0.0/33', 'ingress', '10.0.0.1/8/1'])
      expect(problems({ ...base, NODE_ENV: 'development', TRUST_PROXY: bad }).some((l) => l.startsWith('TRUST_PROXY '))).toBe(true);
  });

  it('names each bad variable on its own line', () => {
    const p = problems({ NODE_ENV: 'development', NEXTAUTH_SECRET: 'short', CORE_ADMIN_API_KEY: 'k', BFF_PROXY_PASSWORD: 'p', PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(p.some((l) => l.startsWith('NEXTAUTH_SECRET ') && /at least 32/.test(l))).toBe(true);
    expect(p.some((l) => l.startsWith('PORT '))).toBe(true);
    expect(p.some((l) => l.startsWith('LOG_LEVEL '))).toBe(true);
  });

  it('counts the secret in bytes, not characters', () => {
    expect(problems({ ...base, NODE_ENV: 'test', NEXTAUTH_SECRET: 'é'.repeat(16) })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'test', NEXTAUTH_SECRET: 'é'.repeat(15) + 'a' }).join()).toMatch(/NEXTAUTH_SECRET/);
  });

  it('runs as production unless NODE_ENV is development or test, and then demands its settings', () => {
    expect(runtimeMode(undefined)).toBe('production');
    expect(runtimeMode('staging')).toBe('production');
    const p = problems({ ...base, CORE_API_URL: 'http://core.internal:8080' });
    expect(p).toContain('MONGODB_URI is required in production');
    expect(p).toContain('METRICS_TOKEN is required in production');
    expect(p).toContain('CORE_API_URL must be https in production');
  });

  it('uses secure cookies except on plain localhost', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).secureCookies).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'test', NEXTAUTH_URL: 'https://mc.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'test', NEXTAUTH_URL: 'http://mc.example.com' }).secureCookies).toBe(true);
  });

  it('reads .env lines, ignoring comments and quotes', () => {
    expect(parseEnvFile('# c\nA=1\nB = "two words"\n  C=\'x\'\nbad line\n')).toEqual({ A: '1', B: 'two words', C: 'x' });
  });
});
