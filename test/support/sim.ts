// Starts the Core + Proxy simulator as a real child process on free loopback ports.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { CreateCoreJobInput } from '../../src/server/core/core-types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

export interface SimPorts {
  core: number;
  proxy: number;
  health: number;
  control: number;
}

export interface SimFaults {
  down?: boolean;
  slowMs?: number;
  error5xx?: boolean;
  oversizedBytes?: number;
  rejectClientCert?: boolean;
  expireProxyTokens?: true;
  holdUploads?: boolean;
}

export interface StartSimOptions {
  certsDir?: string;
  timeScale?: number;
  sendRate?: number;
  failureShare?: number;
  coreApiKey?: string;
  proxyTokenTtlS?: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface RunningSim {
  ports: SimPorts;
  coreUrl: string;
  proxyUrl: string;
  healthUrl: string;
  controlUrl: string;
  certsDir: string;
  coreApiKey: string;
  setFaults(faults: SimFaults): Promise<void>;
  setClock(timeScale: number, advanceMs?: number): Promise<void>;
  reset(): Promise<void>;
  control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export const defaultCertsDir = join(repoRoot, 'certs');

/** Runs scripts/dev-certs.sh (idempotent, flock-serialised, so parallel workers do not race). */
export async function ensureDevCerts(certsDir = defaultCertsDir): Promise<string> {
  await run('bash', [join(repoRoot, 'scripts/dev-certs.sh'), certsDir], { timeout: 120_000 });
  return certsDir;
}

export async function startSim(options: StartSimOptions = {}): Promise<RunningSim> {
  const certsDir = await ensureDevCerts(options.certsDir);
  const coreApiKey = options.coreApiKey ?? 'dev-core-key';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    SIM_CORE_API_KEY: coreApiKey,
    SIM_TIME_SCALE: String(options.timeScale ?? 1),
    SIM_SEND_RATE: String(options.sendRate ?? 100),
    SIM_FAILURE_SHARE: String(options.failureShare ?? 0.02),
    SIM_PROXY_TOKEN_TTL_S: String(options.proxyTokenTtlS ?? 3600),
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sim/main.ts', '--certs', certsDir, '--core-port', '0', '--proxy-port', '0', '--health-port', '0', '--control-port', '0'],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });
  const ports = await waitForReady(child, options.readyTimeoutMs ?? 30_000, stderr);
  const controlUrl = `http://127.0.0.1:${ports.control}`;

  async function control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${controlUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sim control ${method} ${path} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  return {
    ports,
    coreUrl: `https://localhost:${ports.core}`,
    proxyUrl: `https://localhost:${ports.proxy}`,
    healthUrl: `http://127.0.0.1:${ports.health}/health`,
    controlUrl,
    certsDir,
    coreApiKey,
    control,
    setFaults: async (faults) => void (await control('POST', '/faults', faults)),
    setClock: async (timeScale, advanceMs) => void (await control('POST', '/clock', { timeScale, ...(advanceMs === undefined ? {} : { advanceMs }) })),
    reset: async () => void (await control('POST', '/reset')),
    stop: () => stopChild(child),
  };
}

async function waitForReady(child: ChildProcess, timeoutMs: number, stderr: string[]): Promise<SimPorts> {
  const lines = createInterface({ input: child.stdout! });
  const timeout = AbortSignal.timeout(timeoutMs);
  const exited = once(child, 'exit', { signal: timeout }).then(([code]) => {
    throw new Error(`simulator exited with ${String(code)} before it was ready:\n${stderr.join('')}`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      const match = /^sim ready (\{.*\})$/.exec(line);
      if (match) return JSON.parse(match[1]!) as SimPorts;
    }
    throw new Error(`simulator closed stdout before it was ready:\n${stderr.join('')}`);
  })();
  try {
    return await Promise.race([ready, exited]);
  } catch (err) {
    child.kill('SIGKILL');
    if (timeout.aborted) throw new Error(`simulator not ready within ${timeoutMs} ms:\n${stderr.join('')}`);
    throw err;
  } finally {
    exited.catch(() => undefined);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  obj: object;
}

/** A CoreLogger that keeps its lines, so tests can look for sentinels like [core-slow]. */
export function recordingLogger(): {
  lines: LoggedLine[];
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
} {
  const lines: LoggedLine[] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => void lines.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => void lines.push({ level: 'error', msg, obj }),
  };
}

/** A Core job for the simulator: OnDemand, held, with a sender and ESME the simulator knows. */
export function makeCoreJob(overrides: Partial<CreateCoreJobInput> = {}): CreateCoreJobInput {
  return {
    external_id: randomUUID(),
    workspace_id: 'ws-1',
    created_by: 'user-1',
    mode: 'OnDemand',
    sender: { saddr: 'ACME', ston: 5, snpi: 0, dton: 1, dnpi: 1 },
    esme: 'esme-beeline',
    strategy: 'cp1',
    text: 'Hello',
    start_at: null,
    end_at: null,
    daily_time: null,
    sending_window: null,
    auto_start: false,
    ...overrides,
  };
}
