// Builds the web UI with Vite when dist/web is older than its sources, so e2e files test the current code.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const webDistDir = join(repoRoot, 'dist/web');
const sources = [join(repoRoot, 'src/web'), join(repoRoot, 'src/domain'), join(repoRoot, 'vite.config.ts')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

export async function ensureWebBuild(): Promise<void> {
  const index = join(webDistDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: repoRoot, timeout: 180_000 });
}
