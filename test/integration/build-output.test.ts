// `npm run build` compiles the server, the CLI and the simulator to JavaScript, and that output
// runs on plain Node (no TypeScript loader): the image and bin/mc.js depend on it.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envOf } from './ops-cli.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { killServer, repoRoot, spawnServer, type ServerProcess } from '../support/server-process.js';

// A private output folder: the real dist/ may be in use by `make run` or the e2e suite.
const outDir = join(repoRoot, '.build/build-check/dist');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: repoRoot, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr }),
    );
  });
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}

/** The `dist/…` paths the Dockerfile's CMD lines run, mapped into our output folder. */
function dockerEntryPoints(): string[] {
  const dockerfile = readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8');
  const cmds = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].flatMap((m) => JSON.parse(m[1]!) as string[]);
  return cmds.filter((arg) => /^dist\/.*\.js$/.test(arg)).map((arg) => join(outDir, arg.slice('dist/'.length)));
}

let tdb: TestDatabase;
let server: ServerProcess | undefined;
beforeAll(async () => {
  tdb = await testDatabase('buildout');
  rmSync(outDir, { recursive: true, force: true });
  // The TypeScript half of `npm run build`, into the private folder (vite's half is `make web`).
  expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json && vite build\b/);
  const r = await run(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir]);
  expect(r.code, r.out).toBe(0);
}, 300_000);
afterAll(async () => {
  await killServer(server);
  await tdb?.drop();
  rmSync(join(repoRoot, '.build/build-check'), { recursive: true, force: true });
});

describe('the compiled output', () => {
  it('has every entry point the Dockerfile and bin/mc.js run', () => {
    const entries = dockerEntryPoints();
    expect(entries.map((e) => relative(outDir, e)).sort()).toEqual(['sim/main.js', 'src/server/main.js']);
    for (const entry of entries) expect(existsSync(entry), entry).toBe(true);
    const bin = readFileSync(join(repoRoot, 'bin/mc.js'), 'utf8');
    expect(bin).toContain("'../dist/src/cli/main.js'");
    expect(bin).not.toMatch(/tsx/);
    expect(existsSync(join(outDir, 'src/cli/main.js'))).toBe(true);
  });

  it('imports no TypeScript loader and no .ts file', () => {
    const files = jsFiles(outDir);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]tsx|import\(['"]tsx|from ['"][^'"]+\.tsx?['"]/);
    }
  });

  it('imports only production dependencies (the image installs `npm ci --omit=dev`)', () => {
    const deps = new Set(Object.keys((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies));
    const used = new Set<string>();
    for (const file of jsFiles(outDir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)['"]([^'"./][^'"]*)['"]/gm)) {
        const specifier = m[1]!;
        if (specifier.startsWith('node:')) continue;
        used.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(deps, name).toContain(name);
  });

  it('the server starts on plain Node and answers /healthz and /readyz', async () => {
    const env = envOf(testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name, AUTO_MIGRATE: 'true' }));
    server = await spawnServer([join(outDir, 'src/server/main.js')], env);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    let ready = 0;
    for (let i = 0; i < 200 && ready !== 200; i++) {
      ready = (await fetch(`${server.url}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready).toBe(200);
  });

  it('the CLI runs on plain Node', async () => {
    const r = await run(process.execPath, [join(outDir, 'src/cli/main.js'), '--version'], { PATH: process.env.PATH ?? '' });
    expect(r.code, r.out).toBe(0);
    expect(r.out.trim()).toBe(`mc ${pkg.version}`);
  });
});
