import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDrainLock, LOCK_STALE_MS } from '../../src/server/audit/drain-lock.js';

let dir: string;
let lockPath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-audit-lock-'));
  lockPath = path.join(dir, 'fb.jsonl.lock');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const deadPid = (): number => {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
};

describe('drain lock', () => {
  it('admits one holder at a time and records its pid', async () => {
    const a = await acquireDrainLock(lockPath);
    expect(a).not.toBeNull();
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(fs.statSync(lockPath).mode & 0o777).toBe(0o600);
    expect(await acquireDrainLock(lockPath)).toBeNull();
    await a!.release();
    expect(fs.existsSync(lockPath)).toBe(false);
    const b = await acquireDrainLock(lockPath);
    expect(b).not.toBeNull();
    await b!.release();
  });

  it('takes over a lock whose process is gone', async () => {
    fs.writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), host: os.hostname(), at: new Date().toISOString() }));
    const lock = await acquireDrainLock(lockPath);
    expect(lock).not.toBeNull();
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock!.release();
  });

  it('respects a live holder, and a lock of another host until it is old', async () => {
    fs.writeFileSync(lockPath, JSON.stringify({ pid: 1, host: os.hostname(), at: '' }));
    expect(await acquireDrainLock(lockPath)).toBeNull();
    fs.writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), host: 'elsewhere', at: '' }));
    expect(await acquireDrainLock(lockPath)).toBeNull();
    const old = new Date(Date.now() - LOCK_STALE_MS - 60_000);
    fs.utimesSync(lockPath, old, old);
    const lock = await acquireDrainLock(lockPath);
    expect(lock).not.toBeNull();
    await lock!.release();
  });

  it('treats an unreadable lock body as stale only once it is old', async () => {
    fs.writeFileSync(lockPath, 'garbage');
    const lock = await acquireDrainLock(lockPath);
    // Same host is unknown for garbage, so only age decides.
    expect(lock).toBeNull();
  });

  it('release does not remove a lock that someone else took over', async () => {
    const a = await acquireDrainLock(lockPath);
    fs.writeFileSync(lockPath, JSON.stringify({ pid: 1, host: os.hostname(), at: 'other' }));
    await a!.release();
    expect(fs.existsSync(lockPath)).toBe(true);
  });
});
