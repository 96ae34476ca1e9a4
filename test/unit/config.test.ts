import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseSettings, runtimeMode } from '../../src/server/config/config.js';
import { createMongoClient } from '../../src/server/db/connection.js';
import { parseEnvFile } from '../../src/server/config/dev-env-file.js';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

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

  describe('production secrets (issue 18: no known secret starts a production server)', () => {
    const strong = () => randomBytes(32).toString('base64url');
    const production = {
      MONGODB_URI: 'mongodb://db.internal:27017/',
      NEXTAUTH_SECRET: strong(),
      METRICS_TOKEN: strong(),
      CORE_ADMIN_API_KEY: strong(),
      BFF_PROXY_PASSWORD: strong(),
      SEED_SUPER_ADMIN_PASSWORD: strong(),
    };

    it('starts with generated secrets and the default bcrypt cost', () => {
      expect(problems(production)).toEqual([]);
    });

    it('refuses every secret value of deploy/mc.env.example', () => {
      const example = parseEnvFile(readFileSync('deploy/mc.env.example', 'utf8'));
      const secrets = ['NEXTAUTH_SECRET', 'METRICS_TOKEN', 'CORE_ADMIN_API_KEY', 'BFF_PROXY_PASSWORD', 'SEED_SUPER_ADMIN_PASSWORD'];
      for (const name of secrets) {
        expect(example[name], name).toBeTruthy();
        expect(problems({ ...production, [name]: example[name]! }).join('\n')).toMatch(new RegExp(`^${name} is a published example value`, 'm'));
      }
      // The whole example file as it is: one line per secret.
      expect(problems({ ...example, MONGODB_URI: production.MONGODB_URI }).filter((l) => /published example/.test(l))).toHaveLength(secrets.length);
    });

    it('deploy/generate-secrets.sh writes an mc.env (0600) that a production server accepts', () => {
      const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'mc-secrets-')), 'mc.env');
      execFileSync('sh', ['deploy/generate-secrets.sh', out]);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(problems({ ...parseEnvFile(readFileSync(out, 'utf8')), MONGODB_URI: production.MONGODB_URI })).toEqual([]);
      expect(() => execFileSync('sh', ['deploy/generate-secrets.sh', out], { stdio: 'pipe' })).toThrow(/not overwriting/);
    });

    it('refuses short secrets and a bcrypt cost below 12', () => {
      expect(problems({ ...production, METRICS_TOKEN: 'x'.repeat(31) })).toEqual(['METRICS_TOKEN must be at least 32 characters in production']);
      expect(problems({ ...production, BFF_PROXY_PASSWORD: 'short-pw' })).toEqual(['BFF_PROXY_PASSWORD must be at least 16 characters in production']);
      expect(problems({ ...production, BCRYPT_COST: '11' })).toEqual(['BCRYPT_COST must be at least 12 in production']);
      expect(problems({ ...base, NODE_ENV: 'test', BCRYPT_COST: '4', CORE_ADMIN_API_KEY: 'dev-core-key' })).toEqual([]);
    });
  });

  it('uses secure cookies except on plain localhost', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).secureCookies).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'test', NEXTAUTH_URL: 'https://mc.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'test', NEXTAUTH_URL: 'http://mc.example.com' }).secureCookies).toBe(true);
  });

  it('reads .env lines, ignoring comments and quotes', () => {
    expect(parseEnvFile('# c\nA=1\nB = "two words"\n  C=\'x\'\nbad line\n')).toEqual({ A: '1', B: 'two words', C: 'x' });
  });

  it('gives a command the database settings without asking for any secret', () => {
    const dev = loadDatabaseSettings({ NODE_ENV: 'development', TMPDIR: '/var/tmp/mc' });
    expect(dev).toMatchObject({ mode: 'development', mongodbUri: 'mongodb://127.0.0.1:27018/', MONGODB_DB: 'core_admin', AUDIT_RETENTION_DAYS: 90, auditFallbackFile: '/var/tmp/mc/core-admin-audit-fallback.jsonl' });
    expect(loadDatabaseSettings({ MONGODB_URI: 'mongodb://db:27017/' }).mongodbUri).toBe('mongodb://db:27017/');
    expect(() => loadDatabaseSettings({})).toThrow('MONGODB_URI is required in production');
    expect(loadDatabaseSettings({ NODE_ENV: 'test', NEXTAUTH_SECRET: 's' }, ['NEXTAUTH_SECRET']).NEXTAUTH_SECRET).toBe('s');
    expect(() => loadDatabaseSettings({ NODE_ENV: 'test' }, ['NEXTAUTH_SECRET'])).toThrow('NEXTAUTH_SECRET is required');
  });

  it('leaves retryWrites to the operator’s connection string (driver default otherwise)', () => {
    expect(createMongoClient('mongodb://db:27017/?retryWrites=true').options.retryWrites).toBe(true);
    expect(createMongoClient('mongodb://db:27017/?retryWrites=false').options.retryWrites).toBe(false);
    expect(createMongoClient('mongodb://db:27017/').options.retryWrites).toBe(true);
  });
});
