// The server under load, in a child process, over a bench database seeded here; loopback only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { seed } from '../../src/server/seed/seed.js';
import type { Config } from '../../src/server/config/config.js';
import { TEST_ENV, testConfig } from '../../test/support/config.js';
import { repoRoot, spawnServer as spawnServerProcess } from '../../test/support/server-process.js';
import type { RunningSim } from '../../test/support/sim.js';
import { benchDatabase, type BenchDatabase } from './bench-database.js';
import { childPeakRssMiB } from './measure.js';

export const BENCH_ORIGIN = 'http://localhost:3000';
const childEntry = fileURLToPath(new URL('./server-child.ts', import.meta.url));

export interface SeededDatabase {
  database: BenchDatabase;
  config: Config;
  overrides: Record<string, string>;
}

/** A fresh bench database, migrated and seeded like `make seed` would, for a server with `overrides`. */
export async function seededDatabase(mongoUri: string, sim: RunningSim, label: string, extra: Record<string, string> = {}): Promise<SeededDatabase> {
  const database = await benchDatabase(mongoUri, label);
  const overrides = {
    MONGODB_URI: mongoUri,
    MONGODB_DB: database.name,
    CORE_API_URL: sim.coreUrl,
    CORE_HEALTH_URL: sim.healthUrl,
    PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
    PROXY_API_URL: sim.proxyUrl,
    NEXTAUTH_URL: BENCH_ORIGIN,
    ...extra,
  };
  const config = testConfig(overrides);
  try {
    await seed(database.db, config);
  } catch (err) {
    await database.drop();
    throw err;
  }
  return { database, config, overrides };
}

export interface ServerChild {
  url: string;
  pid: number;
  /** The child's peak RSS so far in MiB (kernel high-water mark). */
  peakRssMiB(): number | null;
  stop(): Promise<void>;
}

/** The compiled server, as production runs it (`npm run build` → dist/); rebuilt here when a source is newer. */
const COMPILED_ENTRY = join(repoRoot, 'dist/src/server/main.js');
let compiled = false;
function ensureCompiled(): void {
  if (compiled) return;
  execFileSync('bash', [join(repoRoot, 'scripts/build-js.sh')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  compiled = true;
}

/** The compiled JavaScript of `src/…/x.ts` (dist/src/…/x.js), compiled first when a source is newer. */
export function compiledModule(sourcePath: string): string {
  ensureCompiled();
  return join(repoRoot, 'dist', sourcePath.replace(/\.ts$/, '.js'));
}

function childHandle(url: string, child: ChildProcess, exited: Promise<unknown>): ServerChild {
  return {
    url,
    pid: child.pid!,
    peakRssMiB: () => childPeakRssMiB(child.pid!),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The environment the image's runtime stage sets (deploy/Dockerfile `ENV NAME=value` lines after `AS runtime`). */
export function imageEnv(): Record<string, string> {
  const runtime = readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8').split(/^FROM .* AS runtime$/m)[1] ?? '';
  return Object.fromEntries([...runtime.matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** The real server from dist/ with the image's and the test environment and `overrides`, once /readyz answers 200. */
async function spawnCompiledServer(overrides: Record<string, string>): Promise<ServerChild> {
  ensureCompiled();
  const server = await spawnServerProcess([COMPILED_ENTRY], { ...imageEnv(), ...TEST_ENV, ...overrides });
  const url = server.url.replace('localhost', '127.0.0.1');
  try {
    for (let i = 0; ; i++) {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      await res?.text();
      if (res?.status === 200) break;
      if (i >= 600) throw new Error(`bench server not ready in 60 s: ${server.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    server.child.kill('SIGKILL');
    throw err;
  }
  return childHandle(url, server.child, server.exited);
}

/**
 * `real`: the compiled server (dist/src/server/main.js), as production runs it. `bare-campaign-list`:
 * support/server-child.ts's bare driver route. Answers once it serves.
 */
export async function spawnServer(mode: 'real' | 'bare-campaign-list', overrides: Record<string, string>, env: Record<string, string> = {}): Promise<ServerChild> {
  if (mode === 'real') return spawnCompiledServer({ ...overrides, ...env });
  const child = spawn(process.execPath, ['--import', 'tsx', childEntry], {
    env: { ...process.env, NODE_ENV: 'test', BENCH_SERVER_OVERRIDES: JSON.stringify(overrides), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = once(child, 'exit');
  const timeout = AbortSignal.timeout(60_000);
  const url = await new Promise<string>((resolve, reject) => {
    timeout.addEventListener('abort', () => reject(new Error(`bench server not ready in 60 s: ${stderr}`)));
    void exited.then(([code]) => reject(new Error(`bench server exited with ${String(code)}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^bench-server ready (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return childHandle(url, child, exited);
}

/** Signs in through the real login route; answers the session cookie pair. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(120_000),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  await res.text();
  if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return cookie;
}
