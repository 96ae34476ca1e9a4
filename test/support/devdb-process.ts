import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEVDB_BINARY = path.resolve('.build/devdb');

export interface DevDbProcess {
  uri: string;
  dataDir: string;
  child: ChildProcess;
  /** SIGTERM and wait for exit; the data stays, so `startDevDb({dataDir})` starts it again. */
  stop(): Promise<number | null>;
  /** Stop, and delete the data folder when this call created it. */
  dispose(): Promise<void>;
  /** The last few KiB the process wrote to stderr (its log), for a failing test's message. */
  stderrTail(): string;
}

/**
 * Starts a private dev database (FerretDB on its own PostgreSQL cluster) and waits for its
 * `devdb ready mongodb://…` line. Tests that take the database away for real use their own.
 */
export async function startDevDb(opts: { dataDir?: string; port?: number; fresh?: boolean } = {}): Promise<DevDbProcess> {
  if (!fs.existsSync(DEVDB_BINARY)) throw new Error(`${DEVDB_BINARY} is missing: run \`make devdb\` first`);
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mc-devdb-'));
  const args = ['-data', dataDir, '-port', String(opts.port ?? 0)];
  if (opts.fresh ?? !opts.dataDir) args.push('-fresh');
  const child = spawn(DEVDB_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devdb did not start in 60 s:\n${stderr}`)), 60_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /devdb ready (mongodb:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`devdb exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return {
    uri,
    dataDir,
    child,
    stop,
    dispose: async () => {
      await stop();
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    stderrTail: () => stderr,
  };
}
