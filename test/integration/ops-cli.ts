// Runs `mc` as the operator would: a child process with the environment as its only input.
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Config } from '../../src/server/config/config.js';
import { envSchema } from '../../src/server/config/env-schema.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainTs = join(repoRoot, 'src/cli/main.ts');
// By path, so that `mc` also runs from another working directory (retention test).
const tsxLoader = pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment variables that reproduce `config` (every setting of env-schema.ts that is set). */
export function envOf(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[]) {
    const value = config[key];
    if (value !== undefined) env[key] = String(value);
  }
  return env;
}

/** `mc ARGS` with exactly `env` (plus PATH/HOME), its stdin closed, within `timeoutMs`. */
export function runMc(args: string[], env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, mainTs, ...args],
      {
        cwd: options.cwd ?? repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
