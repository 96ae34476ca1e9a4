import { loadConfig, type Config } from '../../src/server/config/config.js';

/** The environment of a server under test: fast bcrypt, quiet logs, a fixed secret, a free port. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  NEXTAUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  NEXTAUTH_URL: 'http://localhost:3000',
  CORE_ADMIN_API_KEY: 'dev-core-key',
  BFF_PROXY_PASSWORD: 'dev-proxy-password',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  BCRYPT_COST: '4',
  SEED_SUPER_ADMIN_EMAIL: 'root@example.test',
  SEED_SUPER_ADMIN_PASSWORD: 'root-password-1',
  WEB_DIST_DIR: 'dist/web',
};

export function testConfig(overrides: Record<string, string>): Config {
  return loadConfig({ ...TEST_ENV, ...overrides });
}
