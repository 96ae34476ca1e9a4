// The real server as a child process from the sources, for tests that need several replicas: each
// has its own memory, timers and connection pool, as in production. Spawning is server-process.ts's.
import { once } from 'node:events';
import { TEST_ENV } from './config.js';
import { SOURCE_ENTRY, spawnServer as spawnProcess } from './server-process.js';

export interface ServerProcess {
  url: string;
  pid: number;
  /** SIGKILL: the process dies without letting go of anything (leases, streams). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a replica and waits until it is ready (`/readyz` 200), not just listening. */
export async function spawnServer(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServerProcess> {
  const server = await spawnProcess(SOURCE_ENTRY, { TMPDIR: process.env.TMPDIR ?? '/tmp', ...TEST_ENV, LOG_LEVEL: 'warn', ...env }, readyTimeoutMs);
  const { child, url } = server;
  const deadline = Date.now() + readyTimeoutMs;
  while ((await fetch(`${url}/readyz`).then((r) => r.status).catch(() => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error(`server ${url} not ready:\n${server.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ended = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, kill: ended('SIGKILL'), stop: ended('SIGTERM') };
}
