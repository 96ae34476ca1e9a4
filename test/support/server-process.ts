// The server as its own operating-system process (what `node dist/src/server/main.js` is in
// production): for tests about the compiled output and about signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The TypeScript entry point through tsx, for tests that are not about the compiled output. */
export const SOURCE_ENTRY = ['--import', 'tsx', join(repoRoot, 'src/server/main.ts')];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node ARGS` with exactly `env` (plus PATH/HOME) and waits for its "listening on URL" line. */
export async function spawnServer(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-64 * 1024);
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<string>((resolve) => {
    lines.on('line', (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  const failed = exited.then(({ code, signal }) => {
    throw new Error(`server exited (${code ?? signal}) before listening:\n${stderr}`);
  });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`server did not listen within ${timeoutMs} ms:\n${stderr}`)), timeoutMs).unref());
  const url = await Promise.race([listening, failed, timeout]);
  failed.catch(() => undefined);
  return { child, url, stderr: () => stderr, exited };
}

/** SIGKILL unless it already exited (test clean-up). */
export async function killServer(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
