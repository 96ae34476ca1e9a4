import { hostname } from 'node:os';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { constants as fsc } from 'node:fs';

/** A lock older than this without a heartbeat is stale even if its pid now names another process. */
export const LOCK_STALE_MS = 10 * 60_000;
const HEARTBEAT_MS = 30_000;

export interface DrainLock {
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  at: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string, content: string): Promise<boolean> {
  let owner: LockOwner;
  try {
    owner = JSON.parse(content) as LockOwner;
  } catch {
    owner = { pid: 0, host: '', at: '' };
  }
  const st = await stat(lockPath).catch(() => null);
  if (!st) return false;
  if (Date.now() - st.mtimeMs > LOCK_STALE_MS) return true;
  return owner.host === hostname() && (!Number.isInteger(owner.pid) || owner.pid <= 0 || !processAlive(owner.pid));
}

/**
 * One drainer per fallback file across the processes of a host: `FILE.lock` created with O_EXCL
 * holds `{pid, host, at}`; a lock whose process is gone (same host) or whose heartbeat stopped
 * for LOCK_STALE_MS is taken over. Returns null when another live drainer holds it.
 */
export async function acquireDrainLock(lockPath: string): Promise<DrainLock | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const content = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() } satisfies LockOwner);
    try {
      const fh = await open(lockPath, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
      await fh.writeFile(content);
      await fh.close();
      const heartbeat = setInterval(() => {
        const t = new Date();
        utimes(lockPath, t, t).catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return {
        release: async () => {
          clearInterval(heartbeat);
          // Remove only our own lock: after a stale takeover it may be someone else's.
          const now = await readFile(lockPath, 'utf8').catch(() => null);
          if (now === content) await unlink(lockPath).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const existing = await readFile(lockPath, 'utf8').catch(() => null);
    if (existing === null) continue;
    if (!(await isStale(lockPath, existing))) return null;
    // Re-read just before removing so we never delete a lock that a competitor just took.
    if ((await readFile(lockPath, 'utf8').catch(() => null)) === existing) await unlink(lockPath).catch(() => undefined);
  }
  return null;
}
