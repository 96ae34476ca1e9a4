// The layers of src/ (docs/architecture.md): every import of every file is read and checked.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

/** src/server folders below the features: they serve every feature and import none. */
const INFRASTRUCTURE_DIRS = ['http', 'db', 'config', 'metrics', 'core', 'mail'];
/** Top-level src/server files that belong to the infrastructure. */
const INFRASTRUCTURE_FILES = ['app-context.ts', 'app.ts'];
/** Top-level src/server files that wire features into the infrastructure (the composition root). */
const COMPOSITION_FILES = ['main.ts', 'start-server.ts', 'routes.ts', 'request-guards.ts'];

/** The one package src/domain uses: zod/mini, for the shapes of the error catalogue's details (pure, no I/O). */
const DOMAIN_PACKAGES = ['zod/mini'];

type Layer = 'domain' | 'contract' | 'web' | 'backup' | 'infrastructure' | 'composition' | 'feature' | 'other';

/** The layer of a file given by its path relative to src/ (forward slashes). */
function layerOf(rel: string): Layer {
  const [top, second, third] = rel.split('/');
  if (top === 'domain') return 'domain';
  if (top === 'contract') return 'contract';
  if (top === 'web') return 'web';
  if (top === 'backup') return 'backup';
  if (top !== 'server' || second === undefined) return 'other';
  if (third === undefined) {
    if (INFRASTRUCTURE_FILES.includes(second)) return 'infrastructure';
    if (COMPOSITION_FILES.includes(second)) return 'composition';
    throw new Error(`src/server/${second}: say in import-boundaries.test.ts which layer it belongs to`);
  }
  return INFRASTRUCTURE_DIRS.includes(second) ? 'infrastructure' : 'feature';
}

/** Why `from` (relative to src/) may not import `specifier`, or null when it may. */
function violation(from: string, specifier: string): string | null {
  const layer = layerOf(from);
  const relative = specifier.startsWith('.');
  const target = relative ? path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '.ts') : null;
  if (target?.startsWith('../')) return null; // outside src/ (none today)
  const targetLayer = target === null ? null : layerOf(target.endsWith('.ts') || target.endsWith('.tsx') ? target : `${target}/index.ts`);
  switch (layer) {
    case 'domain':
      if (!relative) return DOMAIN_PACKAGES.includes(specifier) ? null : `domain imports the package "${specifier}" (domain is pure: no I/O, no packages)`;
      return targetLayer === 'domain' ? null : `domain imports ${target}`;
    case 'contract':
      return targetLayer === 'domain' || targetLayer === 'contract' || targetLayer === null ? null : `the contract imports ${target}`;
    case 'web':
      return targetLayer === 'domain' || targetLayer === 'contract' || targetLayer === 'web' || targetLayer === null ? null : `the console imports ${target}`;
    case 'backup':
      return targetLayer === null || targetLayer === 'backup' ? null : `backup (the CLI's, standalone) imports ${target}`;
    case 'infrastructure':
      return targetLayer === 'feature' || targetLayer === 'composition' ? `infrastructure imports ${targetLayer} ${target}` : null;
    default:
      return null;
  }
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, type-only and dynamic imports included. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

describe('import boundaries', () => {
  const files = sourceFiles(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));

  it('reads the imports of every file of src/', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(importsOf(path.join(SRC, 'server/http/route.ts'))).toContain('./guards.js');
  });

  it('no file crosses a layer boundary', () => {
    const problems = files.flatMap((file) => importsOf(path.join(SRC, file)).flatMap((spec) => {
      const why = violation(file, spec);
      return why ? [`${file}: ${why}`] : [];
    }));
    expect(problems).toEqual([]);
  });

  it('flags each kind of crossing', () => {
    expect(violation('domain/permissions.ts', '../server/http/errors.js')).toMatch(/domain imports/);
    expect(violation('domain/permissions.ts', 'mongodb')).toMatch(/package/);
    expect(violation('domain/permissions.ts', './roles.js')).toBeNull();
    expect(violation('web/app.tsx', '../server/http/route.js')).toMatch(/console imports/);
    expect(violation('web/app.tsx', '../domain/roles.js')).toBeNull();
    expect(violation('web/app.tsx', 'react')).toBeNull();
    expect(violation('web/app.tsx', '../contract/users.js')).toBeNull();
    expect(violation('contract/users.ts', '../domain/roles.js')).toBeNull();
    expect(violation('contract/users.ts', '../server/users/user-store.js')).toMatch(/contract imports/);
    expect(violation('domain/error-catalogue.ts', 'zod/mini')).toBeNull();
    expect(violation('domain/error-catalogue.ts', 'zod')).toMatch(/package/);
    expect(violation('server/http/route.ts', '../auth/session.js')).toMatch(/infrastructure imports feature/);
    expect(violation('server/app-context.ts', './audit/audit-log.js')).toMatch(/infrastructure imports feature/);
    expect(violation('server/http/route.ts', '../routes.js')).toMatch(/infrastructure imports composition/);
    expect(violation('server/http/route.ts', '../db/tenant.js')).toBeNull();
    expect(violation('server/campaigns/campaign-store.ts', '../http/errors.js')).toBeNull();
    expect(violation('server/start-server.ts', './auth/session-token.js')).toBeNull();
    expect(violation('backup/index.ts', '../server/db/connection.js')).toMatch(/backup/);
    expect(violation('backup/index.ts', './crc64.js')).toBeNull();
    expect(violation('cli/backup-commands.ts', '../backup/index.js')).toBeNull();
  });
});
