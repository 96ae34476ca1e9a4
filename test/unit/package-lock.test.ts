// `npm ci` on a clean machine must accept the committed lock: the image build starts with it.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; engines: { node: string } };

interface LockEntry {
  version?: string;
  dev?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
}
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, LockEntry> };

/** Where Node would find `name` from the package at `path` (nested folders first, then upwards). */
function resolveInLock(path: string, name: string): string | null {
  let base = path;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'mc-npm-ci-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function npm(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('package-lock.json', () => {
  it('is accepted by `npm ci` on a clean copy (offline, empty cache: the lock alone decides)', { timeout: 120_000 }, async () => {
    const dir = join(scratch, 'app');
    mkdirSync(dir);
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(new URL(file, root), join(dir, file));
    const cache = join(scratch, 'cache');
    for (const omit of [[], ['--omit=dev']]) {
      const r = await npm(['ci', '--dry-run', '--ignore-scripts', '--offline', `--cache=${cache}`, '--no-audit', '--no-fund', ...omit], dir);
      expect(r.code, r.out).toBe(0);
    }
  });

  it('holds every platform’s optional binary of every locked package (npm 11 refuses a lock without them)', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) if (!resolveInLock(path, name)) missing.push(`${path || '(root)'} → ${name}`);
    }
    expect(missing).toEqual([]);
    const bcryptBinaries = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/@node-rs/bcrypt-'));
    expect(bcryptBinaries.length).toBeGreaterThanOrEqual(10);
    for (const p of bcryptBinaries) expect(lock.packages[p]?.os, p).toBeDefined();
  });

  it('keeps the doc-check shell and the TypeScript runner out of the production tree', () => {
    expect(lock.packages['node_modules/mongosh']).toBeUndefined();
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(lock.packages['node_modules/tsx']?.dev).toBe(true);
    expect(pkg.engines.node).toMatch(/^>=24\b/);
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./);
  });
});
