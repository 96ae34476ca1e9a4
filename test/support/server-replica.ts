// The real server as a child process (`node --import tsx src/server/main.ts`), for tests that need
// several replicas: each has its own memory, timers and connection pool, as in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from './config.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** SIGKILL: the process dies without letting go of anything (leases, streams). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnServer(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', ...TEST_ENV, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 100) stderr.shift();
  });
  const url = await listeningUrl(child, readyTimeoutMs, stderr);
  const deadline = Date.now() + readyTimeoutMs;
  while ((await fetch(`${url}/readyz`).then((r) => r.status).catch(() => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error(`server ${url} not ready:\n${stderr.join('')}`);
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

/** Resolves with the URL the server prints; stdout stays drained afterwards (logs go there too). */
function listeningUrl(child: ChildProcess, timeoutMs: number, stderr: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not listening within ${timeoutMs} ms:\n${stderr.join('')}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (seen.length > 65_536) seen = seen.slice(-1024);
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${String(code)}) before listening:\n${stderr.join('')}`));
    });
  });
}
