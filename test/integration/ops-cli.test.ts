// `mc` as an operator meets it: each command asks only for the settings it uses, `--version`,
// `help COMMAND`, `--flag=value`, progress on a terminal and silence in scripts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/migrations/migrate.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { repoRoot } from '../support/server-process.js';
import { runMc } from './ops-cli.js';

let tdb: TestDatabase;
let dir: string;
/** Nothing but where the database is: what `backup`, `restore`, `migrate`, `doctor` need. */
let dbOnly: Record<string, string>;
beforeAll(async () => {
  tdb = await testDatabase('opscli');
  await migrate(tdb.db, { auditRetentionDays: 90 });
  await tdb.db.collection('things').insertMany(Array.from({ length: 3000 }, (_, i) => ({ i })));
  dir = await mkdtemp(join(tmpdir(), 'mc-ops-cli-'));
  dbOnly = { NODE_ENV: 'production', MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name, AUDIT_FALLBACK_FILE: join(dir, 'fallback.jsonl') };
});
afterAll(async () => {
  await tdb?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('each command asks only for the settings it uses', () => {
  it('backup, migrate and restore run with the database settings alone (no Core, Proxy or session secrets)', async () => {
    const out = join(dir, 'db-only.archive.gz');
    const backup = await runMc(['backup', '--out', out], dbOnly);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).not.toMatch(/^config:/m);
    expect((await stat(out)).size).toBeGreaterThan(100);
    const migrated = await runMc(['migrate'], dbOnly);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/up to date/);
    const restored = await runMc(['restore', out, '--yes'], dbOnly);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await tdb.db.collection('things').countDocuments()).toBe(3000);
  });

  it('audit drain asks for the audit key (NEXTAUTH_SECRET) and nothing else', async () => {
    const refused = await runMc(['audit', 'drain'], dbOnly);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe('config: NEXTAUTH_SECRET is required');
    const r = await runMc(['audit', 'drain'], { ...dbOnly, NEXTAUTH_SECRET: 'a-secret-that-is-long-enough-for-the-key-0123' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing to drain');
  });

  it('doctor runs the database lines and says the Core lines were not checked when the Core settings are missing', async () => {
    const r = await runMc(['doctor'], dbOnly);
    expect(r.stderr).not.toMatch(/^config:/m);
    expect(r.stdout).toMatch(/^OK +schema version/m);
    expect(r.stdout).toMatch(/^FAIL +super admin/m); // none seeded in this database
    expect(r.stdout).toMatch(/^SKIP +Core, mTLS +not checked: .*CORE_ADMIN_API_KEY is required/m);
    expect(r.code).toBe(1);
  });

  it('production without MONGODB_URI is refused with one clear line', async () => {
    const r = await runMc(['backup', '--out', join(dir, 'never.gz')], { NODE_ENV: 'production' }, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('config: MONGODB_URI is required in production');
  });

  it('in a checkout where `make run` wrote .env, no variable is needed: .env counts as development', async () => {
    const checkout = await mkdtemp(join(dir, 'checkout-'));
    // What `make run` leaves, plus where this test's database is (make run's default is the dev database).
    await writeFile(join(checkout, '.env'), `NEXTAUTH_SECRET=x\nMONGODB_URI=${tdb.uri}\nMONGODB_DB=${tdb.name}\nAUDIT_FALLBACK_FILE=${join(dir, 'fallback.jsonl')}\n`);
    const r = await runMc(['backup'], {}, { cwd: checkout });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^backup written: .*backups\/message-center-\d{8}_\d{6}\.archive\.gz/m);
    // Secrets are generated into .env only when NODE_ENV says development (make run), never into
    // someone else's .env because it happens to lie there.
    const before = await readFile(join(checkout, '.env'), 'utf8');
    const seeded = await runMc(['seed'], {}, { cwd: checkout });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/generated password \(shown once\)/);
    expect(await readFile(join(checkout, '.env'), 'utf8')).toBe(before);
  });
});

describe('the conventions of a command-line tool', () => {
  it('mc --version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = await runMc(['--version'], {});
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`mc ${pkg.version}`);
  });

  it('mc help COMMAND (and COMMAND --help) explain one command with the settings it reads; an unknown one exits 2', async () => {
    const r = await runMc(['help', 'backup'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: mc backup /);
    expect(r.stdout).toContain('MONGODB_URI');
    expect(r.stdout).not.toContain('CORE_ADMIN_API_KEY');
    expect((await runMc(['backup', '--help'], {})).stdout).toBe(r.stdout);
    const unknown = await runMc(['help', 'frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no command "frobnicate"');
  });

  it('--flag=value works like --flag value', async () => {
    const out = join(dir, 'equals.archive.gz');
    const r = await runMc(['backup', `--out=${out}`, '--keep=2'], dbOnly);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`backup written: ${out}`);
  });
});

/** Runs `mc ARGS` under a pseudo-terminal (util-linux `script`), as an operator at a terminal would. */
function runMcOnTerminal(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args].map(quote).join(' ');
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout }),
    );
  });
}

describe('progress', () => {
  it('is drawn on a terminal', async (ctx) => {
    const probe = await new Promise<boolean>((resolve) => execFile('script', ['--version'], (error) => resolve(!error)));
    if (!probe) ctx.skip('util-linux `script` is not installed: no pseudo-terminal to run mc on');
    const r = await runMcOnTerminal(['backup', '--out', join(dir, 'tty.archive.gz')], dbOnly);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('\r\x1b[K');
    expect(r.out).toMatch(/dumped things: 3000 documents/);
  });

  it('is silent in scripts: only the result line', async () => {
    const r = await runMc(['backup', '--out', join(dir, 'quiet.archive.gz')], dbOnly);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/dumped|\r/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });
});
