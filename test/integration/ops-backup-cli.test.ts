import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupStamp, backupsToRemove, humanBytes, parseBackupArgs, redactMongoUri } from '../../src/cli/backup-commands.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { envOf, runMc } from './ops-cli.js';

describe('backup options and naming (pure)', () => {
  it('parses the options and refuses bad ones', () => {
    expect(parseBackupArgs([])).toEqual({ out: null, dir: null, gzip: false, keep: 7, verify: false });
    expect(parseBackupArgs(['--out', 'x.gz', '--keep', '3'])).toEqual({ out: 'x.gz', dir: null, gzip: false, keep: 3, verify: false });
    expect(parseBackupArgs(['--dir', 'd', '--gzip', '--verify'])).toEqual({ out: null, dir: 'd', gzip: true, keep: 7, verify: true });
    expect(() => parseBackupArgs(['--out'])).toThrow('--out needs a value');
    expect(() => parseBackupArgs(['--out', '--gzip'])).toThrow('--out needs a value');
    expect(() => parseBackupArgs(['--keep', '0'])).toThrow('--keep');
    expect(() => parseBackupArgs(['--keep', '2.5'])).toThrow('--keep');
    expect(() => parseBackupArgs(['--out', 'a', '--dir', 'b'])).toThrow('exclude');
    expect(() => parseBackupArgs(['--verbose'])).toThrow('unknown option --verbose');
  });

  it('stamps like `date +%Y%m%d_%H%M%S` in UTC', () => {
    expect(backupStamp(new Date(Date.UTC(2026, 3, 8, 7, 5, 9)))).toBe('20260408_070509');
    expect(backupStamp(new Date(Date.UTC(2026, 11, 31, 23, 59, 59)))).toBe('20261231_235959');
  });

  it('keeps the N newest backups of the same kind, with their audit fallback copies', () => {
    const entries = [
      'message-center-20260101_000000.archive.gz',
      'message-center-20260101_000000.archive.gz.audit-fallback.jsonl',
      'message-center-20260102_000000.archive.gz',
      'message-center-20260102_000000.archive.gz.verified.json',
      'message-center-20260103_000000.archive.gz',
      'message-center-20260104_000000.archive.gz',
      'message-center-20260101_000000',
      'message-center-20260101_000000.archive',
      'notes.txt',
      'other-20260101_000000.archive.gz',
    ];
    expect(backupsToRemove(entries, 'message-center-20260104_000000.archive.gz', 2)).toEqual([
      'message-center-20260101_000000.archive.gz',
      'message-center-20260101_000000.archive.gz.audit-fallback.jsonl',
      'message-center-20260102_000000.archive.gz',
      'message-center-20260102_000000.archive.gz.verified.json',
    ]);
    expect(backupsToRemove(entries, 'message-center-20260104_000000.archive.gz', 7)).toEqual([]);
    expect(backupsToRemove([...entries, 'message-center-20260105_000000'], 'message-center-20260105_000000', 1)).toEqual(['message-center-20260101_000000']);
    // A backup named by the operator is not ours to rotate.
    expect(backupsToRemove(entries, 'before-upgrade.gz', 1)).toEqual([]);
  });

  it('formats sizes and hides credentials', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1536)).toBe('1.5 KiB');
    expect(humanBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(redactMongoUri('mongodb://mc:s3cret@db1:27017,db2:27017/?replicaSet=rs0')).toBe('mongodb://***@db1:27017,db2:27017/?replicaSet=rs0');
    expect(redactMongoUri('mongodb://127.0.0.1:27018/')).toBe('mongodb://127.0.0.1:27018/');
  });
});

describe('mc backup with the default name and --keep', () => {
  let tdb: TestDatabase;
  let cwd: string;
  beforeAll(async () => {
    tdb = await testDatabase('opsretention');
    await tdb.db.collection('things').insertOne({ a: 1 });
    cwd = await mkdtemp(join(tmpdir(), 'mc-ops-retention-'));
  });
  afterAll(async () => {
    await tdb?.drop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('writes backups/message-center-YYYYMMDD_HHMMSS.archive.gz and removes the older ones beyond --keep', async () => {
    const folder = join(cwd, 'backups');
    await mkdir(folder);
    const old = ['20200101_000000', '20200102_000000', '20200103_000000', '20200104_000000'].map((s) => `message-center-${s}.archive.gz`);
    for (const name of old) await writeFile(join(folder, name), 'old');
    await writeFile(join(folder, `${old[0]}.audit-fallback.jsonl`), '{}\n');
    await writeFile(join(folder, 'keep-me.txt'), 'not a backup');
    const env = envOf(testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name, AUDIT_FALLBACK_FILE: join(cwd, 'none.jsonl') }));
    const r = await runMc(['backup', '--keep', '3'], env, { cwd });
    expect(r.code, r.stderr).toBe(0);
    const written = /^backup written: (.*) \(/m.exec(r.stdout)?.[1];
    expect(written).toMatch(/backups\/message-center-\d{8}_\d{6}\.archive\.gz$/);
    expect((await stat(written!)).mode & 0o777).toBe(0o600); // password and token hashes are in it
    expect((await readdir(folder)).sort()).toEqual([old[2], old[3], written!.split('/').at(-1), 'keep-me.txt'].sort());
    expect(r.stderr).toContain(`retention: removed ${old[0]}.audit-fallback.jsonl`);
  });

  it('hands the dump to mongodump when it is on the PATH, with the seed document\'s options', async () => {
    // The real tools cannot be installed here (operations.md §4): a stand-in records its arguments.
    const bin = join(cwd, 'bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'mongodump'),
      [
        '#!/bin/sh',
        'here=$(dirname "$0")',
        'printf "%s\\n" "$@" > "$here/args"',
        'for a in "$@"; do case "$a" in',
        '  --config=*) stat -c %a "${a#--config=}" > "$here/config-mode"; cat "${a#--config=}" > "$here/config";;',
        '  --archive=*) printf dump > "${a#--archive=}";;',
        'esac; done',
        '',
      ].join('\n'),
    );
    await chmod(join(bin, 'mongodump'), 0o755);
    const out = join(cwd, 'tool.archive.gz');
    // A password in the URI (with a quote, for the YAML quoting): it must never reach the command line.
    const uri = "mongodb://mc:s3cr'et@127.0.0.1:1/?authSource=admin";
    const config = testConfig({ MONGODB_URI: uri, MONGODB_DB: tdb.name, AUDIT_FALLBACK_FILE: join(cwd, 'none.jsonl') });
    const r = await runMc(['backup', '--out', out], { ...envOf(config), PATH: `${bin}:${process.env.PATH ?? ''}` }, { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`using ${join(bin, 'mongodump')}`);
    const args = (await readFile(join(bin, 'args'), 'utf8')).trim().split('\n');
    expect(args).toEqual([expect.stringMatching(/^--config=.*config\.yaml$/), `--db=${tdb.name}`, `--archive=${out}`, '--gzip']);
    expect(args.join(' ')).not.toContain('s3cr');
    expect((await readFile(join(bin, 'config-mode'), 'utf8')).trim()).toBe('600');
    expect(await readFile(join(bin, 'config'), 'utf8')).toBe("uri: 'mongodb://mc:s3cr''et@127.0.0.1:1/?authSource=admin'\n");
    await expect(stat(args[0]!.slice('--config='.length))).rejects.toThrow(); // deleted afterwards
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain(`backup written: ${out} (4 B)`);
  });

  it('answers a usage error with exit 2', async () => {
    const r = await runMc(['backup', '--keep', 'many'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--keep needs a whole number');
  });
});
