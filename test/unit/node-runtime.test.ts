// Node.js 24 LTS everywhere: the image, `engines`, and what `make run` / `make test` run on (the
// machine's own Node when it is 24+, else the npm registry's `node` package in .build/node24).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function make(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MONGODB_URI' && !k.startsWith('MAKE')));
    execFile('make', ['--no-print-directory', '-n', ...args], { cwd: root, env: { ...clean, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe('Node.js 24 LTS', () => {
  const pinned = /^want=(\d+)\.(\d+)\.(\d+)$/m.exec(read('scripts/ensure-node.sh'));

  it('is pinned for make, required by engines, used by the image and typed by @types/node', () => {
    expect(pinned?.[1]).toBe('24');
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
    const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node) ?? [];
    expect(Number(major)).toBe(24);
    expect(Number(pinned![2])).toBeGreaterThanOrEqual(Number(minor));
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./);
    for (const from of read('deploy/Dockerfile').match(/^FROM node:\S+/gm) ?? []) expect(from).toMatch(/^FROM node:24-/);
  });

  it('comes first on the PATH of every make target, and run/test/bench make sure it is there', async () => {
    expect(read('Makefile')).toMatch(/^export PATH := \$\(CURDIR\)\/\.build\/node24\/node_modules\/\.bin:/m);
    for (const target of ['run', 'test', 'bench']) expect((await make([target])).split('\n')[0], target).toBe('bash scripts/ensure-node.sh');
  });

  it('make run starts the compiled server, CLI and simulator (no TypeScript loader)', () => {
    const script = read('scripts/run-dev.sh');
    expect(script).not.toMatch(/tsx/);
    for (const entry of ['dist/sim/main.js', 'dist/src/cli/main.js', 'dist/src/server/main.js']) expect(script).toContain(`node ${entry}`);
  });

  it('make run with MONGODB_URI set builds no dev database (no Go, no PostgreSQL)', async () => {
    expect(await make(['run'])).toContain('tools/devdb/build.sh');
    const external = await make(['run'], { MONGODB_URI: 'mongodb://db.example:27017/' });
    expect(external).not.toContain('devdb');
    expect(external).toContain('scripts/run-dev.sh');
  });
});
